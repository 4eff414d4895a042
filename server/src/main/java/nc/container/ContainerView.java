package nc.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nc.billing.Charge;
import nc.common.Times;
import nc.disk.AttachedDisk;

/** The Container output type of docs/api/nc.md §4.2, member for member. */
final class ContainerView {
    private ContainerView() {
    }

    static Map<String, Object> of(Container c, ContainerDetails details) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("containerId", c.containerId());
        out.put("status", c.status().wire());
        out.put("instanceType", c.instanceType());
        out.put("az", c.az());
        out.put("name", c.name());
        out.put("hostAliases", c.process().hostAliases());
        out.put("hostname", c.hostname());
        out.put("command", c.process().command());
        out.put("args", c.process().args());
        out.put("envs", c.process().envs());
        out.put("image", c.image());
        out.put("secret", c.secret());
        out.put("tty", c.tty());
        out.put("workingDir", c.workingDir());
        List<Map<String, Object>> data = new ArrayList<>();
        for (AttachedDisk d : details.disks().getOrDefault(c.containerId(), List.of())) {
            if (d.attachment().isRoot()) {
                out.put("rootVolume", volume(d));
            } else {
                data.add(volume(d));
            }
        }
        out.put("dataVolumes", data);
        out.put("vpcId", c.vpcId());
        out.put("subnetId", c.subnetId());
        out.put("privateIpAddress", c.privateIp());
        out.put("elasticIpId", c.elasticIpId());
        out.put("elasticIpAddress", c.elasticIpAddress());
        out.put("primaryNetworkInterface", nic(c, details));
        out.put("secondaryNetworkInterfaces", List.of());
        out.put("logConfiguration", c.process().logConfiguration());
        out.put("charge", charge(c.charge()));
        out.put("launchTime", Times.format(c.launchTime()));
        out.put("reason", c.reason());
        out.put("description", c.description());
        out.put("tags", details.tags().getOrDefault(c.containerId(), List.of()));
        out.values().removeIf(v -> v == null);
        return out;
    }

    private static Map<String, Object> volume(AttachedDisk d) {
        Map<String, Object> disk = new LinkedHashMap<>();
        disk.put("diskId", d.disk().diskId());
        disk.put("az", d.disk().az());
        disk.put("name", d.disk().name());
        disk.put("description", d.disk().description());
        disk.put("diskType", d.disk().diskType());
        disk.put("diskSize", d.disk().sizeGb());
        disk.put("status", d.disk().status());
        disk.put("createTime", Times.format(d.disk().createdAt()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("category", "cloud");
        out.put("autoDelete", d.effectiveAutoDelete());
        out.put("mountPath", d.attachment().mountPath());
        out.put("readOnly", d.attachment().readOnly());
        out.put("cloudDisk", disk);
        out.put("fsType", d.attachment().fsType());
        return out;
    }

    private static Map<String, Object> nic(Container c, ContainerDetails details) {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (String id : details.groupIds().getOrDefault(c.containerId(), List.of())) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("groupId", id);
            g.put("groupName", details.groupNames().get(id));
            groups.add(g);
        }
        Map<String, Object> primaryIp = new LinkedHashMap<>();
        primaryIp.put("privateIpAddress", c.privateIp());
        if (c.elasticIpId() != null) {
            primaryIp.put("elasticIpId", c.elasticIpId());
            primaryIp.put("elasticIpAddress", c.elasticIpAddress());
        }
        Map<String, Object> nic = new LinkedHashMap<>();
        nic.put("networkInterfaceId", c.nicId());
        nic.put("macAddress", c.macAddress());
        nic.put("vpcId", c.vpcId());
        nic.put("subnetId", c.subnetId());
        nic.put("description", c.nicDescription());
        nic.put("securityGroups", groups);
        nic.put("sanityCheck", c.sanityCheck());
        nic.put("primaryIp", primaryIp);
        nic.put("secondaryIps", List.of());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("autoDelete", true);
        out.put("deviceIndex", 1);
        out.put("attachStatus", "attached");
        out.put("attachTime", Times.format(c.attachTime()));
        out.put("networkInterface", nic);
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
