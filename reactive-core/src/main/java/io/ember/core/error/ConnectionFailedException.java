package io.ember.core.error;

import org.jspecify.annotations.Nullable;

/**
 * No connection could be opened or validated: the server refused or did not answer, was
 * starting or shutting down (SQLSTATE 57P03), or refused the login (class 28). Nothing of the
 * caller's work reached the server, so it is retryable unless the login itself was refused.
 */
public final class ConnectionFailedException extends ConnectionException {

    private static final long serialVersionUID = 1L;

    public ConnectionFailedException(String message, @Nullable String sqlState, boolean retryable,
                                     @Nullable Throwable cause) {
        super(message, sqlState, null, retryable, cause);
    }
}
