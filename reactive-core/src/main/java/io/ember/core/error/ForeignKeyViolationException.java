package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/** A foreign-key constraint refused the write (SQLSTATE 23503). */
public final class ForeignKeyViolationException extends DataIntegrityException {

    private static final long serialVersionUID = 1L;

    public ForeignKeyViolationException(String message, @Nullable String sqlState, @Nullable String constraint, @Nullable String table,
            @Nullable String sql, @Nullable Throwable cause) {
        super(message, sqlState, constraint, table, sql, cause);
    }
}
