package nc.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import nc.account.AccountService;
import nc.billing.Charge;
import nc.config.Config;
import nc.network.eip.ContainerInterface;
import nc.network.eip.ElasticIp;
import nc.network.eip.ElasticIpBinder;
import nc.network.eip.ElasticIpBinding;
import nc.network.wire.NetworkModule;
import nc.quota.AccountQuotas;
import nc.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam for the host side of elastic IPs: the {@link ElasticIpBinder} hears of every binding
 * once it is committed (never of a rolled-back one), of every unbinding, and of all bindings again
 * at start.
 */
class ElasticIpBinderSeamTest {
    @TempDir
    Path dir;
    Database database;
    NetworkModule module;
    String account;
    final Recording binder = new Recording();

    static final class Recording implements ElasticIpBinder {
        final List<ElasticIpBinding> bound = new CopyOnWriteArrayList<>();
        final List<ElasticIpBinding> unbound = new CopyOnWriteArrayList<>();

        @Override
        public void bind(ElasticIpBinding binding) {
            bound.add(binding);
        }

        @Override
        public void unbind(ElasticIpBinding binding) {
            unbound.add(binding);
        }
    }

    @BeforeEach
    void open() throws IOException {
        Files.createDirectories(dir);
        Config config = Config.defaults(dir);
        database = Database.open(config);
        AccountService accounts = new AccountService(database.jdbi(), nc.store.MasterKeys.cipher(config.security(), dir), config.clock());
        account = accounts.create("binder", true).accountId();
        module = new NetworkModule(database.jdbi(), accounts.repository(), new AccountQuotas(database.jdbi()), config.regions(),
                config.elasticIpPool(), binder, config.clock());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private ElasticIp allocate(String containerId, String privateIp) {
        return database.jdbi().inTransaction(h -> module.elasticIps().allocateFor(h, account, "cn-north-1", 5, "bgp",
                Charge.start("postpaid_by_duration", null, null, Instant.now()),
                new ContainerInterface(containerId, "port-" + containerId.substring(2), privateIp)).orElseThrow());
    }

    @Test
    void aCommittedBindingReachesTheHostWithWhatNatAndShapingNeed() {
        ElasticIp eip = allocate("c-aaaaaaaaaa", "10.0.0.3");
        assertThat(binder.bound).containsExactly(new ElasticIpBinding(eip.elasticIpId(), "127.100.0.1", 5, "c-aaaaaaaaaa", "10.0.0.3"));
        assertThat(binder.unbound).isEmpty();
    }

    @Test
    void aRolledBackBindingNeverDoes() {
        assertThatThrownBy(() -> database.jdbi().useTransaction(h -> {
            module.elasticIps().allocateFor(h, account, "cn-north-1", 5, "bgp",
                    Charge.start("postpaid_by_duration", null, null, Instant.now()),
                    new ContainerInterface("c-bbbbbbbbbb", "port-bbbbbbbbbb", "10.0.0.4"));
            throw new IllegalStateException("the create failed later");
        })).hasMessage("the create failed later");
        assertThat(binder.bound).isEmpty();
        assertThat(module.elasticIps().count(account, "cn-north-1")).isZero();
    }

    @Test
    void releasingTheContainersInterfaceUnbindsAfterTheCommit() {
        ElasticIp eip = allocate("c-cccccccccc", "10.0.0.5");
        database.jdbi().useTransaction(h -> module.network().release(h, "c-cccccccccc"));
        assertThat(binder.unbound).containsExactly(eip.binding());
        assertThat(module.elasticIps().count(account, "cn-north-1")).as("made with the container: gone with it").isZero();
    }

    @Test
    void everyBindingIsGivenAgainAtStart() {
        ElasticIp first = allocate("c-dddddddddd", "10.0.0.6");
        ElasticIp second = allocate("c-eeeeeeeeee", "10.0.0.7");
        binder.bound.clear();
        module.begin();
        assertThat(binder.bound).containsExactlyInAnyOrder(first.binding(), second.binding());
    }
}
