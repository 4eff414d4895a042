package nc.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nc.runtime.ContainerRuntime;
import nc.tenantnet.kernel.Names;
import org.slf4j.LoggerFactory;

/**
 * The objects of OTHER nc installations on this host and engine: engine containers whose
 * {@code nc.owner} is not ours, VPC namespaces of another scope, disk folders of another owner
 * beside ours. Another installation may still be running, or its data folder may be gone (its
 * objects then stay until removed with {@code ./ncctl remove-installation ID}). Nothing here
 * removes anything; {@link InstallationCommand} does, when the operator asks. A failure to look
 * (the engine not answering) finds nothing rather than stopping the start.
 */
public final class Leftovers {
    private static final Pattern NAMESPACE = Pattern.compile("nc-([0-9a-f]{6})-.+");
    private static final Pattern OWNER_FOLDER = Pattern.compile("nc-[a-z0-9]{4,40}");

    /** One other installation: its owner id when known (else only the scope of its host objects), and what it has here. */
    public record Other(String owner, String scope, List<String> objects) {
        /** What to run to remove it, once it is known to be gone. */
        public String cleanUp() {
            return "./ncctl remove-installation " + (owner != null ? owner : scope);
        }
    }

    private Leftovers() {
    }

    /**
     * @param diskDir the folder holding each installation's disk folder (named by its owner id); may be null
     */
    public static List<Other> find(ContainerRuntime runtime, String owner, Path diskDir) {
        String ownScope = Names.forOwner(owner).scope();
        Map<String, List<String>> byOwner = new TreeMap<>();
        try {
            if (runtime.available()) {
                runtime.listByLabel(Footprint.OWNER_LABEL, null).forEach(c -> {
                    String other = c.labels().get(Footprint.OWNER_LABEL);
                    if (other != null && !other.equals(owner)) {
                        byOwner.computeIfAbsent(other, k -> new ArrayList<>()).add("engine container " + c.name());
                    }
                });
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Leftovers.class).warn("could not list the engine's containers to find other installations'", e);
        }
        for (String folder : list(diskDir)) {
            if (OWNER_FOLDER.matcher(folder).matches() && !folder.equals(owner)) {
                byOwner.computeIfAbsent(folder, k -> new ArrayList<>()).add("disk folder " + diskDir.resolve(folder));
            }
        }
        Map<String, String> ownerOfScope = new LinkedHashMap<>();
        byOwner.keySet().forEach(o -> ownerOfScope.put(Names.forOwner(o).scope(), o));
        Map<String, List<String>> byScope = new TreeMap<>();
        for (String ns : list(Path.of("/run/netns"))) {
            Matcher m = NAMESPACE.matcher(ns);
            if (m.matches() && !m.group(1).equals(ownScope)) {
                String known = ownerOfScope.get(m.group(1));
                if (known != null) {
                    byOwner.get(known).add("netns " + ns);
                } else {
                    byScope.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add("netns " + ns);
                }
            }
        }
        List<Other> out = new ArrayList<>();
        byOwner.forEach((o, objects) -> out.add(new Other(o, Names.forOwner(o).scope(), List.copyOf(objects))));
        byScope.forEach((s, objects) -> out.add(new Other(null, s, List.copyOf(objects))));
        return out;
    }

    /** One line for people: whose objects, how many, and how to remove them. */
    public static String describe(Other other) {
        return "installation " + Objects.requireNonNullElse(other.owner(), "of host scope " + other.scope()) + ": "
                + other.objects().size() + " object(s), e.g. " + other.objects().get(0) + "; if it is gone, remove them with `"
                + other.cleanUp() + "`";
    }

    private static List<String> list(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
