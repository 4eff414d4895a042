package nc.registry;

import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import nc.testing.AdminClient;
import nc.testing.ApiResponse;
import nc.testing.Engine;
import nc.testing.OnEngine;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The registry policy on the real engine: link-local registries are always refused, the
 * operator's lists refuse others (the local registry too, until the policy is reset), and a
 * registry that cannot be reached is reported without the engine's words about the network.
 * Refused or failed pulls leave no engine container. (The running container comes last: a
 * recent pull of the same image is not repeated, so it would skip the policy check.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryPolicyOnEngineTest extends OnEngine {
    private static final String POLICY = "/admin/registryPolicy";

    private static String createFrom(String image) {
        return containers.create(containers.body(1, null).replace("\"image\":\"" + engine.image() + "\"", "\"image\":\"" + image + "\""))
                .get(0);
    }

    private static String awaitErrorReason(String id) {
        JsonNode c = containers.awaitStatus(id, "error", Duration.ofSeconds(60));
        assertThat(Engine.docker("ps", "-a", "--filter", "label=nc.container=" + id, "--format", "{{.Names}}"))
                .as("engine containers of %s", id).isBlank();
        return c.path("reason").asText();
    }

    private static AdminClient admin() {
        return server.admin();
    }

    @Test
    @Order(1)
    void aLinkLocalRegistryIsAlwaysRefused() {
        assertSuccess(admin().send("PUT", POLICY, "{\"allow\":[\"169.254.0.0/16\"]}"));
        String id = createFrom("169.254.169.254:80/latest/meta-data:1");
        assertThat(awaitErrorReason(id))
                .isEqualTo("image registry 169.254.169.254:80 is refused: link-local and unspecified addresses"
                        + " (such as 169.254.169.254, the usual metadata endpoint) are never allowed");
        assertSuccess(admin().delete(POLICY));
    }

    @Test
    @Order(2)
    void anUnreachableRegistryIsReportedWithoutTheEnginesWords() {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String image = "127.0.0.1:" + closed + "/nc-test/app:1";
        String reason = awaitErrorReason(createFrom(image));
        assertThat(reason).isEqualTo("pulling " + image + ": registry 127.0.0.1:" + closed
                + " could not be reached or did not answer as a registry");
        assertThat(reason).doesNotContainIgnoringCase("refused").doesNotContain("dial tcp").doesNotContain("https://");
    }

    @Test
    @Order(3)
    void theOperatorsListsRefuseTheLocalRegistryUntilThePolicyIsReset() {
        ApiResponse denied = admin().send("PUT", POLICY, "{\"deny\":[\"127.0.0.0/8\"]}");
        assertSuccess(denied);
        assertThat(denied.result().path("source").asText()).isEqualTo("operator");
        assertThat(awaitErrorReason(createFrom(engine.image())))
                .isEqualTo("image registry " + engine.registry() + " is not allowed by this service's registry policy");

        assertSuccess(admin().send("PUT", POLICY, "{\"allow\":[\"registry.example.com\",\"*.example.org\",\"10.20.0.0/24\"]}"));
        assertThat(awaitErrorReason(createFrom(engine.image()))).contains("is not allowed by this service's registry policy");

        ApiResponse invalid = admin().send("PUT", POLICY, "{\"allow\":[\"not a host!\"]}");
        assertError(invalid, 400, "INVALID_ARGUMENT");
        assertThat(invalid.errorMessage()).contains("allow").contains("not a host!");

        ApiResponse reset = admin().delete(POLICY);
        assertSuccess(reset);
        assertThat(reset.result().path("source").asText()).isEqualTo("configuration");
        assertThat(reset.result().path("allow")).isEmpty();
        containers.awaitRunning(createFrom(engine.image()));
    }
}
