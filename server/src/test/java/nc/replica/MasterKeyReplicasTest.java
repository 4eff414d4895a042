package nc.replica;

import static nc.testing.EnvelopeAssertions.assertError;
import static nc.testing.EnvelopeAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nc.testing.ApiResponse;
import nc.testing.Replicas;
import nc.testing.Secrets;
import nc.testing.ServerProcess;
import nc.testing.SignedClient;
import org.junit.jupiter.api.Test;

/**
 * Replicas on one PostgreSQL database share the master key: one given another key refuses to
 * start and says what to do; with the same key (as a variable or a file) any replica serves any
 * tenant and takes the same operator token. The key rotates while replicas keep serving.
 */
class MasterKeyReplicasTest {
    private static final String SECRETS = "/v1/regions/cn-north-1/secrets";

    @Test
    void aReplicaGivenAnotherKeyRefusesToStartAndOneGivenTheSameKeyServesTheSameTenants() throws Exception {
        String key = Replicas.newKey();
        try (Replicas replicas = new Replicas()) {
            ServerProcess first = replicas.start(Map.of("NC_MASTER_KEY", key));
            SignedClient tenant = first.client();
            assertSuccess(tenant.post(SECRETS, Secrets.body("shared")));

            ServerProcess stranger = replicas.replica(Map.of("NC_MASTER_KEY", Replicas.newKey()));
            assertThat(stranger.startExpectingExit()).as("exit status of a replica with another key").isNotZero();
            assertThat(stranger.log())
                    .contains("nc cannot start")
                    .contains("Every replica on one database needs the same master key")
                    .contains("NC_MASTER_KEY_FILE");

            Path keyFile = Files.createTempFile("nc-master", ".key");
            Files.writeString(keyFile, key + "\n");
            ServerProcess second = replicas.start(Map.of("NC_MASTER_KEY_FILE", keyFile.toString()));
            SignedClient sameTenantThere = tenant.at(second.endpoint());
            ApiResponse described = sameTenantThere.get(SECRETS + "/shared");
            assertSuccess(described);
            assertThat(described.result().path("secret").path("name").asText()).isEqualTo("shared");
            assertThat(second.adminToken()).as("the operator token the second replica wrote").isEqualTo(first.adminToken());
            assertSuccess(second.admin().get("/admin/accounts"));
            Files.delete(keyFile);
        }
    }

    @Test
    void theMasterKeyRotatesWhileReplicasKeepServing() {
        String oldKey = Replicas.newKey();
        String newKey = Replicas.newKey();
        try (Replicas replicas = new Replicas()) {
            // step 1: a replica that still seals with the old key, and already opens with the new one
            ServerProcess stillOld = replicas.start(Map.of("NC_MASTER_KEY", oldKey, "NC_MASTER_KEYS_ACCEPTED", newKey));
            SignedClient tenant = stillOld.client();
            assertSuccess(tenant.post(SECRETS, Secrets.body("before-rotation")));
            // step 2: a replica that seals with the new key and still opens the old one
            ServerProcess alreadyNew = replicas.start(Map.of("NC_MASTER_KEY", newKey, "NC_MASTER_KEYS_ACCEPTED", oldKey));
            JsonNode keyView = alreadyNew.admin().get("/admin/masterKey").result();
            String newId = keyView.path("keyId").asText();
            assertThat(keyView.path("openingKeyIds")).hasSize(2);

            // both serve every tenant at once: a key made (sealed) by the new-key replica signs on the old one, and back
            ApiResponse account = alreadyNew.admin().post("/admin/accounts", "{\"name\":\"during-rotation\"}");
            assertSuccess(account);
            SignedClient newcomer = tenant.withKeys(account.result().path("accessKey").asText(),
                    account.result().path("secretKey").asText());
            assertSuccess(newcomer.get(SECRETS));
            assertSuccess(newcomer.at(alreadyNew.endpoint()).get(SECRETS));
            assertSuccess(tenant.at(alreadyNew.endpoint()).get(SECRETS + "/before-rotation"));

            // step 3: the operator reseals; every value is then sealed with the new key only
            ApiResponse resealed = alreadyNew.admin().post("/admin/masterKey:reseal", "{}");
            assertSuccess(resealed);
            assertThat(resealed.result().path("resealed").asLong())
                    .as("the default account's key, the secret's password and the operator token").isGreaterThanOrEqualTo(3);
            JsonNode counts = resealed.result().path("sealedValuesByKeyId");
            assertThat(counts.fieldNames()).toIterable().containsExactly(newId);

            // step 4: the old key can go: a replica with the new key alone serves everyone, one with the old alone cannot start
            ServerProcess newOnly = replicas.start(Map.of("NC_MASTER_KEY", newKey));
            assertSuccess(tenant.at(newOnly.endpoint()).get(SECRETS + "/before-rotation"));
            assertSuccess(newcomer.at(newOnly.endpoint()).get(SECRETS));
            assertSuccess(newOnly.admin().withToken(stillOld.adminToken()).get("/admin/accounts"));
            ServerProcess oldOnly = replicas.replica(Map.of("NC_MASTER_KEY", oldKey));
            assertThat(oldOnly.startExpectingExit()).isNotZero();
            assertThat(oldOnly.log()).contains("sealed with master key " + newId);
            assertError(newOnly.admin().withToken("not-the-token").get("/admin/accounts"), 401, "UNAUTHENTICATED");
        }
    }
}
