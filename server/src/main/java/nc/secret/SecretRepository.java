package nc.secret;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** SQL for secrets. The password column only ever holds sealed text. */
final class SecretRepository {
    private static final RowMapper<Secret> SECRET = (rs, ctx) -> new Secret(
            rs.getString("name"),
            rs.getString("secret_type"),
            Instant.ofEpochMilli(rs.getLong("created_at_ms")),
            rs.getString("server_b64"),
            rs.getString("username_b64"),
            rs.getString("email_b64"));
    private static final String OWNED = " WHERE account_id = :account AND region_id = :region";

    private final Jdbi jdbi;

    SecretRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    boolean exists(Handle h, String account, String region, String name) {
        return h.createQuery("SELECT COUNT(*) FROM secrets" + OWNED + " AND name = :name")
                .bind("account", account).bind("region", region).bind("name", name)
                .mapTo(Long.class).one() > 0;
    }

    void insert(Handle h, String account, String region, Secret s, String sealedPassword) {
        h.createUpdate("INSERT INTO secrets (account_id, region_id, name, secret_type, server_b64, username_b64,"
                        + " email_b64, sealed_password, created_at_ms)"
                        + " VALUES (:account, :region, :name, :type, :server, :username, :email, :password, :created)")
                .bind("account", account).bind("region", region)
                .bind("name", s.name()).bind("type", s.type())
                .bind("server", s.serverB64()).bind("username", s.usernameB64()).bind("email", s.emailB64())
                .bind("password", sealedPassword)
                .bind("created", s.createdAt().toEpochMilli())
                .execute();
    }

    long count(Handle h, String account, String region) {
        return h.createQuery("SELECT COUNT(*) FROM secrets" + OWNED)
                .bind("account", account).bind("region", region).mapTo(Long.class).one();
    }

    Optional<Secret> find(String account, String region, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM secrets" + OWNED + " AND name = :name")
                .bind("account", account).bind("region", region).bind("name", name)
                .map(SECRET).findOne());
    }

    Optional<String> sealedPassword(String account, String region, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT sealed_password FROM secrets" + OWNED + " AND name = :name")
                .bind("account", account).bind("region", region).bind("name", name)
                .mapTo(String.class).findOne());
    }

    /** A page of secrets whose name contains every one of {@code nameParts} (case-insensitive), newest first, and the total. */
    PageOf list(String account, String region, List<String> nameParts, long offset, int limit) {
        StringBuilder where = new StringBuilder(OWNED);
        for (int i = 0; i < nameParts.size(); i++) {
            where.append(" AND LOWER(name) LIKE :part").append(i).append(" ESCAPE '!'");
        }
        return jdbi.withHandle(h -> {
            // the page and the total in one statement: the window counts the rows before LIMIT takes the page
            Query page = bindAll(h.createQuery("SELECT secrets.*, COUNT(*) OVER () AS total FROM secrets" + where
                    + " ORDER BY created_at_ms DESC, name ASC LIMIT :limit OFFSET :offset"), account, region, nameParts)
                    .bind("limit", limit).bind("offset", offset);
            List<Counted> rows = page.map((rs, ctx) -> new Counted(SECRET.map(rs, ctx), rs.getLong("total"))).list();
            if (rows.isEmpty() && offset > 0) {
                // a page past the end has no row to carry the total
                return new PageOf(List.of(), bindAll(h.createQuery("SELECT COUNT(*) FROM secrets" + where), account, region,
                        nameParts).mapTo(Long.class).one());
            }
            return new PageOf(rows.stream().map(Counted::secret).toList(), rows.isEmpty() ? 0 : rows.get(0).total());
        });
    }

    private static Query bindAll(Query q, String account, String region, List<String> nameParts) {
        q.bind("account", account).bind("region", region);
        for (int i = 0; i < nameParts.size(); i++) {
            String escaped = nameParts.get(i).toLowerCase(java.util.Locale.ROOT)
                    .replace("!", "!!").replace("%", "!%").replace("_", "!_");
            q.bind("part" + i, "%" + escaped + "%");
        }
        return q;
    }

    boolean delete(String account, String region, String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM secrets" + OWNED + " AND name = :name")
                .bind("account", account).bind("region", region).bind("name", name).execute()) > 0;
    }

    record PageOf(List<Secret> items, long total) {
    }

    /** A row of a page, with the total of rows the filter matches. */
    private record Counted(Secret secret, long total) {
    }
}
