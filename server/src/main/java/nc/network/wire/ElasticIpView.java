package nc.network.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import nc.billing.Charge;
import nc.common.Times;
import nc.network.eip.ElasticIp;

/** The ElasticIp output type of docs/api/vpc-disk.md §2.2, member for member. */
final class ElasticIpView {
    private ElasticIpView() {
    }

    static Map<String, Object> of(ElasticIp e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("elasticIpId", e.elasticIpId());
        out.put("elasticIpAddress", e.address());
        out.put("bandwidthMbps", e.bandwidthMbps());
        out.put("provider", e.provider());
        if (e.boundTo() != null) {
            out.put("privateIpAddress", e.boundTo().privateIpAddress());
            out.put("networkInterfaceId", e.boundTo().networkInterfaceId());
            out.put("instanceId", e.boundTo().containerId());
            out.put("instanceType", "container");
        }
        out.put("charge", charge(e.charge()));
        out.put("createdTime", Times.format(e.createdAt()));
        out.put("tags", e.tags().stream().map(t -> {
            Map<String, Object> tag = new LinkedHashMap<>();
            tag.put("key", t.key());
            tag.put("value", t.value());
            return tag;
        }).toList());
        out.put("ipType", "standard");
        out.put("status", e.status());
        return out;
    }

    static Map<String, Object> charge(Charge charge) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chargeMode", charge.chargeMode());
        out.put("chargeStatus", charge.chargeStatus());
        out.put("chargeStartTime", Times.format(charge.chargeStartTime()));
        if (charge.chargeExpiredTime() != null) {
            out.put("chargeExpiredTime", Times.format(charge.chargeExpiredTime()));
        }
        return out;
    }
}
