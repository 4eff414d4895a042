package nc.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import nc.api.Operation;
import nc.testing.ApiResponse;
import nc.testing.Containers;
import nc.testing.OnEngine;
import org.junit.jupiter.api.Test;

/**
 * The operators' endpoints of a server on the real engine: the OpenAPI document made from the
 * operation table, /_nc/health, /_nc/info, and /metrics moving with real requests and containers.
 */
class OpsEndpointsTest extends OnEngine {

    private static int port() {
        return server.server().port();
    }

    @Test
    void theOpenApiDocumentHasEveryRoutedOperationAndTheDocsNameEverySignedOne() throws IOException {
        HttpResponse<String> response = Plain.get(port(), "/_nc/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode doc = Plain.json(response);
        assertThat(doc.path("openapi").asText()).startsWith("3.0");
        assertThat(doc.path("info").path("version").asText()).isNotBlank().isNotEqualTo("unknown");

        List<Operation> table = server.server().operations();
        assertThat(table.stream().filter(op -> op.access() == Operation.Access.SIGNED)).hasSizeGreaterThanOrEqualTo(15 + 19 + 7);
        Set<String> operationIds = new HashSet<>();
        doc.path("paths").forEach(path -> path.forEach(op -> operationIds.add(op.path("operationId").asText())));
        for (Operation op : table) {
            JsonNode documented = doc.path("paths").path(op.template()).path(op.method().toLowerCase());
            assertThat(documented.isObject()).as("%s %s (%s) in the OpenAPI document", op.method(), op.template(), op.name()).isTrue();
            assertThat(documented.path("operationId").asText()).endsWith(op.name());
            long params = op.template().chars().filter(c -> c == '{').count();
            assertThat(documented.path("parameters")).as(op.name()).hasSize((int) params);
            if (op.access() == Operation.Access.SIGNED) {
                assertThat(documented.path("x-nc-services").toString()).as(op.name()).contains(op.services().iterator().next());
            }
        }
        assertThat(doc.path("paths").has("/console")).as("console files are not API operations").isFalse();
        assertThat(operationIds).contains("createContainers", "createVpc", "admin_createVpc", "admin_resetInstallation", "createDisks", "ops_nc_health", "ops_nc_openapi_json", "ops_metrics");

        // every signed operation the server routes is described in the API reference of docs/
        String reference;
        try (Stream<Path> pages = Files.list(Path.of("..", "docs", "api"))) {
            StringBuilder all = new StringBuilder();
            for (Path page : pages.toList()) {
                all.append(Files.readString(page));
            }
            reference = all.toString();
        }
        for (Operation op : table) {
            if (op.access() == Operation.Access.SIGNED) {
                assertThat(reference).as("docs/api has a section on %s", op.name())
                        .containsPattern("(?m)^#{3,4} (\\d+\\.\\d+ )?" + op.name() + ": " + op.method() + " ");
            }
        }
    }

    @Test
    void healthNamesEachDependencyAndTheOldPathStillAnswers() {
        HttpResponse<String> response = Plain.get(port(), "/_nc/health");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode health = Plain.json(response);
        assertThat(health.path("checks").path("database").path("status").asText()).isEqualTo("up");
        assertThat(health.path("checks").path("engine").path("status").asText()).isEqualTo("up");
        assertThat(health.path("checks").path("database").path("required").asBoolean()).isTrue();
        assertThat(health.path("checks").path("engine").path("required").asBoolean()).isTrue();
        assertThat(health.path("checks").path("diskProvisioning").path("status").asText()).isIn("up", "degraded");
        assertThat(health.path("checks").path("hostNetworking").path("status").asText()).isIn("up", "degraded");
        assertThat(health.path("status").asText()).isIn("up", "degraded");

        HttpResponse<String> old = Plain.get(port(), "/health");
        assertThat(old.statusCode()).isEqualTo(200);
        assertThat(Plain.json(old).path("result").path("status").asText()).isEqualTo("ok");
    }

    @Test
    void infoShowsVersionRegionsAndTheFeaturesOfThisHost() {
        HttpResponse<String> response = Plain.get(port(), "/_nc/info");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode info = Plain.json(response);
        assertThat(info.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(info.path("installationId").asText()).isEqualTo(server.server().owner());
        assertThat(info.path("regions").toString()).contains("cn-north-1", "cn-east-1", "cn-east-2", "cn-south-1");
        assertThat(info.path("services").toString()).contains("\"nc\"", "\"vpc\"", "\"disk\"");
        assertThat(info.path("features").path("loopDisks").asBoolean())
                .isEqualTo(server.server().diskVolumes() instanceof nc.runtime.host.LoopDisks);
        assertThat(info.path("features").has("hostNetworking")).isTrue();
        assertThat(info.path("features").path("rootVolumeLimit").asBoolean()).isEqualTo(server.server().runtime().limitsRootFs());
        assertThat(info.path("initHooks").path("results")).isEmpty();
    }

    @Test
    void metricsMoveWithRequestsAndContainers() {
        String before = Plain.get(port(), "/metrics").body();
        Map<String, String> listOk = Map.of("operation", "describeContainers", "status", "200");
        Map<String, String> missing = Map.of("operation", "describeContainer", "status", "404");

        String id = containers.createOne(null, "sleep");
        containers.awaitRunning(id);
        for (int i = 0; i < 3; i++) {
            assertThat(containers.client().get(Containers.BASE).status()).isEqualTo(200);
        }
        ApiResponse unknown = containers.client().get(Containers.BASE + "/c-doesnotexi");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(containers.client().get("/v1/regions/cn-north-1/nowhere").status()).isEqualTo(404);

        HttpResponse<String> response = Plain.get(port(), "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String after = response.body();

        assertThat(Plain.sample(after, "nc_requests_seconds_count", listOk) - Plain.sample(before, "nc_requests_seconds_count", listOk))
                .isEqualTo(3);
        assertThat(Plain.sample(after, "nc_requests_seconds_count", missing) - Plain.sample(before, "nc_requests_seconds_count", missing))
                .isEqualTo(1);
        assertThat(Plain.sample(after, "nc_requests_seconds_count", Map.of("operation", "unknown", "status", "404"))).isGreaterThanOrEqualTo(1);
        Map<String, String> infBucket = Map.of("operation", "describeContainers", "status", "200", "le", "+Inf");
        assertThat(Plain.sample(after, "nc_requests_seconds_bucket", infBucket))
                .isEqualTo(Plain.sample(after, "nc_requests_seconds_count", listOk));
        assertThat(Plain.sample(after, "nc_requests_seconds_sum", listOk)).isPositive();
        assertThat(after).contains("nc_requests_seconds_bucket{operation=\"describeContainers\",status=\"200\",le=\"0.005\"}");

        Map<String, String> running = Map.of("status", "running");
        assertThat(Plain.sample(after, "nc_containers", running) - Plain.sample(before, "nc_containers", running)).isEqualTo(1);
        assertThat(Plain.sample(after, "nc_container_start_seconds_count", Map.of())
                - Plain.sample(before, "nc_container_start_seconds_count", Map.of())).isEqualTo(1);
        assertThat(Plain.sample(after, "nc_container_start_seconds_sum", Map.of())).isPositive();
        assertThat(Plain.sample(after, "nc_image_pull_seconds_count", Map.of("outcome", "success"))).isGreaterThanOrEqualTo(1);
        assertThat(after).contains("jvm_memory_used_bytes");

        assertThat(containers.delete(id).status()).isEqualTo(200);
        containers.awaitStatus(id, "gone", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Plain.sample(Plain.get(port(), "/metrics").body(), "nc_containers", running))
                        .isEqualTo(Plain.sample(before, "nc_containers", running)));
    }
}
