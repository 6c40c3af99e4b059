package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/** A NOT NULL column was given no value (SQLSTATE 23502). */
public final class NotNullViolationException extends DataIntegrityException {

    private static final long serialVersionUID = 1L;

    public NotNullViolationException(String message, @Nullable String sqlState, @Nullable String constraint, @Nullable String table,
            @Nullable String sql, @Nullable Throwable cause) {
        super(message, sqlState, constraint, table, sql, cause);
    }
}
