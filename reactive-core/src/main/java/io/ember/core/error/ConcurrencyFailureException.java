package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/** A serialization failure (40001) or deadlock (40P01): the transaction may succeed if run again. */
public final class ConcurrencyFailureException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    public ConcurrencyFailureException(String message, @Nullable String sqlState, @Nullable String constraint, @Nullable String table,
            @Nullable String sql, @Nullable Throwable cause) {
        super(message, sqlState, constraint, table, sql, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
