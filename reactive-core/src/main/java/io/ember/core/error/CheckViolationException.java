package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/** A CHECK constraint refused the data (SQLSTATE 23514). */
public final class CheckViolationException extends DataIntegrityException {

    private static final long serialVersionUID = 1L;

    public CheckViolationException(String message, @Nullable String sqlState, @Nullable String constraint, @Nullable String table,
            @Nullable String sql, @Nullable Throwable cause) {
        super(message, sqlState, constraint, table, sql, cause);
    }
}
