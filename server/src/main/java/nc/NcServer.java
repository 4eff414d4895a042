package nc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import nc.account.AccountService;
import nc.account.IssuedKey;
import nc.admin.AdminOperations;
import nc.admin.MasterKeyOperations;
import nc.api.ApiServer;
import nc.api.Operation;
import nc.api.TlsIdentity;
import nc.auth.Authenticator;
import nc.auth.UsedNonces;
import nc.common.Ids;
import nc.config.Config;
import nc.config.StartupRefused;
import nc.error.ServiceException;
import nc.registry.RegistryPolicies;
import nc.registry.RegistryPolicy;
import nc.registry.RegistryPolicyOperations;
import nc.quota.QuotaOperations;
import nc.quota.QuotaService;
import nc.secret.SecretOperations;
import nc.secret.SecretService;
import nc.store.AtRestCipher;
import nc.store.Leases;
import nc.store.MasterKeys;
import nc.store.PrivateFiles;
import nc.store.SealedValues;
import nc.store.Database;
import nc.store.Settings;
import java.net.URI;
import nc.admin.NetworkAdminOperations;
import nc.admin.ResourceAdminOperations;
import nc.container.ContainerOperations;
import nc.container.ContainerService;
import nc.container.ContainerWorker;
import java.util.concurrent.atomic.AtomicReference;
import nc.network.eip.ElasticIpBinder;
import nc.network.eip.ElasticIpBinding;
import nc.container.InstanceTypes;
import nc.container.StoppedContainerChanges;
import nc.container.wire.NativeContainerOperations;
import nc.container.wire.ExecOperations;
import nc.container.exec.ExecService;
import java.time.Duration;
import nc.container.spec.ContainerSpecValidator;
import nc.disk.DiskModule;
import nc.disk.DiskProvisioner;
import nc.disk.DiskService;
import nc.disk.InProcessDiskProvisioner;
import nc.disk.LoopDiskProvisioner;
import nc.quota.AccountQuotas;
import nc.container.ContainerElasticIpOperations;
import nc.container.ContainerElasticIps;
import nc.network.DefaultNetwork;
import nc.network.NetworkService;
import nc.network.wire.NetworkModule;
import nc.runtime.ContainerRuntime;
import nc.runtime.DiskVolumes;
import nc.runtime.EngineVolumes;
import nc.runtime.host.LoopDisks;
import nc.tenantnet.NoDatapath;
import nc.tenantnet.TenantNetwork;
import nc.tenantnet.kernel.KernelTenantNetwork;
import nc.runtime.docker.DockerRuntime;

/** The composition root: builds every part from the Config, starts and stops them. */
public final class NcServer implements AutoCloseable {
    /** Services whose signing scope this server answers for the nc API. */
    static final String NC = "nc";

    private final Config config;
    private final Database database;
    private final AccountService accounts;
    private final SecretService secrets;
    private final NetworkService network;
    private final NetworkModule networkModule;
    private final ContainerRuntime runtime;
    private final ContainerWorker worker;
    private final TenantNetwork datapath;
    /** The VPC resolver at every subnet's gateway; null without the kernel datapath. */
    private final nc.vpcdns.VpcResolver resolver;
    private final DiskVolumes diskVolumes;
    private final DiskModule diskModule;
    private final ApiServer api;
    private final UsedNonces nonces;
    private final nc.ops.OpsModule ops;
    private final String owner;
    private final String operatorToken;
    private final AtRestCipher cipher;
    private final Leases leases;
    /** The lease of the engine sync and sweeps: one replica at a time does them. */
    static final String ENGINE_SYNC_LEASE = "engine-sync";
    private IssuedKey firstAccountKey;
    private DefaultNetwork defaultNetwork;
    private final nc.install.Footprint footprint;
    private int port;

    private NcServer(Config config, ContainerRuntime runtime, Function<DiskVolumes, DiskProvisioner> diskProvisioner) {
        this.config = config;
        PrivateFiles.createFolder(config.dataDir());
        this.cipher = MasterKeys.cipher(config.security(), config.dataDir());
        this.database = Database.open(config);
        try {
            new SealedValues(database.jdbi()).requireOpenable(cipher);
            this.operatorToken = operatorToken(new Settings(database.jdbi()), cipher, config.dataDir().resolve("admin-token"));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        this.leases = new Leases(database.jdbi(), config.clock(), replicaId(config.dataDir().resolve("replica-id")));
        this.accounts = new AccountService(database.jdbi(), cipher, config.clock());
        QuotaService quotas = new QuotaService(database.jdbi(), accounts.repository(), config.defaultLimits());
        this.secrets = new SecretService(database.jdbi(), quotas, cipher, config.clock());
        this.runtime = runtime;
        this.owner = new Settings(database.jdbi()).getOrCreate("service_id", () -> Ids.resource("nc-"));
        this.diskVolumes = diskVolumes(config, runtime, owner);
        DiskService disks = new DiskService(config.clock());
        AccountQuotas accountQuotas = new AccountQuotas(database.jdbi());
        // what keeps this host from building tenant networks; null when the engine runs on another machine
        List<String> networkProblems = runtime.sharesHost() ? KernelTenantNetwork.forOwner(owner).problems() : null;
        this.datapath = datapath(owner, networkProblems);
        // elastic IP changes reach the datapath through the container worker's VPC reconciler, made below
        AtomicReference<ElasticIpBinder> eipBinder = new AtomicReference<>(ElasticIpBinder.NONE);
        this.networkModule = new NetworkModule(database.jdbi(), accounts.repository(), accountQuotas, config.regions(),
                config.elasticIpPool(), new ElasticIpBinder() {
                    @Override
                    public void bind(ElasticIpBinding binding) {
                        eipBinder.get().bind(binding);
                    }

                    @Override
                    public void unbind(ElasticIpBinding binding) {
                        eipBinder.get().unbind(binding);
                    }

                    @Override
                    public java.util.Set<String> heldElsewhere() {
                        return eipBinder.get().heldElsewhere();
                    }
                }, config.clock());
        this.network = networkModule.network();
        this.diskModule = new DiskModule(database.jdbi(), accounts.repository(), accountQuotas, diskProvisioner.apply(diskVolumes),
                NcServer::zonesOf, config.clock());
        InstanceTypes instanceTypes = new InstanceTypes(database.jdbi(), NcServer::zonesOf);
        // health, info, metrics, OpenAPI, access log, init hooks (nc.ops)
        this.ops = new nc.ops.OpsModule(config, database.jdbi(), owner, runtime)
                .hostFeatures(diskVolumes instanceof LoopDisks, config.diskDir().resolve(owner),
                        networkProblems);
        RegistryPolicies registries = new RegistryPolicies(new Settings(database.jdbi()), configuredRegistryPolicy(config.security()));
        this.worker = new ContainerWorker(database.jdbi(), network, disks, secrets, instanceTypes, ops.timed(runtime), diskVolumes, owner,
                config.engine(), ops.counted(datapath), registries);
        worker.leadWhile(() -> leases.held(ENGINE_SYNC_LEASE));
        worker.elasticIps(networkModule.elasticIps());
        eipBinder.set(worker.elasticIpBinder());
        networkModule.groups().onRulesChanged(worker::securityGroupChanged);
        worker.onProvisioned(c -> ops.metrics().containerRunning(c.launchTime()));
        worker.onWorkFailed(() -> ops.metrics().reconcileError(nc.ops.Metrics.CONTAINER));
        ContainerSpecValidator validator = new ContainerSpecValidator(instanceTypes::contains, NcServer::zonesOf);
        ContainerElasticIps containerEips = new ContainerElasticIps(database.jdbi(), accounts, networkModule.elasticIps());
        ContainerService containers = new ContainerService(database.jdbi(), validator, accounts, quotas, network, disks, secrets,
                runtime, worker, containerEips, instanceTypes, config.clock());
        this.resolver = resolver(datapath, containers);

        ExecService execs = new ExecService(containers, runtime, config.clock(),
                Duration.ofSeconds(Long.getLong("nc.exec.idleSeconds", 3600)));
        Set<String> ncScopes = config.acceptNativecontainerScope() ? Set.of(NC, "nativecontainer") : Set.of(NC);
        Set<String> served = new HashSet<>(ncScopes);
        served.add("vpc");
        served.add("disk");
        this.nonces = config.dbUrl() == null || config.dbUrl().isBlank()
                // the embedded database: only this server opens it (H2 locks the file), so the nonces are journaled here
                ? UsedNonces.journaled(database.jdbi(), config.clock(), config.clockSkew(), config.dataDir().resolve("nonces"))
                : new UsedNonces(database.jdbi(), config.clock(), config.clockSkew());
        Authenticator authenticator = new Authenticator(accounts, nonces, config.clock(), config.clockSkew(), served);
        this.api = new ApiServer(authenticator, Set.copyOf(config.regions()), operatorToken)
                .streamStallLimit(Duration.ofSeconds(Long.getLong("nc.stream.stallSeconds", 30)))
                .register(java.util.List.of(Operation.open("health", "GET", "/health", call -> java.util.Map.of("status", "ok"))))
                .register(new SecretOperations(secrets).operations(ncScopes))
                .register(new QuotaOperations(quotas).operations(ncScopes))
                .register(new ContainerOperations(containers).operations(ncScopes))
                .register(new ContainerElasticIpOperations(containerEips).operations(ncScopes))
                .register(new NativeContainerOperations(instanceTypes,
                        new StoppedContainerChanges(database.jdbi(), containers, worker, instanceTypes, secrets, disks, execs))
                        .operations(ncScopes))
                .register(new ExecOperations(execs).operations(ncScopes))
                .register(networkModule.operations(Set.of("vpc")))
                .register(diskModule.operations())
                .register(new nc.admin.DiskAdminOperations(diskModule.disks()).operations())
                .register(new AdminOperations(accounts, config.defaultLimits(), accountQuotas).operations())
                .register(new RegistryPolicyOperations(registries).operations())
                .register(List.of(Operation.operator("describeLeases", "GET", "/admin/leases", call -> leasesView())))
                .register(new MasterKeyOperations(cipher, new SealedValues(database.jdbi())).operations())
                .register(new ResourceAdminOperations(containers, instanceTypes).operations())
                .register(new NetworkAdminOperations(accounts, networkModule.vpcs(), networkModule.subnets(), networkModule.groups(),
                        networkModule.elasticIps(), networkModule.pools(), config.regions()).operations());
        this.footprint = new nc.install.Footprint(runtime, owner, datapath, diskVolumes);
        api.register(new nc.admin.InstallationOperations(this::reset).operations());
        ops.register(api, served);
        ops.otherInstallations(nc.install.Leftovers.find(runtime, owner, config.diskDir()));
        nc.console.ConsoleModule.register(api);
    }

    /**
     * Data disks as loop devices with real filesystems under the disk folder (one subfolder per
     * installation, so that two on one machine never sweep each other's), when the engine runs on
     * this machine and nc may make them; else as engine volumes, without size or filesystem.
     */
    private static DiskVolumes diskVolumes(Config config, ContainerRuntime runtime, String owner) {
        if (!runtime.sharesHost()) {
            return new EngineVolumes(runtime, "nc.owner", owner);
        }
        String why = LoopDisks.unavailableBecause();
        if (why != null) {
            org.slf4j.LoggerFactory.getLogger(NcServer.class).warn(
                    "cloud disks are engine volumes, without their size or filesystem: {}", why);
            return new EngineVolumes(runtime, "nc.owner", owner);
        }
        return new LoopDisks(config.diskDir().resolve(owner));
    }

    /**
     * Tenant networks on the kernel's datapath (a namespace per VPC, nftables, veths), when the
     * engine runs on this machine and nc may change its network; else data only, and said once.
     */
    private static TenantNetwork datapath(String owner, List<String> problems) {
        if (problems == null) {
            return new NoDatapath();
        }
        if (!problems.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(NcServer.class).warn(
                    "containers get no network (VPCs, security groups and elastic IPs need the host's network): {}",
                    String.join("; ", problems));
            return new NoDatapath();
        }
        return KernelTenantNetwork.forOwner(owner);
    }

    /**
     * The VPC resolver, where the kernel datapath runs: on a port of the host free for UDP and TCP, which the
     * VPC routers send their containers' DNS queries to (they answer nothing else).
     */
    private static nc.vpcdns.VpcResolver resolver(TenantNetwork datapath, ContainerService containers) {
        if (datapath instanceof NoDatapath) {
            return null;
        }
        try {
            nc.vpcdns.VpcResolver resolver = nc.vpcdns.VpcResolver.start(new java.net.InetSocketAddress(0), new nc.vpcdns.VpcResolver.Directory() {
                @Override
                public java.util.Optional<String> vpcOf(java.net.InetAddress source) {
                    return datapath.vpcOfRouter(source.getHostAddress());
                }

                @Override
                public java.util.Optional<String> addressOf(String vpcId, String hostname) {
                    return containers.privateAddressOf(vpcId, hostname);
                }
            }, nc.vpcdns.VpcResolver.hostResolvers());
            datapath.resolverPort(resolver.port());
            return resolver;
        } catch (java.io.IOException e) {
            org.slf4j.LoggerFactory.getLogger(NcServer.class).warn("no VPC resolver: containers keep the host's resolvers", e);
            return null;
        }
    }

    /** The tenant networks' datapath on this host. */
    public TenantNetwork datapath() {
        return datapath;
    }

    /** Loop disks get their files, and snapshots their copies, ahead of any container; engine volumes need nothing ahead. */
    private static DiskProvisioner diskProvisioner(DiskVolumes volumes) {
        return volumes instanceof LoopDisks loopDisks ? new LoopDiskProvisioner(loopDisks) : new InProcessDiskProvisioner();
    }

    /** Availability zones are the region id plus a letter (docs/api/nc.md §1.1). */
    static Set<String> zonesOf(String region) {
        return Set.of(region + "a", region + "b", region + "c");
    }

    /** Starts with the Docker Engine the config names. */
    public static NcServer start(Config config) {
        return start(config, new DockerRuntime(URI.create(config.engine().dockerHost())));
    }

    public static NcServer start(Config config, ContainerRuntime runtime) {
        return launch(config, runtime, NcServer::diskProvisioner);
    }

    /** With the host side of disks and snapshots of the caller's choosing. */
    public static NcServer start(Config config, ContainerRuntime runtime, DiskProvisioner diskProvisioner) {
        return launch(config, runtime, volumes -> diskProvisioner);
    }

    private static NcServer launch(Config config, ContainerRuntime runtime, Function<DiskVolumes, DiskProvisioner> diskProvisioner) {
        // the certificate and key checked before anything touches the engine or the host: a refused start leaves nothing behind
        TlsIdentity tls = tls(config.security());
        NcServer server = new NcServer(config, runtime, diskProvisioner);
        try {
            server.ensureDefaultAccount();
            server.networkModule.begin();
            server.diskModule.begin(() -> server.leases.held(ENGINE_SYNC_LEASE));
            server.worker.begin(config.engine().syncEvery());
            server.api.start(new ApiServer.Listen(config.bindAddress(), config.port()), operatorListen(config.security(), config.bindAddress()),
                    tls);
            server.port = server.api.port();
            server.ops.ready(server.port);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** On a first start: one account, its key pair written to {@code credentials.json}. */
    private void ensureDefaultAccount() {
        if (!accounts.noAccountYet()) {
            return;
        }
        firstAccountKey = accounts.create("default", true);
        Path file = config.dataDir().resolve("credentials.json");
        PrivateFiles.write(file, "{\"accessKey\": \"" + firstAccountKey.accessKey() + "\", \"secretKey\": \""
                + firstAccountKey.secretKey() + "\"}\n");
        defaultNetwork = DefaultNetwork.create(networkModule.vpcs(), networkModule.subnets(), networkModule.groups(),
                firstAccountKey.accountId(), config.regions().get(0));
        PrivateFiles.write(config.dataDir().resolve("defaults.json"), defaultNetwork.json());
    }

    /**
     * Back to the first-start state: every tenant row deleted, then every engine object, disk and
     * host network object of this installation removed (nothing of another installation), then a
     * new default account (new keys in credentials.json) and default network. The operator's
     * settings stay. Requests that come meanwhile see the tenants vanish.
     */
    public synchronized nc.install.ResetResult reset() {
        int rows = emptyTenantData();
        List<String> removed = footprint.remove();
        firstAccountKey = null;
        defaultNetwork = null;
        ensureDefaultAccount();
        org.slf4j.LoggerFactory.getLogger(NcServer.class).info("installation {} reset: {} tenant rows and {} objects removed",
                owner, rows, removed.size());
        return new nc.install.ResetResult(removed, rows, firstAccountKey, defaultNetwork, config.dataDir().resolve("credentials.json"));
    }

    /** Deletes every tenant's rows (the operator's settings stay); returns how many. */
    public int emptyTenantData() {
        int rows = new nc.install.TenantRepository(database.jdbi()).empty();
        accounts.forgetSigningKeys();
        return rows;
    }

    /** What this installation made outside its database (engine, host network, disks). */
    public nc.install.Footprint footprint() {
        return footprint;
    }

    /**
     * The server's parts on the config's data folder and engine, without starting anything (no
     * API, worker or hooks): for the offline commands of {@code ncctl} (reset, uninstall).
     */
    public static NcServer offline(Config config) {
        return new NcServer(config, new DockerRuntime(URI.create(config.engine().dockerHost())), NcServer::diskProvisioner);
    }

    /** The default network when this start created it, else null. */
    public DefaultNetwork createdDefaultNetwork() {
        return defaultNetwork;
    }

    /** This installation's id: the value of the nc.owner label on every engine object it makes. */
    public String owner() {
        return owner;
    }

    public ContainerWorker worker() {
        return worker;
    }

    public ContainerRuntime runtime() {
        return runtime;
    }

    /** Where data disks live: loop devices on this machine, or engine volumes. */
    public DiskVolumes diskVolumes() {
        return diskVolumes;
    }

    /** The checks behind /_nc/health; host networking may set its own ("hostNetworking"). */
    public nc.ops.Health health() {
        return ops.health();
    }

    /** The operation table as routed. */
    public List<Operation> operations() {
        return api.operations();
    }

    public int port() {
        return port;
    }

    public Config config() {
        return config;
    }

    public String operatorToken() {
        return operatorToken;
    }

    /** The default account's keys when this start created them, else null. */
    public IssuedKey createdDefaultAccount() {
        return firstAccountKey;
    }

    public AccountService accounts() {
        return accounts;
    }

    public SecretService secrets() {
        return secrets;
    }

    @Override
    public void close() {
        api.stop();
        if (resolver != null) {
            resolver.close();
        }
        ops.close();
        try {
            worker.close();
            diskModule.close();
            runtime.close();
        } catch (IOException e) {
            // closing is best effort; the engine keeps running containers either way
        }
        // given up only once the work in hand is finished, so that the next holder never does it at the same time
        leases.close();
        nonces.close();
        database.close();
    }

    /**
     * The operator token is the database's (sealed), so that every replica accepts the same one;
     * the first server makes it (from SecureRandom, or takes the one its data folder already held)
     * and each server writes it to its data folder's {@code admin-token} for the operator.
     */
    private static String operatorToken(Settings settings, AtRestCipher cipher, Path file) {
        String token = cipher.open(settings.getOrCreate(Settings.OPERATOR_TOKEN, () -> cipher.seal(firstLineOf(file).orElseGet(Ids::token))));
        if (!firstLineOf(file).filter(token::equals).isPresent()) {
            PrivateFiles.write(file, token + "\n");
        }
        return token;
    }

    private static Optional<String> firstLineOf(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()).filter(t -> !t.isEmpty()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The operator API's own address, when NC_ADMIN_PORT gives one (NC_ADMIN_BIND defaults to the tenants' address). */
    private static ApiServer.Listen operatorListen(Config.Security security, String tenantBind) {
        if (security.operatorPort() == null) {
            return null;
        }
        return new ApiServer.Listen(security.operatorBind() != null ? security.operatorBind() : tenantBind, security.operatorPort());
    }

    private static TlsIdentity tls(Config.Security security) {
        if (security.tlsCertificate() == null && security.tlsKey() == null) {
            return null;
        }
        if (security.tlsCertificate() == null || security.tlsKey() == null) {
            throw new StartupRefused("HTTPS needs both NC_TLS_CERT (PEM certificate chain) and NC_TLS_KEY (PKCS#8 PEM key)");
        }
        return TlsIdentity.load(security.tlsCertificate(), security.tlsKey());
    }

    /** The port of the operator API (the tenants' unless NC_ADMIN_PORT gives it its own). */
    public int operatorPort() {
        return api.operatorPort();
    }

    /** http or https. */
    public String scheme() {
        return config.security().tlsCertificate() != null ? "https" : "http";
    }

    private static RegistryPolicy configuredRegistryPolicy(Config.Security security) {
        try {
            return new RegistryPolicy(security.registryAllow(), security.registryDeny());
        } catch (ServiceException e) {
            throw new StartupRefused("NC_REGISTRY_ALLOW / NC_REGISTRY_DENY: " + e.getMessage());
        }
    }

    /** This server's id among replicas, kept in its data folder (so a restart keeps the leases it held). */
    private static String replicaId(Path file) {
        Optional<String> known = firstLineOf(file);
        if (known.isPresent()) {
            return known.get();
        }
        String id = Ids.resource("replica-");
        PrivateFiles.write(file, id + "\n");
        return id;
    }

    /** The leases of work done once among replicas, and which replica this one is. */
    private Map<String, Object> leasesView() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("self", leases.self());
        out.put("leases", leases.all().stream().map(l -> Map.of("name", l.name(), "holder", l.holder(),
                "expiresAt", nc.common.Times.format(java.time.Instant.ofEpochMilli(l.expiresAtMs())))).toList());
        return out;
    }

    /** The cipher of sealed values, for the operator's key rotation. */
    public AtRestCipher cipher() {
        return cipher;
    }
}
