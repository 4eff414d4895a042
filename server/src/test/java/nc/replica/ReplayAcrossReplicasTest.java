package nc.replica;

import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nc.testing.ApiResponse;
import nc.testing.RawSocketClient;
import nc.testing.Replicas;
import nc.testing.ServerProcess;
import nc.testing.SignedClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed request is accepted once, by one server: replayed to another replica, or to the same server after it was killed (the nonce is the database's, H2 or PostgreSQL), it is refused. */
class ReplayAcrossReplicasTest {
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";

    @Test
    void aRequestReplayedToAnotherReplicaIsRefused() {
        try (Replicas replicas = new Replicas()) {
            String key = Replicas.newKey();
            ServerProcess first = replicas.start(Map.of("NC_MASTER_KEY", key));
            ServerProcess second = replicas.start(Map.of("NC_MASTER_KEY", key));
            SignedClient tenant = first.client();
            // both replicas are reached with the same Host header, as behind one load balancer
            RawSocketClient toFirst = new RawSocketClient(first.endpoint());
            RawSocketClient toSecond = new RawSocketClient(second.endpoint()).hostOf(first.endpoint());

            SignedClient.SignedParts captured = tenant.sign("GET", SECRETS, Map.of(), new byte[0]);
            assertSuccess(toSecond.send(captured));
            for (RawSocketClient replay : List.of(toFirst, toSecond)) {
                ApiResponse replayed = replay.send(captured);
                assertError(replayed, 403, "PERMISSION_DENIED");
                assertThat(replayed.errorMessage()).contains("nonce").contains("already used");
            }

            SignedClient.SignedParts other = tenant.sign("GET", SECRETS, Map.of(), new byte[0]);
            assertSuccess(toFirst.send(other));
            assertError(toSecond.send(other), 403, "PERMISSION_DENIED");
            assertSuccess(toSecond.send(tenant.sign("GET", SECRETS, Map.of(), new byte[0])));
        }
    }

    @Test
    void aRequestReplayedToTheSameServerAfterItWasKilledIsRefused(@TempDir Path dir) {
        try (ServerProcess server = new ServerProcess(dir.resolve("data")).start()) {
            SignedClient.SignedParts captured = server.client().sign("GET", SECRETS, Map.of(), new byte[0]);
            assertSuccess(server.client().sendRaw(captured));
            server.kill();
            server.start();
            assertError(server.client().sendRaw(captured), 403, "PERMISSION_DENIED");
        }
    }
}
