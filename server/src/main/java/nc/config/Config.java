package nc.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the operator can set, read once at start. Environment variables (NC_*) are the
 * interface; tests build a Config directly.
 */
public record Config(
        String bindAddress,
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        List<String> regions,
        Duration clockSkew,
        Limits defaultLimits,
        boolean acceptNativecontainerScope,
        Clock clock,
        Engine engine,
        String elasticIpPool,
        Security security) {

    /**
     * What keeps secrets and tenants apart. The master key that seals values in the database
     * (Base64 of 32 bytes, given directly or as a file; null for both: {@code master.key} in the
     * data folder, made on first start) and the keys that also open values while a rotation is
     * under way (never used to seal); the registry policy's allow and deny lists; TLS; the operator
     * API's own address.
     */
    public record Security(String masterKey, Path masterKeyFile, List<String> acceptedMasterKeys,
            List<String> registryAllow, List<String> registryDeny, Path tlsCertificate, Path tlsKey,
            String operatorBind, Integer operatorPort) {
        public static Security defaults() {
            return new Security(null, null, List.of(), List.of(), List.of(), null, null, null, null);
        }

        public Security withMasterKey(String value) {
            return new Security(value, masterKeyFile, acceptedMasterKeys, registryAllow, registryDeny, tlsCertificate, tlsKey,
                    operatorBind, operatorPort);
        }

        public Security withMasterKeyFile(Path value) {
            return new Security(masterKey, value, acceptedMasterKeys, registryAllow, registryDeny, tlsCertificate, tlsKey,
                    operatorBind, operatorPort);
        }

        public Security withAcceptedMasterKeys(List<String> value) {
            return new Security(masterKey, masterKeyFile, List.copyOf(value), registryAllow, registryDeny, tlsCertificate, tlsKey,
                    operatorBind, operatorPort);
        }

        /** The registries tenants may pull from (empty: all but those denied) and those they may not (NC_REGISTRY_ALLOW, NC_REGISTRY_DENY). */
        public Security withRegistryPolicy(List<String> allow, List<String> deny) {
            return new Security(masterKey, masterKeyFile, acceptedMasterKeys, List.copyOf(allow), List.copyOf(deny), tlsCertificate,
                    tlsKey, operatorBind, operatorPort);
        }

        /** HTTPS with this PEM certificate chain and PKCS#8 PEM key (NC_TLS_CERT, NC_TLS_KEY); both null: HTTP. */
        public Security withTls(Path certificate, Path key) {
            return new Security(masterKey, masterKeyFile, acceptedMasterKeys, registryAllow, registryDeny, certificate, key,
                    operatorBind, operatorPort);
        }

        /** The operator API on an address of its own (NC_ADMIN_BIND, NC_ADMIN_PORT); a null port: with the tenants'. */
        public Security withOperatorAddress(String bind, Integer port) {
            return new Security(masterKey, masterKeyFile, acceptedMasterKeys, registryAllow, registryDeny, tlsCertificate, tlsKey,
                    bind, port);
        }
    }

    /**
     * Where containers run: the engine's address, the Docker Hub mirror, how often the engine is
     * re-read, the folder that holds cloud disks (null: {@code disks} in the data folder), and
     * whether containers without an elastic IP reach the outside through the host's address
     * (shared outbound NAT, off as on a cloud; it applies to subnets' networks made from then on).
     */
    public record Engine(String dockerHost, String registryMirror, Duration syncEvery, Path diskDir, boolean sharedOutboundNat) {

        public Engine(String dockerHost, String registryMirror, Duration syncEvery) {
            this(dockerHost, registryMirror, syncEvery, null, false);
        }

        public Engine(String dockerHost, String registryMirror, Duration syncEvery, Path diskDir) {
            this(dockerHost, registryMirror, syncEvery, diskDir, false);
        }

        public Engine withSharedOutboundNat(boolean value) {
            return new Engine(dockerHost, registryMirror, syncEvery, diskDir, value);
        }
    }

    /** Public addresses of elastic IPs: loopback ones by default, so that no traffic can leave the machine. */
    public static final String DEFAULT_ELASTIC_IP_POOL = "127.100.0.0/24";

    public static final List<String> DEFAULT_REGIONS = List.of("cn-north-1", "cn-east-1", "cn-east-2", "cn-south-1");

    /** Per-account, per-region limits that apply until the operator sets others. */
    public record Limits(int containers, int secrets) {
    }

    public static Config fromEnvironment(Map<String, String> env) {
        Path data = Path.of(env.getOrDefault("NC_DATA", "./data")).toAbsolutePath().normalize();
        return defaults(data)
                .withBindAddress(env.getOrDefault("NC_BIND", "127.0.0.1"))
                .withPort(Integer.parseInt(env.getOrDefault("NC_PORT", "8080")))
                .withDatabase(env.get("NC_DB_URL"), env.getOrDefault("NC_DB_USER", ""), env.getOrDefault("NC_DB_PASSWORD", ""))
                .withRegions(env.containsKey("NC_REGIONS") ? List.of(env.get("NC_REGIONS").split(",")) : DEFAULT_REGIONS)
                .withClockSkew(Duration.ofMinutes(Long.parseLong(env.getOrDefault("NC_CLOCK_SKEW_MINUTES", "15"))))
                .withEngine(new Engine(env.getOrDefault("NC_DOCKER_HOST", "unix:///var/run/docker.sock"),
                        env.get("NC_REGISTRY_MIRROR"),
                        Duration.ofSeconds(Long.parseLong(env.getOrDefault("NC_SYNC_SECONDS", "5"))),
                        Path.of(env.getOrDefault("NC_DISK_DIR", "/var/lib/nc/disks")).toAbsolutePath().normalize(),
                        Boolean.parseBoolean(env.getOrDefault("NC_SHARED_OUTBOUND_NAT", "false"))))
                .withElasticIpPool(env.getOrDefault("NC_EIP_POOL", DEFAULT_ELASTIC_IP_POOL))
                .withSecurity(Security.defaults()
                        .withMasterKey(blankToNull(env.get("NC_MASTER_KEY")))
                        .withMasterKeyFile(path(env.get("NC_MASTER_KEY_FILE")))
                        .withAcceptedMasterKeys(list(env.get("NC_MASTER_KEYS_ACCEPTED")))
                        .withRegistryPolicy(list(env.get("NC_REGISTRY_ALLOW")), list(env.get("NC_REGISTRY_DENY")))
                        .withTls(path(env.get("NC_TLS_CERT")), path(env.get("NC_TLS_KEY")))
                        .withOperatorAddress(blankToNull(env.get("NC_ADMIN_BIND")),
                                blankToNull(env.get("NC_ADMIN_PORT")) == null ? null : Integer.valueOf(env.get("NC_ADMIN_PORT").strip())));
    }

    private static Path path(String value) {
        return blankToNull(value) == null ? null : Path.of(value.strip()).toAbsolutePath().normalize();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A comma-separated list, blanks dropped. */
    private static List<String> list(String value) {
        return value == null ? List.of() : java.util.Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** Loopback, port 8080, embedded H2 under the data folder, default regions and limits. */
    public static Config defaults(Path dataDir) {
        return new Config("127.0.0.1", 8080, dataDir, null, "", "", DEFAULT_REGIONS, Duration.ofMinutes(15),
                new Limits(20, 20), true, Clock.systemUTC(),
                new Engine("unix:///var/run/docker.sock", null, Duration.ofSeconds(5)), DEFAULT_ELASTIC_IP_POOL, Security.defaults());
    }

    /** The folder of cloud disks: sparse files, loop devices' mount folders (one subfolder per installation). */
    public Path diskDir() {
        return engine.diskDir() != null ? engine.diskDir() : dataDir.resolve("disks");
    }

    /** The JDBC URL in force: the operator's, or an H2 file in the data folder. */
    public String effectiveDbUrl() {
        if (dbUrl != null && !dbUrl.isBlank()) {
            return dbUrl;
        }
        // WRITE_DELAY=0: a commit is on disk before the client hears of it, even if the process is killed right after
        return "jdbc:h2:file:" + dataDir.resolve("nc").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    public Config withBindAddress(String value) {
        return new Config(value, port, dataDir, dbUrl, dbUser, dbPassword, regions, clockSkew, defaultLimits, acceptNativecontainerScope, clock, engine, elasticIpPool, security);
    }

    public Config withPort(int value) {
        return new Config(bindAddress, value, dataDir, dbUrl, dbUser, dbPassword, regions, clockSkew, defaultLimits, acceptNativecontainerScope, clock, engine, elasticIpPool, security);
    }

    public Config withDatabase(String url, String user, String password) {
        return new Config(bindAddress, port, dataDir, url, user, password, regions, clockSkew, defaultLimits, acceptNativecontainerScope, clock, engine, elasticIpPool, security);
    }

    public Config withRegions(List<String> value) {
        return new Config(bindAddress, port, dataDir, dbUrl, dbUser, dbPassword, List.copyOf(value), clockSkew, defaultLimits, acceptNativecontainerScope, clock, engine, elasticIpPool, security);
    }

    public Config withClockSkew(Duration value) {
        return new Config(bindAddress, port, dataDir, dbUrl, dbUser, dbPassword, regions, value, defaultLimits, acceptNativecontainerScope, clock, engine, elasticIpPool, security);
    }

    public Config withDefaultLimits(Limits value) {
        return new Config(bindAddress, port, dataDir, dbUrl, dbUser, dbPassword, regions, clockSkew, value, acceptNativecontainerScope, clock, engine, elasticIpPool, security);
    }

    public Config withEngine(Engine value) {
        return new Config(bindAddress, port, dataDir, dbUrl, dbUser, dbPassword, regions, clockSkew, defaultLimits, acceptNativecontainerScope, clock, value, elasticIpPool, security);
    }

    public Config withClock(Clock value) {
        return new Config(bindAddress, port, dataDir, dbUrl, dbUser, dbPassword, regions, clockSkew, defaultLimits, acceptNativecontainerScope, value, engine, elasticIpPool, security);
    }

    /** NC_EIP_POOL: ranges for every region ({@code 127.100.0.0/24}) or per region ({@code cn-north-1=127.100.0.0/25}), comma-separated. */
    public Config withElasticIpPool(String value) {
        return new Config(bindAddress, port, dataDir, dbUrl, dbUser, dbPassword, regions, clockSkew, defaultLimits, acceptNativecontainerScope, clock, engine, value, security);
    }

    public Config withSecurity(Security value) {
        return new Config(bindAddress, port, dataDir, dbUrl, dbUser, dbPassword, regions, clockSkew, defaultLimits, acceptNativecontainerScope, clock, engine, elasticIpPool, value);
    }
}
