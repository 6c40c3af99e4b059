package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/**
 * The database could not be reached, or the connection a call was using died: a
 * {@link ConnectionFailedException} (no connection could be opened or validated) or a
 * {@link ConnectionLostException} (an open connection broke while in use). Whether the same work
 * may safely run again is {@link #isRetryable()}.
 */
public abstract sealed class ConnectionException extends PersistenceException
        permits ConnectionFailedException, ConnectionLostException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    ConnectionException(String message, @Nullable String sqlState, @Nullable String sql, boolean retryable,
                        @Nullable Throwable cause) {
        super(message, sqlState, null, null, sql, cause);
        this.retryable = retryable;
    }

    /**
     * Whether running the same work again cannot apply a change twice and may succeed: the work
     * never reached the server, or it was a read.
     */
    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
