package nc.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the persistence tests run against: the embedded H2 always, and PostgreSQL when
 * NC_TEST_PG_URL names one (make test and CI start it and set NC_REQUIRE_PG=1, which turns a
 * missing PostgreSQL into a failure instead of a skip).
 */
public enum TestDatabase {
    H2,
    POSTGRES;

    public static List<TestDatabase> all() {
        return List.of(H2, POSTGRES);
    }

    /** Null for H2 (the server's default URL in its data folder); for PostgreSQL a fresh schema. */
    public String freshUrl() {
        if (this == H2) {
            return null;
        }
        String url = System.getenv("NC_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("NC_REQUIRE_PG"))) {
                throw new IllegalStateException("NC_REQUIRE_PG=1 but NC_TEST_PG_URL is not set");
            }
            Assumptions.abort("PostgreSQL not configured (set NC_TEST_PG_URL)");
        }
        String schema = "t_" + nc.common.Ids.resource("").replace("-", "");
        try (Connection c = DriverManager.getConnection(url, user(), password()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + url, e);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static String user() {
        return System.getenv().getOrDefault("NC_TEST_PG_USER", "nc");
    }

    public static String password() {
        return System.getenv().getOrDefault("NC_TEST_PG_PASSWORD", "nc");
    }
}
