package nc.auth;

import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import nc.config.Config;
import nc.store.Database;
import nc.testing.ApiResponse;
import nc.testing.RawSocketClient;
import nc.testing.SignedClient;
import nc.testing.SteppingClock;
import nc.testing.TestDatabase;
import nc.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journaled nonces of the embedded database: a pair is refused again wherever it is (accepted
 * and journaled, being committed, in the table), after a restart and after a kill, until it expires.
 */
class UsedNoncesTest {
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";

    @TempDir
    Path dir;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-07T02:00:00Z"));

    private Database open() {
        return Database.open(Config.defaults(dir.resolve("data")));
    }

    private UsedNonces journaled(Database db) {
        return UsedNonces.journaled(db.jdbi(), clock, WINDOW, dir.resolve("data").resolve("nonces"));
    }

    @Test
    void aPairIsAcceptedOnceBeforeAndAfterItsBatchIsCommitted() {
        try (Database db = open(); UsedNonces nonces = journaled(db)) {
            assertThat(nonces.firstUse("AK", "n-1")).isTrue();
            assertThat(nonces.firstUse("AK", "n-1")).as("replay while only journaled").isFalse();
            assertThat(nonces.firstUse("OTHER", "n-1")).as("the same nonce of another key").isTrue();
            // the batch is due after BATCH_MILLIS: the next request commits it
            clock.advance(Duration.ofMillis(UsedNonces.BATCH_MILLIS));
            assertThat(nonces.firstUse("AK", "n-2")).isTrue();
            assertThat(journalFiles()).as("committed journals are removed").isEmpty();
            assertThat(nonces.firstUse("AK", "n-1")).as("replay once committed").isFalse();
            // a full batch is committed at once
            for (int i = 0; i < UsedNonces.BATCH; i++) {
                assertThat(nonces.firstUse("AK", "full-" + i)).isTrue();
            }
            assertThat(journalFiles()).isEmpty();
            for (int i = 0; i < UsedNonces.BATCH; i += 97) {
                assertThat(nonces.firstUse("AK", "full-" + i)).isFalse();
            }
        }
    }

    @Test
    void aPairAcceptedBeforeAKillIsRefusedAfterTheRestart() {
        Database first = open();
        UsedNonces killed = journaled(first);
        assertThat(killed.firstUse("AK", "before-kill")).isTrue();
        assertThat(journalFiles()).hasSize(1);
        // killed: nothing committed, nothing closed; the database file is given up as is
        first.close();
        try (Database db = open(); UsedNonces restarted = journaled(db)) {
            assertThat(restarted.firstUse("AK", "before-kill")).isFalse();
            assertThat(journalFiles()).as("the journal went into the table at start").isEmpty();
            assertThat(restarted.firstUse("AK", "after-restart")).isTrue();
        }
    }

    @Test
    void aPairIsAcceptedAgainOnlyOnceItExpired() {
        try (Database db = open(); UsedNonces nonces = journaled(db)) {
            assertThat(nonces.firstUse("AK", "n")).isTrue();
            clock.advance(WINDOW.multipliedBy(2).minusSeconds(1));
            assertThat(nonces.firstUse("AK", "n")).as("still within twice the date window").isFalse();
            clock.advance(Duration.ofSeconds(1));
            assertThat(nonces.firstUse("AK", "n")).as("expired: a new request may carry it").isTrue();
            assertThat(nonces.firstUse("AK", "n")).isFalse();
            clock.advance(Duration.ofMillis(UsedNonces.BATCH_MILLIS));
            assertThat(nonces.firstUse("AK", "other")).isTrue();
            assertThat(nonces.firstUse("AK", "n")).as("its new expiry was committed").isFalse();
        }
    }

    @Test
    void ofConcurrentRequestsWithOneNonceExactlyOneIsAccepted() throws Exception {
        try (Database db = open(); UsedNonces nonces = journaled(db)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                for (int round = 0; round < 50; round++) {
                    String nonce = "race-" + round;
                    clock.advance(Duration.ofMillis(UsedNonces.BATCH_MILLIS / 4));
                    List<Callable<Boolean>> same = new ArrayList<>();
                    for (int t = 0; t < 8; t++) {
                        same.add(() -> nonces.firstUse("AK", nonce));
                    }
                    int accepted = 0;
                    for (Future<Boolean> f : pool.invokeAll(same)) {
                        accepted += f.get() ? 1 : 0;
                    }
                    assertThat(accepted).as(nonce).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aSignedRequestReplayedAfterARestartIsRefused() {
        try (TestServer server = TestServer.start(TestDatabase.H2)) {
            SignedClient client = server.client();
            SignedClient.SignedParts captured = client.sign("GET", SECRETS, Map.of(), new byte[0]);
            assertSuccess(client.sendRaw(captured));
            server.restart();
            // the restarted server listens on another port: the replay keeps the Host it was signed for
            RawSocketClient replay = new RawSocketClient(server.endpoint()).hostOf(client.endpoint());
            ApiResponse refused = replay.send(captured);
            assertError(refused, 403, "PERMISSION_DENIED");
            assertThat(refused.errorMessage()).contains("nonce").contains("already used");
            assertSuccess(replay.send(client.sign("GET", SECRETS, Map.of(), new byte[0])));
        }
    }

    private List<Path> journalFiles() {
        try (Stream<Path> files = Files.list(dir.resolve("data").resolve("nonces"))) {
            return files.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
