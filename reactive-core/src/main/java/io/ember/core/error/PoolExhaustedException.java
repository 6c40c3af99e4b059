package io.ember.core.error;

import java.time.Duration;

/** No connection could be acquired from the named pool within its acquire timeout. */
public final class PoolExhaustedException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    private final String pool;
    private final Duration timeout;

    public PoolExhaustedException(String pool, Duration timeout, Throwable cause) {
        super("Pool '" + pool + "' gave no connection within " + timeout.toMillis() + " ms", cause);
        this.pool = pool;
        this.timeout = timeout;
    }

    /** The pool's name. */
    public String pool() {
        return pool;
    }

    /** The acquire timeout that ran out. */
    public Duration timeout() {
        return timeout;
    }
}
