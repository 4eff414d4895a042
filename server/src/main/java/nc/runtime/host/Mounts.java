package nc.runtime.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Filesystems mounted in nc's mount namespace (which the engine shares), from /proc/self/mountinfo. */
final class Mounts {
    private static final Logger LOG = LoggerFactory.getLogger(Mounts.class);
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Mounts() {
    }

    /** One mount: where, what and which filesystem. */
    record Mount(Path target, String source, String fsType) {
    }

    static List<Mount> list() {
        List<String> lines;
        try {
            lines = Files.readAllLines(MOUNTINFO);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTINFO, e);
        }
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            // id parent major:minor root target options [optional fields...] - fstype source superoptions
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            mounts.add(new Mount(Path.of(unescape(f[4])), unescape(f[dash + 2]), f[dash + 1]));
        }
        return mounts;
    }

    /** The topmost mount on this folder, if any. */
    static Optional<Mount> at(Path target) {
        Mount found = null;
        for (Mount m : list()) {
            if (m.target().equals(target)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Mounts on folders inside {@code dir}. */
    static List<Mount> under(Path dir) {
        return list().stream().filter(m -> m.target().startsWith(dir) && !m.target().equals(dir)).toList();
    }

    /** A disk made from a snapshot carries its source's xfs UUID, which xfs refuses to mount twice unless told not to check. */
    static void mount(String device, String fsType, Path target) {
        if ("xfs".equals(fsType)) {
            HostCommand.run("mount", "-t", fsType, "-o", "nouuid", device, target.toString());
        } else {
            HostCommand.run("mount", "-t", fsType, device, target.toString());
        }
    }

    /** Unmounts; a mount some host process still holds is detached lazily and goes when released. */
    static void unmount(Path target) {
        HostCommand.Result result = HostCommand.execute(HostCommand.DEFAULT_LIMIT, "umount", target.toString());
        if (result.ok() || result.stderr().contains("not mounted")) {
            return;
        }
        if (result.stderr().contains("busy")) {
            LOG.warn("{} is busy; detaching it lazily", target);
            HostCommand.run("umount", "-l", target.toString());
            return;
        }
        result.orThrow();
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
