package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/**
 * The connection died while a call was using it: the backend was terminated or the server shut
 * down (SQLSTATE 57P01, 57P02), the socket closed or failed (class 08). The connection is discarded,
 * never handed out again. {@link #isRetryable()} is true when running the work again is safe: the
 * statement never reached the server, or it was a read. A write whose connection broke after it was
 * sent may or may not have been applied (outside a transaction), so it is not retryable.
 */
public final class ConnectionLostException extends ConnectionException {

    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String message, @Nullable String sqlState, @Nullable String sql, boolean retryable,
                                   @Nullable Throwable cause) {
        super(message, sqlState, sql, retryable, cause);
    }
}
