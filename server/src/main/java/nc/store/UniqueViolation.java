package nc.store;

import java.sql.SQLException;

/** Whether a statement failed on a primary or unique key (SQLSTATE 23505, the same on H2 and PostgreSQL). */
public final class UniqueViolation {
    private UniqueViolation() {
    }

    public static boolean is(RuntimeException e) {
        return e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
    }
}
