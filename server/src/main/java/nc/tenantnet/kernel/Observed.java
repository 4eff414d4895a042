package nc.tenantnet.kernel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one VPC namespace holds, from a single listing of its links, addresses, routing rules and rule set. */
record Observed(Map<String, Link> links, Map<String, Set<String>> addresses, Set<String> blackholed, String hostRoutes, int hostClasses,
        int rulesetHash) {

    /** A link: its name (without the {@code @peer} part), whether it is administratively up, its bridge. */
    record Link(String name, boolean up, String master) {
    }

    /**
     * Parses the four sections, split by "@@" lines: the router's {@code ip -o -4 -batch} of
     * {@code link show}, {@code addr show} and {@code rule show} (told apart by their shape), then
     * (of the host) {@code ip -o -4 route show table all dev <transit>} and {@code tc class show dev
     * <transit>}, then the router's {@code nft list ruleset}.
     */
    static Observed parse(String listing) {
        String[] sections = listing.split("@@\n", 4);
        List<String> linkLines = new java.util.ArrayList<>();
        List<String> addrLines = new java.util.ArrayList<>();
        List<String> ruleLines = new java.util.ArrayList<>();
        for (String line : lines(sections, 0)) {
            if (RULE.matcher(line).find()) {
                ruleLines.add(line);
            } else if (ADDRESS.matcher(line).find()) {
                addrLines.add(line);
            } else if (LINK.matcher(line).find()) {
                linkLines.add(line);
            }
        }
        Map<String, Link> links = new HashMap<>();
        for (String line : linkLines) {
            String[] parts = line.split(":\\s+", 3);
            if (parts.length < 3) {
                continue;
            }
            String name = parts[1].split("@")[0];
            String flags = parts[2].substring(parts[2].indexOf('<') + 1, Math.max(parts[2].indexOf('>'), parts[2].indexOf('<') + 1));
            List<String> words = List.of(parts[2].split("\\s+"));
            int m = words.indexOf("master");
            links.put(name, new Link(name, List.of(flags.split(",")).contains("UP"), m >= 0 ? words.get(m + 1) : null));
        }
        Map<String, Set<String>> addresses = new HashMap<>();
        for (String line : addrLines) {
            String[] words = line.split("\\s+");
            int i = List.of(words).indexOf("inet");
            if (words.length > 2 && i > 0) {
                addresses.computeIfAbsent(words[1], k -> new HashSet<>()).add(words[i + 1]);
            }
        }
        Set<String> blackholed = new HashSet<>();
        for (String line : ruleLines) {
            List<String> words = List.of(line.strip().split("\\s+"));
            int iif = words.indexOf("iif");
            if (words.contains("blackhole") && line.contains("fwmark 0/0x1") && iif >= 0) {
                blackholed.add(words.get(iif + 1));
            }
        }
        String hostRoutes = sections.length > 1 ? sections[1] : "";
        int hostClasses = (int) lines(sections, 2).stream().filter(l -> l.startsWith("class htb 1:")).count();
        int hash = sections.length > 3 ? sections[3].hashCode() : 0;
        return new Observed(links, addresses, blackholed, hostRoutes, hostClasses, hash);
    }

    private static final java.util.regex.Pattern RULE = java.util.regex.Pattern.compile("^\\d+:\t");
    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile("^\\d+: \\S+\\s+inet ");
    private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("^\\d+: \\S+: <");

    private static List<String> lines(String[] sections, int i) {
        return i < sections.length ? sections[i].lines().filter(l -> !l.isBlank()).toList() : List.of();
    }
}
