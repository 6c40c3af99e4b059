package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/** A statement or transaction ran out of time (SQLSTATE 57014, or Ember's own timeout). */
public final class QueryTimeoutException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    public QueryTimeoutException(String message, @Nullable String sqlState, @Nullable String constraint, @Nullable String table,
            @Nullable String sql, @Nullable Throwable cause) {
        super(message, sqlState, constraint, table, sql, cause);
    }
}
