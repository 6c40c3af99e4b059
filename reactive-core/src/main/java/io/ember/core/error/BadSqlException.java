package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/** The database refused the SQL itself (syntax, undefined column, type mismatch): a bug, not a data problem. */
public final class BadSqlException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    public BadSqlException(String message, @Nullable String sqlState, @Nullable String constraint, @Nullable String table,
            @Nullable String sql, @Nullable Throwable cause) {
        super(message, sqlState, constraint, table, sql, cause);
    }
}
