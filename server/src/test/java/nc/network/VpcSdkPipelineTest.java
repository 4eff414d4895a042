package nc.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nc.network.VpcSdkModel.AddNetworkSecurityGroupRulesRequest;
import nc.network.VpcSdkModel.AddNetworkSecurityGroupRulesResponse;
import nc.network.VpcSdkModel.AddSecurityGroupRules;
import nc.network.VpcSdkModel.ChargeSpec;
import nc.network.VpcSdkModel.CreateElasticIpsRequest;
import nc.network.VpcSdkModel.CreateElasticIpsResponse;
import nc.network.VpcSdkModel.CreateNetworkSecurityGroupRequest;
import nc.network.VpcSdkModel.CreateNetworkSecurityGroupResponse;
import nc.network.VpcSdkModel.CreateSubnetRequest;
import nc.network.VpcSdkModel.CreateSubnetResponse;
import nc.network.VpcSdkModel.CreateVpcRequest;
import nc.network.VpcSdkModel.CreateVpcResponse;
import nc.network.VpcSdkModel.DescribeElasticIpResponse;
import nc.network.VpcSdkModel.DescribeNetworkSecurityGroupResponse;
import nc.network.VpcSdkModel.DescribeSubnetResponse;
import nc.network.VpcSdkModel.DescribeVpcsRequest;
import nc.network.VpcSdkModel.DescribeVpcsResponse;
import nc.network.VpcSdkModel.ElasticIpIdRequest;
import nc.network.VpcSdkModel.ElasticIpSpec;
import nc.network.VpcSdkModel.EmptyResponse;
import nc.network.VpcSdkModel.Filter;
import nc.network.VpcSdkModel.GroupIdRequest;
import nc.network.VpcSdkModel.SubnetIdRequest;
import nc.network.VpcSdkModel.VpcIdRequest;
import nc.testing.TestServer;
import nc.testing.VendorSdkClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/api/vpc-disk.md §7.2 and §7.4 through JD Cloud's own Java SDK runtime: what a user's VpcClient code does. */
class VpcSdkPipelineTest {
    static TestServer server;
    static VendorSdkClient sdk;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        sdk = new VendorSdkClient("vpc", "127.0.0.1:" + server.server().port(), server.defaultKey().accessKey(), server.defaultKey().secretKey());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSdkBuildsANetworkAndReadsItBack() {
        CreateVpcRequest vpc = new CreateVpcRequest();
        vpc.vpcName = "prod";
        vpc.addressPrefix = "10.0.0.0/16";
        CreateVpcResponse createdVpc = sdk.call("POST", "/regions/{regionId}/vpcs/", CreateVpcResponse.class, vpc);
        assertThat(createdVpc.getError()).isNull();
        String vpcId = createdVpc.getResult().vpcId;

        CreateSubnetRequest subnet = new CreateSubnetRequest();
        subnet.vpcId = vpcId;
        subnet.subnetName = "web";
        subnet.addressPrefix = "10.0.16.0/20";
        String subnetId = sdk.call("POST", "/regions/{regionId}/subnets/", CreateSubnetResponse.class, subnet).getResult().subnetId;

        CreateNetworkSecurityGroupRequest group = new CreateNetworkSecurityGroupRequest();
        group.vpcId = vpcId;
        group.networkSecurityGroupName = "web-sg";
        String groupId = sdk.call("POST", "/regions/{regionId}/networkSecurityGroups/", CreateNetworkSecurityGroupResponse.class, group)
                .getResult().networkSecurityGroupId;

        AddSecurityGroupRules http = new AddSecurityGroupRules();
        http.protocol = 6;
        http.direction = 0;
        http.addressPrefix = "0.0.0.0/0";
        http.fromPort = 80;
        http.toPort = 80;
        http.description = "http";
        AddSecurityGroupRules out = new AddSecurityGroupRules();
        out.protocol = 300;
        out.direction = 1;
        out.addressPrefix = "0.0.0.0/0";
        AddNetworkSecurityGroupRulesRequest add = new AddNetworkSecurityGroupRulesRequest();
        add.networkSecurityGroupId = groupId;
        add.networkSecurityGroupRuleSpecs = List.of(http, out);
        AddNetworkSecurityGroupRulesResponse added = sdk.call("POST",
                "/regions/{regionId}/networkSecurityGroups/{networkSecurityGroupId}:addNetworkSecurityGroupRules",
                AddNetworkSecurityGroupRulesResponse.class, add);
        assertThat(added.getError()).isNull();
        assertThat(added.getResult().securityGroupRules).hasSize(2);
        assertThat(added.getResult().securityGroupRules.get(0).fromPort.intValue()).isEqualTo(80);

        DescribeVpcsRequest list = new DescribeVpcsRequest();
        list.pageNumber = 1;
        list.pageSize = 10;
        list.filters = List.of(new Filter("vpcIds", List.of(vpcId)));
        DescribeVpcsResponse listed = sdk.call("GET", "/regions/{regionId}/vpcs/", DescribeVpcsResponse.class, list);
        assertThat(listed.getError()).isNull();
        assertThat(listed.getResult().totalCount).isEqualTo(1);
        assertThat(listed.getResult().vpcs.get(0).subnets.get(0).subnetId).isEqualTo(subnetId);
        assertThat(listed.getResult().vpcs.get(0).enableMulticast).isFalse();

        SubnetIdRequest describeSubnet = new SubnetIdRequest();
        describeSubnet.subnetId = subnetId;
        DescribeSubnetResponse described = sdk.call("GET", "/regions/{regionId}/subnets/{subnetId}", DescribeSubnetResponse.class,
                describeSubnet);
        assertThat(described.getResult().subnet.availableIpCount).isEqualTo(4092);
        assertThat(described.getResult().subnet.endIp).isEqualTo("10.0.31.255");

        GroupIdRequest describeGroup = new GroupIdRequest();
        describeGroup.networkSecurityGroupId = groupId;
        DescribeNetworkSecurityGroupResponse g = sdk.call("GET", "/regions/{regionId}/networkSecurityGroups/{networkSecurityGroupId}",
                DescribeNetworkSecurityGroupResponse.class, describeGroup);
        assertThat(g.getResult().networkSecurityGroup.securityGroupRules).hasSize(2);
        assertThat(g.getResult().networkSecurityGroup.networkInterfaceIds).isEmpty();

        VpcIdRequest deleteVpc = new VpcIdRequest();
        deleteVpc.vpcId = vpcId;
        EmptyResponse refused = sdk.call("DELETE", "/regions/{regionId}/vpcs/{vpcId}", EmptyResponse.class, deleteVpc);
        assertThat(refused.getError().getCode()).isEqualTo(400);
        assertThat(refused.getError().getStatus()).isEqualTo("FAILED_PRECONDITION");
    }

    @Test
    void theSdkReadsTheRequestIdInsideCreateElasticIpsResult() {
        CreateElasticIpsRequest request = new CreateElasticIpsRequest();
        request.maxCount = 1;
        request.elasticIpSpec = new ElasticIpSpec();
        request.elasticIpSpec.bandwidthMbps = 5;
        request.elasticIpSpec.provider = "bgp";
        request.elasticIpSpec.chargeSpec = new ChargeSpec();
        request.elasticIpSpec.chargeSpec.chargeMode = "postpaid_by_usage";
        CreateElasticIpsResponse created = sdk.call("POST", "/regions/{regionId}/elasticIps/", CreateElasticIpsResponse.class, request);
        assertThat(created.getError()).isNull();
        assertThat(created.getResult().requestId).isEqualTo(created.getRequestId());
        assertThat(created.getResult().elasticIpIds).hasSize(1);

        ElasticIpIdRequest describe = new ElasticIpIdRequest();
        describe.elasticIpId = created.getResult().elasticIpIds.get(0);
        DescribeElasticIpResponse described = sdk.call("GET", "/regions/{regionId}/elasticIps/{elasticIpId}",
                DescribeElasticIpResponse.class, describe);
        assertThat(described.getResult().elasticIp.status).isEqualTo("NOT_ASSOCIATED");
        assertThat(described.getResult().elasticIp.bandwidthMbps.intValue()).isEqualTo(5);
        assertThat(described.getResult().elasticIp.charge.chargeMode).isEqualTo("postpaid_by_usage");
    }
}
