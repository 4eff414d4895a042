package nc.runtime.host.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nc.runtime.host.HostCommand;

/**
 * Reads a table with {@code iptables-save} and changes it with one {@code iptables-restore
 * --noflush} transaction: either every line of a {@link Batch} takes effect or none does, and
 * packets never see a half-changed chain (both the legacy and the nf_tables backends commit a
 * table atomically). Works with whichever backend {@code iptables} points to, which must be the
 * one the Docker Engine uses (Debian 12: nf_tables for both).
 */
final class Iptables {
    /** One writer at a time within this JVM: a batch is computed from what was read just before. */
    static final Object LOCK = new Object();
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private Iptables() {
    }

    /** A batch of changes to the table as it is now, by the scope that owns the chains named {@code NC<token>-...}. */
    static Batch batch(NetScope scope, String table) {
        return new Batch(save(table), scope.chainPrefix());
    }

    /** The current rules of one table. */
    static Saved save(String table) {
        String out = HostCommand.execute(LIMIT, "iptables-save", "-t", table).orThrow();
        return new Saved(table, out.lines().map(String::strip).filter(l -> l.startsWith(":") || l.startsWith("-A ")).toList());
    }

    /** A table as iptables-save printed it: chain declarations ({@code :NAME ...}) and rules ({@code -A NAME ...}). */
    record Saved(String table, List<String> lines) {
        boolean hasChain(String chain) {
            return lines.stream().anyMatch(l -> l.startsWith(":" + chain + " "));
        }

        List<String> chains(String prefix) {
            return lines.stream().filter(l -> l.startsWith(":" + prefix))
                    .map(l -> l.substring(1, l.indexOf(' '))).toList();
        }

        List<String> rules(String chain) {
            return lines.stream().filter(l -> l.startsWith("-A " + chain + " ")).toList();
        }

        /** Rules anywhere whose target is {@code chain}. */
        List<String> jumpsTo(String chain) {
            return lines.stream().filter(l -> l.startsWith("-A ") && (l.endsWith(" -j " + chain) || l.endsWith(" -g " + chain))).toList();
        }

        /** Rules anywhere whose comment satisfies the test. */
        List<String> withComment(java.util.function.Predicate<String> test) {
            return lines.stream().filter(l -> l.startsWith("-A ")).filter(l -> {
                String c = option(l, "--comment");
                return c != null && test.test(c);
            }).toList();
        }
    }

    /** The chain a saved rule belongs to: {@code -A CHAIN ...}. */
    static String chainOf(String savedRule) {
        String rest = savedRule.substring(3);
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
    }

    /** The value of option {@code name} (e.g. "-i", "--comment") in a saved rule, unquoted, or null. */
    static String option(String savedRule, String name) {
        String[] words = savedRule.split(" ");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals(name)) {
                return words[i + 1].replace("\"", "");
            }
        }
        return null;
    }

    /**
     * Changes to one table, applied together by {@link #commit()}. Lines are ordered so that a
     * batch can create chains, point rules at them, remove old rules and then remove chains that
     * nothing refers to any more.
     */
    static final class Batch {
        private final Saved saved;
        private final String ownPrefix;
        private final Set<String> declared = new LinkedHashSet<>();
        private final java.util.Map<String, java.util.TreeSet<Integer>> numberedDeletes = new java.util.LinkedHashMap<>();
        private final List<String> deletes = new ArrayList<>();
        private final List<String> adds = new ArrayList<>();
        private final List<String> removedChains = new ArrayList<>();

        Batch(Saved saved, String ownPrefix) {
            this.saved = saved;
            this.ownPrefix = ownPrefix;
        }

        Saved saved() {
            return saved;
        }

        /** Creates the chain when it does not exist; its rules are kept when it does. */
        Batch ensureChain(String chain) {
            if (!saved.hasChain(chain)) {
                declared.add(chain);
            }
            return this;
        }

        /** The chain (created when missing) holds exactly these rules afterwards. */
        Batch replaceChain(String chain, List<String> specs) {
            declared.add(chain);
            for (String spec : specs) {
                adds.add("-A " + chain + " " + spec);
            }
            return this;
        }

        Batch append(String chain, String spec) {
            adds.add("-A " + chain + " " + spec);
            return this;
        }

        Batch insertFirst(String chain, String spec) {
            adds.add("-I " + chain + " 1 " + spec);
            return this;
        }

        /**
         * Deletes a rule {@link Saved} listed. In the scope's own chains, which only this JVM
         * changes, by position: iptables-save does not print every match so that it can be read
         * back (iptables-nft drops the /32 of {@code --ctorigdst}). In other chains (hooks shared
         * with Docker) by its text, which for the plain jumps put there round-trips.
         */
        Batch delete(String savedRule) {
            String chain = chainOf(savedRule);
            if (chain.startsWith(ownPrefix)) {
                List<String> rules = saved.rules(chain);
                java.util.TreeSet<Integer> taken = numberedDeletes.computeIfAbsent(chain, c -> new java.util.TreeSet<>());
                for (int i = 0; i < rules.size(); i++) {
                    if (rules.get(i).equals(savedRule) && taken.add(i + 1)) {
                        break;
                    }
                }
                return this;
            }
            String line = "-D" + savedRule.substring(2);
            if (!deletes.contains(line)) {
                deletes.add(line);
            }
            return this;
        }

        /** Deletes the chain (flushing it first) when it exists; rules jumping to it must be deleted too. */
        Batch removeChain(String chain) {
            if (saved.hasChain(chain) && !removedChains.contains(chain)) {
                removedChains.add(chain);
            }
            return this;
        }

        boolean isEmpty() {
            return declared.isEmpty() && deletes.isEmpty() && numberedDeletes.values().stream().allMatch(Set::isEmpty)
                    && adds.isEmpty() && removedChains.isEmpty();
        }

        /** The iptables-restore input; rules of chains being removed are not deleted one by one. */
        String script() {
            StringBuilder s = new StringBuilder("*").append(saved.table()).append('\n');
            for (String chain : declared) {
                s.append(':').append(chain).append(" - [0:0]\n");
            }
            numberedDeletes.forEach((chain, positions) -> {
                if (!removedChains.contains(chain) && !declared.contains(chain)) {
                    positions.descendingSet().forEach(p -> s.append("-D ").append(chain).append(' ').append(p).append('\n'));
                }
            });
            for (String line : deletes) {
                String chain = line.substring(3, line.indexOf(' ', 3));
                if (!removedChains.contains(chain) && !declared.contains(chain)) {
                    s.append(line).append('\n');
                }
            }
            for (String line : adds) {
                s.append(line).append('\n');
            }
            for (String chain : removedChains) {
                s.append("-F ").append(chain).append('\n');
            }
            for (String chain : removedChains) {
                s.append("-X ").append(chain).append('\n');
            }
            return s.append("COMMIT\n").toString();
        }

        void commit() {
            if (isEmpty()) {
                return;
            }
            String script = script();
            Path file = null;
            try {
                file = Files.createTempFile("nc-iptables-", ".rules",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, script);
                HostCommand.Result result = HostCommand.execute(LIMIT, "iptables-restore", "-w", "10", "--noflush", file.toString());
                for (int retry = 0; retry < 2 && !result.ok(); retry++) {
                    // a concurrent writer (the Docker Engine) can make the nf_tables commit fail
                    // once; the batch stays valid because only this JVM writes the scope's chains
                    Thread.sleep(50);
                    result = HostCommand.execute(LIMIT, "iptables-restore", "-w", "10", "--noflush", file.toString());
                }
                if (!result.ok()) {
                    throw new nc.runtime.RuntimeFailure("iptables-restore refused the " + saved.table() + " changes ("
                            + result.stderr().strip() + "):\n" + script);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new nc.runtime.RuntimeFailure("interrupted while changing the " + saved.table() + " table", e);
            } finally {
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // a temp file left behind holds no secret
                    }
                }
            }
        }
    }
}
