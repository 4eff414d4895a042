package nc.sdk;

import com.jdcloud.sdk.service.JdcloudRequest;
import com.jdcloud.sdk.service.JdcloudResponse;
import com.jdcloud.sdk.service.JdcloudResult;
import java.util.List;

/** Request and response shapes of the v1 nc SDK that the pipeline test uses (field names as on the wire). */
public final class Model {
    private Model() {
    }

    public static class DockerRegistryData {
        public String server;
        public String username;
        public String password;
        public String email;
    }

    public static class Secret {
        public String name;
        public String type;
        public String createdAt;
        public DockerRegistryData data;
    }

    public static class Filter {
        public String name;
        public String operator;
        public List<String> values;

        Filter(String name, List<String> values) {
            this.name = name;
            this.values = values;
        }
    }

    public static class Quota {
        public String resourceType;
        public Integer limit;
        public Integer used;
    }

    public static class CreateSecretRequest extends JdcloudRequest {
        public String name;
        public String secretType;
        public DockerRegistryData data;
        public String regionId;

        @Override
        public String getRegionId() {
            return regionId;
        }
    }

    public static class CreateSecretResult extends JdcloudResult {
        public String secretName;
    }

    public static class CreateSecretResponse extends JdcloudResponse<CreateSecretResult> {
    }

    public static class DescribeSecretsRequest extends JdcloudRequest {
        public Integer pageNumber;
        public Integer pageSize;
        public List<Filter> filters;
        public String regionId;

        @Override
        public String getRegionId() {
            return regionId;
        }
    }

    public static class DescribeSecretsResult extends JdcloudResult {
        public List<Secret> secrets;
        public Integer totalCount;
    }

    public static class DescribeSecretsResponse extends JdcloudResponse<DescribeSecretsResult> {
    }

    public static class SecretNameRequest extends JdcloudRequest {
        public String regionId;
        public String name;

        @Override
        public String getRegionId() {
            return regionId;
        }

        public String getName() {
            return name;
        }
    }

    public static class DescribeSecretResult extends JdcloudResult {
        public Secret secret;
    }

    public static class DescribeSecretResponse extends JdcloudResponse<DescribeSecretResult> {
    }

    public static class DeleteSecretResponse extends JdcloudResponse<JdcloudResult> {
    }

    public static class DescribeQuotaRequest extends JdcloudRequest {
        public String resourceType;
        public String regionId;

        @Override
        public String getRegionId() {
            return regionId;
        }
    }

    public static class DescribeQuotaResult extends JdcloudResult {
        public Quota quota;
    }

    public static class DescribeQuotaResponse extends JdcloudResponse<DescribeQuotaResult> {
    }
}
