package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/**
 * The root of Ember's exceptions. Database errors carry the SQLSTATE, the constraint and table the
 * server named (when it named them) and the SQL that failed.
 */
public class PersistenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String sqlState;
    private final @Nullable String constraint;
    private final @Nullable String table;
    private final @Nullable String sql;

    public PersistenceException(String message) {
        this(message, null, null, null, null, null);
    }

    public PersistenceException(String message, @Nullable Throwable cause) {
        this(message, null, null, null, null, cause);
    }

    public PersistenceException(String message, @Nullable String sqlState, @Nullable String constraint,
                                @Nullable String table, @Nullable String sql, @Nullable Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
        this.constraint = constraint;
        this.table = table;
        this.sql = sql;
    }

    /** The SQLSTATE the server reported, or {@code null} when the error did not come from the server. */
    public @Nullable String sqlState() {
        return sqlState;
    }

    /** The constraint the server named, or {@code null}. */
    public @Nullable String constraint() {
        return constraint;
    }

    /** The table the server named, or {@code null}. */
    public @Nullable String table() {
        return table;
    }

    /** The SQL that failed, or {@code null}. */
    public @Nullable String sql() {
        return sql;
    }

    /** Whether running the same work again may succeed (serialization failure, deadlock). */
    public boolean isRetryable() {
        return false;
    }
}
