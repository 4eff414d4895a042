package nc.network;

import static nc.testing.EnvelopeAssertions.assertSuccess;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nc.testing.ApiResponse;
import nc.testing.SignedClient;
import nc.testing.TestServer;

/** The vpc API of one tenant, signed by the vendor's signer with service {@code vpc}, paths as the SDKs send them. */
final class VpcApi {
    static final String REGION = "/v1/regions/cn-north-1";
    static final String VPCS = REGION + "/vpcs/";
    static final String SUBNETS = REGION + "/subnets/";
    static final String GROUPS = REGION + "/networkSecurityGroups/";
    static final String EIPS = REGION + "/elasticIps/";
    private final SignedClient client;
    private final String accountId;

    VpcApi(SignedClient client) {
        this(client, null);
    }

    private VpcApi(SignedClient client, String accountId) {
        this.client = client.service("vpc");
        this.accountId = accountId;
    }

    /** The same account signing with service nc. */
    SignedClient nc() {
        return client.service("nc");
    }

    /** A new account through the operator API, with these quotas ({@code "vpc":100}), signing with service vpc. */
    static VpcApi tenant(TestServer server, String quotas) {
        ApiResponse created = server.admin().post("/admin/accounts", "{\"name\":\"vpc-tenant\"}");
        JsonNode account = assertSuccess(created);
        String id = account.path("account").path("accountId").asText();
        assertSuccess(server.admin().patch("/admin/accounts/" + id, "{\"quotas\":{" + quotas + "}}"));
        return new VpcApi(server.client().withKeys(account.path("accessKey").asText(), account.path("secretKey").asText()), id);
    }

    String accountId() {
        return accountId;
    }

    SignedClient client() {
        return client;
    }

    ApiResponse post(String path, String json) {
        return client.post(path, json);
    }

    ApiResponse get(String path) {
        return client.get(path);
    }

    ApiResponse get(String path, Map<String, ?> query) {
        return client.get(path, query);
    }

    ApiResponse delete(String path) {
        return client.delete(path);
    }

    String createVpc(String name, String cidr) {
        String prefix = cidr == null ? "" : ",\"addressPrefix\":\"" + cidr + "\"";
        return assertSuccess(post(VPCS, "{\"vpcName\":\"" + name + "\"" + prefix + ",\"regionId\":\"cn-north-1\",\"cookies\":[]}"))
                .path("vpcId").asText();
    }

    String createSubnet(String vpcId, String name, String cidr) {
        return assertSuccess(post(SUBNETS, "{\"vpcId\":\"" + vpcId + "\",\"subnetName\":\"" + name + "\",\"addressPrefix\":\""
                + cidr + "\",\"regionId\":\"cn-north-1\",\"cookies\":[]}")).path("subnetId").asText();
    }

    String createGroup(String vpcId, String name) {
        return assertSuccess(post(GROUPS, "{\"vpcId\":\"" + vpcId + "\",\"networkSecurityGroupName\":\"" + name
                + "\",\"regionId\":\"cn-north-1\",\"cookies\":[]}")).path("networkSecurityGroupId").asText();
    }

    ApiResponse addRules(String groupId, String specs) {
        return post(GROUPS + groupId + ":addNetworkSecurityGroupRules", "{\"networkSecurityGroupRuleSpecs\":[" + specs + "]}");
    }

    ApiResponse modifyRules(String groupId, String specs) {
        return post(GROUPS + groupId + ":modifyNetworkSecurityGroupRules", "{\"modifySecurityGroupRuleSpecs\":[" + specs + "]}");
    }

    ApiResponse removeRules(String groupId, String... ruleIds) {
        return post(GROUPS + groupId + ":removeNetworkSecurityGroupRules", "{\"ruleIds\":[" + quoted(ruleIds) + "]}");
    }

    ApiResponse createEips(int count, String specMembers) {
        return post(EIPS, "{\"maxCount\":" + count + ",\"elasticIpSpec\":{" + specMembers + "},\"regionId\":\"cn-north-1\"}");
    }

    List<String> createEips(int count) {
        List<String> ids = new ArrayList<>();
        assertSuccess(createEips(count, "\"bandwidthMbps\":5,\"provider\":\"bgp\"")).path("elasticIpIds")
                .forEach(n -> ids.add(n.asText()));
        return ids;
    }

    JsonNode vpc(String id) {
        return assertSuccess(get(VPCS + id)).path("vpc");
    }

    JsonNode subnet(String id) {
        return assertSuccess(get(SUBNETS + id)).path("subnet");
    }

    JsonNode group(String id) {
        return assertSuccess(get(GROUPS + id)).path("networkSecurityGroup");
    }

    JsonNode eip(String id) {
        return assertSuccess(get(EIPS + id)).path("elasticIp");
    }

    static String quoted(String... values) {
        StringBuilder out = new StringBuilder();
        for (String v : values) {
            out.append(out.length() == 0 ? "" : ",").append('"').append(v).append('"');
        }
        return out.toString();
    }

    static List<String> texts(JsonNode array, String member) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(member == null ? n.asText() : n.path(member).asText()));
        return out;
    }

    static List<String> members(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
