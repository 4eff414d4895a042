package nc.store;

import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/** Small named values that belong to the installation, not to a tenant. */
public final class Settings {
    /** The operator token, sealed with the master key: every replica answers the admin API with the same one. */
    public static final String OPERATOR_TOKEN = "operator_token";
    private final Jdbi jdbi;

    public Settings(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<String> get(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT setting_value FROM settings WHERE name = :n").bind("n", name)
                .mapTo(String.class).findOne());
    }

    /** The stored value, or the supplied one stored now (the first writer wins). */
    public String getOrCreate(String name, Supplier<String> initial) {
        return jdbi.inTransaction(h -> {
            Optional<String> existing = h.createQuery("SELECT setting_value FROM settings WHERE name = :n").bind("n", name)
                    .mapTo(String.class).findOne();
            if (existing.isPresent()) {
                return existing.get();
            }
            String value = initial.get();
            h.createUpdate("INSERT INTO settings (name, setting_value) VALUES (:n, :v)").bind("n", name).bind("v", value).execute();
            return value;
        });
    }

    /** Sets the value, replacing any. */
    public void put(String name, String value) {
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE settings SET setting_value = :v WHERE name = :n").bind("n", name).bind("v", value).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO settings (name, setting_value) VALUES (:n, :v)").bind("n", name).bind("v", value).execute();
            }
        });
    }

    public void remove(String name) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM settings WHERE name = :n").bind("n", name).execute());
    }
}
