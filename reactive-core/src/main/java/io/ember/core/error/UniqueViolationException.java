package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/** A unique or primary-key constraint refused a duplicate (SQLSTATE 23505). */
public final class UniqueViolationException extends DataIntegrityException {

    private static final long serialVersionUID = 1L;

    public UniqueViolationException(String message, @Nullable String sqlState, @Nullable String constraint, @Nullable String table,
            @Nullable String sql, @Nullable Throwable cause) {
        super(message, sqlState, constraint, table, sql, cause);
    }
}
