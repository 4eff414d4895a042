package nc.container.spec;

import static nc.error.ServiceException.invalid;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import nc.container.spec.ValidatedCreate.ChargePlan;
import nc.container.spec.ValidatedCreate.EipPlan;
import nc.container.spec.ValidatedCreate.NewDisk;
import nc.container.spec.ValidatedCreate.VolumePlan;

/**
 * Every createContainers check that needs no database (docs/api/nc.md §4.1, §5.1, §8). The first failure wins;
 * each is INVALID_ARGUMENT naming the field path from the body root. Checks follow the body's field order.
 */
public final class ContainerSpecValidator {
    private static final String SPEC = "containerSpec";
    private static final String POSTPAID = "postpaid_by_duration";
    private static final String PREPAID = "prepaid_by_duration";
    private static final String BY_USAGE = "postpaid_by_usage";
    private static final String LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])";
    private static final Pattern HOSTNAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");
    private static final Pattern NAME = Pattern.compile("[\\p{InCJK_Unified_Ideographs}A-Za-z0-9_-]{1,32}");
    private static final String NAME_RULE = "1-32 characters: Chinese characters, letters, digits, '_' and '-'";
    private static final Set<String> FS_TYPES = Set.of("xfs", "ext4");
    private static final Set<String> PROVIDERS = Set.of("bgp", "no_bgp");
    private static final Set<String> CHARGE_MODES = Set.of(PREPAID, POSTPAID, BY_USAGE);
    private static final Map<String, SizeRange> ROOT_SIZES =
            Map.of("ssd", new SizeRange(10, 100), "premium-hdd", new SizeRange(20, 1000));
    private static final Map<String, SizeRange> DATA_SIZES =
            Map.of("ssd", new SizeRange(20, 1000), "premium-hdd", new SizeRange(20, 3000));

    private final Predicate<String> knownInstanceType;
    private final Function<String, Set<String>> zonesOfRegion;

    public ContainerSpecValidator(Predicate<String> knownInstanceType, Function<String, Set<String>> zonesOfRegion) {
        this.knownInstanceType = knownInstanceType;
        this.zonesOfRegion = zonesOfRegion;
    }

    private record SizeRange(int min, int max) {
    }

    private record Nic(String subnetId, String primaryIpAddress, List<String> securityGroups,
                       boolean sanityCheck, String description) {
    }

    public ValidatedCreate validate(String regionId, CreateContainersRequest request) {
        if (request == null || request.containerSpec() == null) {
            throw invalid(SPEC, "required");
        }
        int maxCount = maxCount(request.maxCount());
        String clientToken = clientToken(request.clientToken());
        ContainerSpec spec = request.containerSpec();
        String instanceType = instanceType(spec.instanceType());
        String az = az(regionId, spec.az());
        checkName(SPEC + ".name", spec.name());
        List<HostAlias> hostAliases = hostAliases(spec.hostAliases());
        String hostname = hostname(spec.hostname());
        List<String> command = strings(SPEC + ".command", spec.command(), 256);
        List<String> args = strings(SPEC + ".args", spec.args(), 2048);
        List<EnvVar> envs = envs(SPEC + ".envs", spec.envs());
        ImageReference image = ImageReference.parse(spec.image());
        String workingDir = workingDir(SPEC + ".workingDir", spec.workingDir());
        if (spec.rootVolume() == null) {
            throw invalid(SPEC + ".rootVolume", "required");
        }
        VolumePlan rootVolume = volume(SPEC + ".rootVolume", spec.rootVolume(), az, true);
        List<VolumePlan> dataVolumes = dataVolumes(spec.dataVolumes(), az);
        EipPlan elasticIp = elasticIp(spec.elasticIp());
        Nic nic = nic(spec.primaryNetworkInterface(), az, maxCount);
        LogConfiguration logConfiguration = logConfiguration(spec.logConfiguration());
        String description = description(SPEC + ".description", spec.description());
        ChargePlan charge = charge(spec.charge());
        List<nc.disk.Tag> tags = userTags(spec.userTags());
        if (spec.resourceGroupId() != null && !spec.resourceGroupId().isEmpty()) {
            throw invalid(SPEC + ".resourceGroupId", "resource groups are not supported: must be absent or empty");
        }
        return new ValidatedCreate(maxCount, clientToken, instanceType, az, spec.name(), hostAliases, hostname,
                command, args, envs, image, spec.secret(), Boolean.TRUE.equals(spec.tty()), workingDir,
                rootVolume, dataVolumes, elasticIp, nic.subnetId(), nic.primaryIpAddress(), nic.securityGroups(),
                nic.sanityCheck(), nic.description(), logConfiguration, description, charge, tags, spec.imageCacheId());
    }

    /** Rule 45: container names, and disk names likewise. */
    public static void checkName(String field, String name) {
        if (name == null) {
            throw invalid(field, "required: " + NAME_RULE);
        }
        if (!NAME.matcher(name).matches()) {
            throw invalid(field, NAME_RULE);
        }
    }

    /** Rule 46; returns the description with its default "". */
    public static String description(String field, String description) {
        if (description == null) {
            return "";
        }
        if (description.length() > 256) {
            throw invalid(field, "at most 256 characters");
        }
        return description;
    }

    // ---- the body and the container's own fields ------------------------------------------------

    private static int maxCount(Integer maxCount) {
        if (maxCount == null) {
            return 1;
        }
        if (maxCount < 1 || maxCount > 100) {
            throw invalid("maxCount", "must be in [1, 100]");
        }
        return maxCount;
    }

    private static String clientToken(String token) {
        // An empty token would make every token-less retry of a client that sends "" a duplicate.
        if (token == null || token.isEmpty()) {
            return null;
        }
        if (token.length() > 64 || !token.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw invalid("clientToken", "at most 64 printable ASCII characters");
        }
        return token;
    }

    private String instanceType(String instanceType) {
        String field = SPEC + ".instanceType";
        if (instanceType == null || instanceType.isEmpty()) {
            throw invalid(field, "required");
        }
        if (!knownInstanceType.test(instanceType)) {
            throw invalid(field, "unknown instance type " + instanceType);
        }
        return instanceType;
    }

    private String az(String regionId, String az) {
        String field = SPEC + ".az";
        if (az == null || az.isEmpty()) {
            throw invalid(field, "required");
        }
        Set<String> zones = zonesOfRegion.apply(regionId);
        if (zones == null || !zones.contains(az)) {
            throw invalid(field, "not an availability zone of " + regionId);
        }
        return az;
    }

    private static List<HostAlias> hostAliases(List<HostAlias> aliases) {
        String field = SPEC + ".hostAliases";
        List<HostAlias> checked = new ArrayList<>();
        List<HostAlias> given = elements(field, aliases, 10);
        for (int i = 0; i < given.size(); i++) {
            String entry = field + "[" + i + "]";
            HostAlias alias = given.get(i);
            List<String> names = alias.hostnames();
            if (names == null || names.isEmpty()) {
                throw invalid(entry + ".hostnames", "at least one host name");
            }
            for (int j = 0; j < names.size(); j++) {
                String name = names.get(j);
                if (name == null || name.length() > 253 || !HOSTNAME.matcher(name).matches()) {
                    throw invalid(entry + ".hostnames[" + j + "]",
                            "a host name of at most 253 characters: labels of letters, digits and '-' joined by dots");
                }
            }
            checkIpv4(entry + ".ip", alias.ip());
            checked.add(new HostAlias(List.copyOf(names), alias.ip()));
        }
        return List.copyOf(checked);
    }

    private static String hostname(String hostname) {
        if (hostname == null) {
            return null;
        }
        if (hostname.length() > 63 || !HOSTNAME.matcher(hostname).matches()) {
            throw invalid(SPEC + ".hostname", "at most 63 characters: labels of letters, digits and '-'"
                    + " (not first or last) joined by dots");
        }
        return hostname;
    }

    /** userTags (docs/api/nativecontainer.md §5.2): the Tag rule, and no key or value starting with {@code jrn:}. */
    private static List<nc.disk.Tag> userTags(List<nc.disk.Tag> given) {
        String field = SPEC + ".userTags";
        List<nc.disk.Tag> tags = nc.disk.TagRules.check(field, given);
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i).key().startsWith("jrn:")) {
                throw invalid(field + "[" + i + "].key", "must not start with jrn:");
            }
            if (tags.get(i).value().startsWith("jrn:")) {
                throw invalid(field + "[" + i + "].value", "must not start with jrn:");
            }
        }
        return tags;
    }

    /** Rule 47 counts the characters of all elements together. */
    public static List<String> strings(String field, List<String> values, int maxChars) {
        List<String> given = elements(field, values, Integer.MAX_VALUE);
        if (given.stream().mapToInt(String::length).sum() > maxChars) {
            throw invalid(field, "at most " + maxChars + " characters in total");
        }
        return List.copyOf(given);
    }

    /** EnvVar rules of docs/api/nc.md §4.1: at most 100, names distinct; an absent value is "". */
    public static List<EnvVar> envs(String field, List<EnvVar> envs) {
        List<EnvVar> given = elements(field, envs, 100);
        List<EnvVar> checked = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String nameField = field + "[" + i + "].name";
            String name = given.get(i).name();
            if (name == null || name.isEmpty() || name.length() > 256 || name.contains("=") || name.contains("\0")) {
                throw invalid(nameField, "1-256 characters without '=' or NUL");
            }
            if (!names.add(name)) {
                throw invalid(nameField, "duplicate name " + name);
            }
            String value = given.get(i).value();
            checked.add(new EnvVar(name, value == null ? "" : value));
        }
        return List.copyOf(checked);
    }

    /** An absolute path of at most 1024 characters; absent means {@code /}. */
    public static String workingDir(String field, String workingDir) {
        if (workingDir == null) {
            return "/";
        }
        if (!workingDir.startsWith("/") || workingDir.length() > 1024) {
            throw invalid(field, "an absolute path of at most 1024 characters");
        }
        return workingDir;
    }

    // ---- volumes --------------------------------------------------------------------------------

    private static List<VolumePlan> dataVolumes(List<VolumeMountSpec> volumes, String az) {
        String field = SPEC + ".dataVolumes";
        List<VolumeMountSpec> given = elements(field, volumes, 7);
        List<VolumePlan> plans = new ArrayList<>();
        Set<String> mountPaths = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String entry = field + "[" + i + "]";
            VolumePlan plan = volume(entry, given.get(i), az, false);
            if (!mountPaths.add(normalized(plan.mountPath()))) {
                throw invalid(entry + ".mountPath", "another data volume is mounted at " + plan.mountPath());
            }
            plans.add(plan);
        }
        return List.copyOf(plans);
    }

    private static VolumePlan volume(String field, VolumeMountSpec volume, String az, boolean root) {
        if (volume.category() == null) {
            throw invalid(field + ".category", "required: cloud");
        }
        if (!"cloud".equals(volume.category())) {
            throw invalid(field + ".category", "only cloud is supported");
        }
        String mountPath = root ? rootMountPath(field, volume.mountPath()) : dataMountPath(field, volume.mountPath());
        boolean readOnly = Boolean.TRUE.equals(volume.readOnly());
        if (root && readOnly) {
            throw invalid(field + ".readOnly", "the root volume cannot be read-only");
        }
        if ((volume.cloudDiskSpec() == null) == (volume.cloudDiskId() == null)) {
            throw invalid(field, "exactly one of cloudDiskSpec and cloudDiskId must be set");
        }
        NewDisk newDisk = volume.cloudDiskSpec() == null ? null
                : newDisk(field + ".cloudDiskSpec", volume.cloudDiskSpec(), az, root ? ROOT_SIZES : DATA_SIZES);
        String fsType = fsType(field + ".fsType", volume.fsType(), newDisk != null);
        boolean format = newDisk != null || Boolean.TRUE.equals(volume.formatVolume());
        boolean autoDelete = volume.autoDelete() == null || volume.autoDelete();
        return new VolumePlan(root, mountPath, readOnly, autoDelete, fsType, format, newDisk, volume.cloudDiskId());
    }

    private static String rootMountPath(String field, String mountPath) {
        if (mountPath != null && !mountPath.equals("/")) {
            throw invalid(field + ".mountPath", "the root volume is mounted at /");
        }
        return "/";
    }

    private static String dataMountPath(String field, String mountPath) {
        String path = field + ".mountPath";
        if (mountPath == null) {
            throw invalid(path, "required");
        }
        if (!mountPath.startsWith("/") || mountPath.contains(":") || mountPath.contains("\0")) {
            throw invalid(path, "an absolute path without ':'");
        }
        // "." and ".." would let Docker resolve a data volume onto / or onto another volume's path.
        for (String segment : mountPath.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(path, "must not contain '.' or '..' segments");
            }
        }
        if (normalized(mountPath).equals("/")) {
            throw invalid(path, "/ is the root volume's");
        }
        return mountPath;
    }

    private static String normalized(String path) {
        String collapsed = path.replaceAll("/+", "/");
        return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
    }

    private static NewDisk newDisk(String field, DiskSpec disk, String az, Map<String, SizeRange> sizes) {
        if (disk.az() != null && !disk.az().equals(az)) {
            throw invalid(field + ".az", "must equal containerSpec.az (" + az + ")");
        }
        checkName(field + ".name", disk.name());
        String description = description(field + ".description", disk.description());
        String type = disk.diskType();
        if (type == null) {
            throw invalid(field + ".diskType", "required: ssd or premium-hdd");
        }
        SizeRange range = sizes.get(type);
        if (range == null) {
            throw invalid(field + ".diskType", "must be ssd or premium-hdd");
        }
        Integer size = disk.diskSizeGB();
        if (size == null) {
            throw invalid(field + ".diskSizeGB", "required");
        }
        if (size < range.min() || size > range.max() || size % 10 != 0) {
            throw invalid(field + ".diskSizeGB",
                    "must be a multiple of 10 in [" + range.min() + ", " + range.max() + "] for " + type);
        }
        if (Boolean.TRUE.equals(disk.multiAttachable())) {
            throw invalid(field + ".multiAttachable", "must be false: disks created with a container are not shared");
        }
        return new NewDisk(disk.name(), description, type, size, disk.snapshotId());
    }

    private static String fsType(String field, String fsType, boolean newDisk) {
        if (fsType == null) {
            if (newDisk) {
                return "xfs";
            }
            throw invalid(field, "required for an existing disk: xfs or ext4");
        }
        if (!FS_TYPES.contains(fsType)) {
            throw invalid(field, "must be xfs or ext4");
        }
        return fsType;
    }

    // ---- network --------------------------------------------------------------------------------

    private static EipPlan elasticIp(ElasticIpSpec eip) {
        if (eip == null) {
            return null;
        }
        String field = SPEC + ".elasticIp";
        Integer bandwidth = eip.bandwidthMbps();
        if (bandwidth == null) {
            throw invalid(field + ".bandwidthMbps", "required: 1-200");
        }
        if (bandwidth < 1 || bandwidth > 200) {
            throw invalid(field + ".bandwidthMbps", "must be in [1, 200]");
        }
        String provider = eip.provider() == null ? "bgp" : eip.provider();
        if (!PROVIDERS.contains(provider)) {
            throw invalid(field + ".provider", "must be bgp or no_bgp");
        }
        String mode = eip.chargeSpec() == null ? null : eip.chargeSpec().chargeMode();
        if (mode != null && !CHARGE_MODES.contains(mode)) {
            throw invalid(field + ".chargeSpec.chargeMode",
                    "must be prepaid_by_duration, postpaid_by_duration or postpaid_by_usage");
        }
        return new EipPlan(bandwidth, provider, BY_USAGE.equals(mode));
    }

    private static Nic nic(NetworkInterfaceAttachmentSpec attachment, String az, int maxCount) {
        String field = SPEC + ".primaryNetworkInterface";
        if (attachment == null) {
            throw invalid(field, "required");
        }
        if (Boolean.FALSE.equals(attachment.autoDelete())) {
            throw invalid(field + ".autoDelete", "only true is supported");
        }
        // 0 as nativecontainer 2.3.0's createContainers text asks, 1 as its model says (docs/api/nativecontainer.md §5.2)
        if (attachment.deviceIndex() != null && attachment.deviceIndex() != 0 && attachment.deviceIndex() != 1) {
            throw invalid(field + ".deviceIndex", "only 0 or 1 (the primary interface) is supported");
        }
        NetworkInterfaceSpec nic = attachment.networkInterface();
        field += ".networkInterface";
        if (nic == null) {
            throw invalid(field, "required");
        }
        if (nic.subnetId() == null || nic.subnetId().isEmpty()) {
            throw invalid(field + ".subnetId", "required");
        }
        if (nic.az() != null && !nic.az().equals(az)) {
            throw invalid(field + ".az", "must equal containerSpec.az (" + az + ")");
        }
        if (nic.primaryIpAddress() != null) {
            checkIpv4(field + ".primaryIpAddress", nic.primaryIpAddress());
            if (maxCount != 1) {
                throw invalid("maxCount", "must be 1 when " + field + ".primaryIpAddress is set");
            }
        }
        if (nic.secondaryIpAddresses() != null && !nic.secondaryIpAddresses().isEmpty()) {
            throw invalid(field + ".secondaryIpAddresses", "not supported: must be absent or empty");
        }
        if (nic.secondaryIpCount() != null && nic.secondaryIpCount() != 0) {
            throw invalid(field + ".secondaryIpCount", "not supported: must be absent or 0");
        }
        List<String> groups = securityGroups(field + ".securityGroups", nic.securityGroups());
        String description = description(field + ".description", nic.description());
        boolean sanityCheck = nic.sanityCheck() == null || nic.sanityCheck();
        return new Nic(nic.subnetId(), nic.primaryIpAddress(), groups, sanityCheck, description);
    }

    private static List<String> securityGroups(String field, List<String> groups) {
        if (groups == null || groups.isEmpty()) {
            throw invalid(field, "required: 1-5 security group ids");
        }
        List<String> given = elements(field, groups, 5);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            if (!seen.add(given.get(i))) {
                throw invalid(field + "[" + i + "]", "duplicate security group " + given.get(i));
            }
        }
        return List.copyOf(given);
    }

    // ---- logs and billing -----------------------------------------------------------------------

    private static LogConfiguration logConfiguration(LogConfiguration logs) {
        if (logs == null) {
            return new LogConfiguration("default", null);
        }
        if (logs.logDriver() != null && !logs.logDriver().equals("default")) {
            throw invalid(SPEC + ".logConfiguration.logDriver", "only default is supported");
        }
        return new LogConfiguration("default", logs.options());
    }

    private static ChargePlan charge(ChargeSpec charge) {
        String field = SPEC + ".charge";
        String mode = charge == null || charge.chargeMode() == null ? POSTPAID : charge.chargeMode();
        if (mode.equals(BY_USAGE)) {
            throw invalid(field + ".chargeMode", "postpaid_by_usage is for elastic IPs only;"
                    + " a container is postpaid_by_duration or prepaid_by_duration");
        }
        if (mode.equals(POSTPAID)) {
            return new ChargePlan(POSTPAID, null, null);
        }
        if (!mode.equals(PREPAID)) {
            throw invalid(field + ".chargeMode", "must be postpaid_by_duration or prepaid_by_duration");
        }
        String unit = charge.chargeUnit() == null ? "month" : charge.chargeUnit();
        int maxDuration = switch (unit) {
            case "month" -> 9;
            case "year" -> 3;
            default -> throw invalid(field + ".chargeUnit", "must be month or year");
        };
        Integer duration = charge.chargeDuration();
        if (duration == null) {
            throw invalid(field + ".chargeDuration", "required for prepaid_by_duration");
        }
        if (duration < 1 || duration > maxDuration) {
            throw invalid(field + ".chargeDuration", "must be in [1, " + maxDuration + "] for " + unit);
        }
        return new ChargePlan(PREPAID, unit, duration);
    }

    // ---- shared ---------------------------------------------------------------------------------

    /** An optional list: absent is empty; at most {@code max} entries, none of them null. */
    private static <T> List<T> elements(String field, List<T> values, int max) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > max) {
            throw invalid(field, "at most " + max);
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw invalid(field + "[" + i + "]", "must not be null");
            }
        }
        return values;
    }

    private static void checkIpv4(String field, String ip) {
        if (ip == null) {
            throw invalid(field, "required: a dotted IPv4 address");
        }
        if (!IPV4.matcher(ip).matches()) {
            throw invalid(field, "must be a dotted IPv4 address");
        }
    }
}
