package nc.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import nc.config.StartupRefused;
import org.jdbi.v3.core.Jdbi;

/**
 * Every value in the database sealed with the master key (all SQL that reads them regardless of
 * their owner): which keys they are sealed with, whether this server opens them, and their
 * resealing with the current key when the operator rotates it.
 */
public final class SealedValues {
    /** A column of sealed text, the columns that name its row, and which rows hold sealed text. */
    private record Column(String table, String column, List<String> keys, String where) {
        String rows() {
            return " FROM " + table + (where.isEmpty() ? "" : " WHERE " + where);
        }

        /** FROM and WHERE, ready for one more condition. */
        String rowsWhere() {
            return " FROM " + table + (where.isEmpty() ? " WHERE " : " WHERE " + where + " AND ");
        }
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("access_keys", "sealed_secret_key", List.of("access_key"), ""),
            new Column("secrets", "sealed_password", List.of("account_id", "region_id", "name"), ""),
            new Column("settings", "setting_value", List.of("name"), "name = '" + Settings.OPERATOR_TOKEN + "'"));
    private static final int BATCH = 200;

    private final Jdbi jdbi;

    public SealedValues(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** How many values each key id has sealed ({@link AtRestCipher#UNLABELLED} for values from before key ids). */
    public Map<String, Long> countByKeyId() {
        Map<String, Long> counts = new TreeMap<>();
        jdbi.useHandle(h -> {
            for (Column c : COLUMNS) {
                h.createQuery("SELECT k, COUNT(*) AS n FROM (SELECT CASE WHEN SUBSTRING(" + c.column() + " FROM 9 FOR 1) = ':'"
                                + " THEN SUBSTRING(" + c.column() + " FROM 1 FOR 8) ELSE '" + AtRestCipher.UNLABELLED + "' END AS k"
                                + c.rows() + ") x GROUP BY k")
                        .map((rs, ctx) -> Map.entry(rs.getString("k"), rs.getLong("n")))
                        .forEach(e -> counts.merge(e.getKey(), e.getValue(), Long::sum));
            }
        });
        return counts;
    }

    /**
     * Refuses the start when the database holds values this server cannot open: it was given
     * another master key than the server (or replica) that sealed them.
     */
    public void requireOpenable(AtRestCipher cipher) {
        List<String> missing = new ArrayList<>();
        for (String id : countByKeyId().keySet()) {
            boolean opens = id.equals(AtRestCipher.UNLABELLED) ? unlabelledOpen(cipher) : cipher.openingKeyIds().contains(id);
            if (!opens) {
                missing.add(id.equals(AtRestCipher.UNLABELLED) ? "(a key from before key ids)" : id);
            }
        }
        if (!missing.isEmpty()) {
            throw new StartupRefused("The database holds values sealed with master key " + String.join(", ", missing)
                    + ", which this server was not given (it has " + String.join(", ", cipher.openingKeyIds()) + ")."
                    + " Every replica on one database needs the same master key: give each the key the first server used,"
                    + " with NC_MASTER_KEY (Base64) or NC_MASTER_KEY_FILE (a file holding it; by default it is master.key"
                    + " in the first server's data folder). During a key rotation, also give the old key in NC_MASTER_KEYS_ACCEPTED.");
        }
    }

    private boolean unlabelledOpen(AtRestCipher cipher) {
        return jdbi.withHandle(h -> {
            for (Column c : COLUMNS) {
                var any = h.createQuery("SELECT " + c.column() + c.rowsWhere() + "SUBSTRING(" + c.column() + " FROM 9 FOR 1) <> ':'")
                        .setMaxRows(1).mapTo(String.class).findFirst();
                if (any.isPresent()) {
                    return cipher.opens(any.get());
                }
            }
            return true;
        });
    }

    /**
     * Seals again, with the current key, every value sealed with another one; returns how many.
     * Each value is replaced only if it did not change meanwhile (a write by another replica wins).
     */
    public long resealAll(AtRestCipher cipher) {
        long resealed = 0;
        for (Column c : COLUMNS) {
            String keyList = String.join(", ", c.keys());
            String match = c.keys().stream().map(k -> k + " = :" + k).collect(Collectors.joining(" AND "));
            List<Map<String, Object>> rows;
            do {
                rows = jdbi.withHandle(h -> h.createQuery("SELECT " + keyList + ", " + c.column() + " AS sealed"
                                + c.rowsWhere() + "NOT (" + c.column() + " LIKE :prefix)")
                        .bind("prefix", cipher.keyId() + ":%").setMaxRows(BATCH).mapToMap().list());
                for (Map<String, Object> row : rows) {
                    String old = (String) row.get("sealed");
                    String fresh = cipher.seal(cipher.open(old));
                    resealed += jdbi.withHandle(h -> {
                        var update = h.createUpdate("UPDATE " + c.table() + " SET " + c.column() + " = :fresh WHERE " + match
                                + " AND " + c.column() + " = :old").bind("fresh", fresh).bind("old", old);
                        c.keys().forEach(k -> update.bind(k, row.get(k)));
                        return update.execute();
                    });
                }
            } while (rows.size() == BATCH);
        }
        return resealed;
    }
}
