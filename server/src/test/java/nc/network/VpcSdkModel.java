package nc.network;

import com.jdcloud.sdk.service.JdcloudRequest;
import com.jdcloud.sdk.service.JdcloudResponse;
import com.jdcloud.sdk.service.JdcloudResult;
import java.util.List;

/** Request and result shapes of the vpc SDK that the pipeline test uses (member names and Number types as the vendor's). */
public final class VpcSdkModel {
    private VpcSdkModel() {
    }

    public static class Regional extends JdcloudRequest {
        public String regionId = "cn-north-1";

        @Override
        public String getRegionId() {
            return regionId;
        }
    }

    public static class Filter {
        public String name;
        public List<String> values;

        Filter(String name, List<String> values) {
            this.name = name;
            this.values = values;
        }
    }

    public static class Subnet {
        public String subnetId;
        public String subnetName;
        public String vpcId;
        public String addressPrefix;
        public Integer availableIpCount;
        public Integer ipMaskLen;
        public String routeTableId;
        public String startIp;
        public String endIp;
        public String createdTime;
        public String subnetType;
        public List<String> domainNames;
    }

    public static class Vpc {
        public String vpcId;
        public String vpcName;
        public String addressPrefix;
        public List<String> aclIds;
        public List<String> routeTableIds;
        public List<Subnet> subnets;
        public String azType;
        public Boolean enableMulticast;
    }

    public static class SecurityGroupRule {
        public String ruleId;
        public Number direction;
        public Number protocol;
        public String addressPrefix;
        public Number ipVersion;
        public Number fromPort;
        public Number toPort;
        public String ruleAction;
        public Integer priority;
    }

    public static class NetworkSecurityGroup {
        public String networkSecurityGroupId;
        public List<SecurityGroupRule> securityGroupRules;
        public List<String> networkInterfaceIds;
    }

    public static class AddSecurityGroupRules {
        public Number protocol;
        public Number direction;
        public String addressPrefix;
        public Number fromPort;
        public Number toPort;
        public String description;
    }

    public static class ChargeSpec {
        public String chargeMode;
    }

    public static class ElasticIpSpec {
        public Integer bandwidthMbps;
        public String provider;
        public ChargeSpec chargeSpec;
    }

    public static class Charge {
        public String chargeMode;
        public String chargeStatus;
    }

    public static class ElasticIp {
        public String elasticIpId;
        public String elasticIpAddress;
        public Number bandwidthMbps;
        public String provider;
        public Charge charge;
        public String status;
    }

    public static class CreateVpcRequest extends Regional {
        public String vpcName;
        public String addressPrefix;
    }

    public static class CreateVpcResult extends JdcloudResult {
        public String vpcId;
    }

    public static class CreateVpcResponse extends JdcloudResponse<CreateVpcResult> {
    }

    public static class DescribeVpcsRequest extends Regional {
        public Integer pageNumber;
        public Integer pageSize;
        public List<Filter> filters;
    }

    public static class DescribeVpcsResult extends JdcloudResult {
        public List<Vpc> vpcs;
        public Integer totalCount;
    }

    public static class DescribeVpcsResponse extends JdcloudResponse<DescribeVpcsResult> {
    }

    public static class VpcIdRequest extends Regional {
        public String vpcId;

        public String getVpcId() {
            return vpcId;
        }
    }

    public static class EmptyResponse extends JdcloudResponse<JdcloudResult> {
    }

    public static class CreateSubnetRequest extends Regional {
        public String vpcId;
        public String subnetName;
        public String addressPrefix;
    }

    public static class CreateSubnetResult extends JdcloudResult {
        public String subnetId;
    }

    public static class CreateSubnetResponse extends JdcloudResponse<CreateSubnetResult> {
    }

    public static class SubnetIdRequest extends Regional {
        public String subnetId;

        public String getSubnetId() {
            return subnetId;
        }
    }

    public static class DescribeSubnetResult extends JdcloudResult {
        public Subnet subnet;
    }

    public static class DescribeSubnetResponse extends JdcloudResponse<DescribeSubnetResult> {
    }

    public static class CreateNetworkSecurityGroupRequest extends Regional {
        public String vpcId;
        public String networkSecurityGroupName;
    }

    public static class CreateNetworkSecurityGroupResult extends JdcloudResult {
        public String networkSecurityGroupId;
    }

    public static class CreateNetworkSecurityGroupResponse extends JdcloudResponse<CreateNetworkSecurityGroupResult> {
    }

    public static class AddNetworkSecurityGroupRulesRequest extends Regional {
        public String networkSecurityGroupId;
        public List<AddSecurityGroupRules> networkSecurityGroupRuleSpecs;

        public String getNetworkSecurityGroupId() {
            return networkSecurityGroupId;
        }
    }

    public static class AddNetworkSecurityGroupRulesResult extends JdcloudResult {
        public List<SecurityGroupRule> securityGroupRules;
    }

    public static class AddNetworkSecurityGroupRulesResponse extends JdcloudResponse<AddNetworkSecurityGroupRulesResult> {
    }

    public static class GroupIdRequest extends Regional {
        public String networkSecurityGroupId;

        public String getNetworkSecurityGroupId() {
            return networkSecurityGroupId;
        }
    }

    public static class DescribeNetworkSecurityGroupResult extends JdcloudResult {
        public NetworkSecurityGroup networkSecurityGroup;
    }

    public static class DescribeNetworkSecurityGroupResponse extends JdcloudResponse<DescribeNetworkSecurityGroupResult> {
    }

    public static class CreateElasticIpsRequest extends Regional {
        public Integer maxCount;
        public ElasticIpSpec elasticIpSpec;
    }

    public static class CreateElasticIpsResult extends JdcloudResult {
        public List<String> elasticIpIds;
        public String requestId;
    }

    public static class CreateElasticIpsResponse extends JdcloudResponse<CreateElasticIpsResult> {
    }

    public static class ElasticIpIdRequest extends Regional {
        public String elasticIpId;

        public String getElasticIpId() {
            return elasticIpId;
        }
    }

    public static class DescribeElasticIpResult extends JdcloudResult {
        public ElasticIp elasticIp;
    }

    public static class DescribeElasticIpResponse extends JdcloudResponse<DescribeElasticIpResult> {
    }
}
