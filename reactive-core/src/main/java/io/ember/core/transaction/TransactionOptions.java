package io.ember.core.transaction;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a transactional unit runs: isolation, read-only, timeout, propagation and the retry of
 * serialization failures and deadlocks. Immutable; each method returns a new instance:
 * {@code TransactionOptions.defaults().isolation(Isolation.SERIALIZABLE).retry(5, Duration.ofMillis(20))}.
 *
 * <p>Isolation, read-only, timeout and retry apply only where a unit starts a transaction of its
 * own; a unit that joins an ambient transaction (REQUIRED, MANDATORY) or opens a savepoint in it
 * (NESTED) runs under the options of the transaction it joins.
 */
public final class TransactionOptions {

    private static final TransactionOptions DEFAULTS =
            new TransactionOptions(Isolation.READ_COMMITTED, false, null, Propagation.REQUIRED, 1, Duration.ZERO);

    private final Isolation isolation;
    private final boolean readOnly;
    private final @Nullable Duration timeout;
    private final Propagation propagation;
    private final int maxAttempts;
    private final Duration backoff;

    private TransactionOptions(Isolation isolation, boolean readOnly, @Nullable Duration timeout,
                               Propagation propagation, int maxAttempts, Duration backoff) {
        this.isolation = isolation;
        this.readOnly = readOnly;
        this.timeout = timeout;
        this.propagation = propagation;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    /** READ COMMITTED, read-write, no timeout, REQUIRED, no retry. */
    public static TransactionOptions defaults() {
        return DEFAULTS;
    }

    /** The isolation level of a new transaction. */
    public TransactionOptions isolation(Isolation isolation) {
        return new TransactionOptions(Objects.requireNonNull(isolation, "isolation"), readOnly, timeout, propagation,
                maxAttempts, backoff);
    }

    /** A read-only transaction: the server refuses writes ({@link io.ember.core.error.ReadOnlyException}). */
    public TransactionOptions readOnly() {
        return readOnly(true);
    }

    /** Whether a new transaction is read-only. */
    public TransactionOptions readOnly(boolean readOnly) {
        return new TransactionOptions(isolation, readOnly, timeout, propagation, maxAttempts, backoff);
    }

    /**
     * The time a new transaction may take from BEGIN to the end of its work. Past it the unit
     * fails with {@link io.ember.core.error.QueryTimeoutException} and the transaction rolls back;
     * the server also cancels a statement that runs longer ({@code SET LOCAL statement_timeout}).
     */
    public TransactionOptions timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return new TransactionOptions(isolation, readOnly, timeout, propagation, maxAttempts, backoff);
    }

    /** How the unit relates to an ambient transaction of the same datasource. */
    public TransactionOptions propagation(Propagation propagation) {
        return new TransactionOptions(isolation, readOnly, timeout, Objects.requireNonNull(propagation, "propagation"),
                maxAttempts, backoff);
    }

    /**
     * Runs the whole unit again, in a new transaction, when it fails with a retryable error
     * (serialization failure 40001, deadlock 40P01), up to {@code maxAttempts} attempts in all,
     * waiting an exponential, jittered backoff starting at {@code backoff} between attempts. The
     * unit's publisher is subscribed again for each attempt, so it must be cold; a {@code Flux}
     * may already have emitted elements of a failed attempt.
     */
    public TransactionOptions retry(int maxAttempts, Duration backoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        Objects.requireNonNull(backoff, "backoff");
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative, was " + backoff);
        }
        return new TransactionOptions(isolation, readOnly, timeout, propagation, maxAttempts, backoff);
    }

    public Isolation isolation() {
        return isolation;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** The timeout, or {@code null} for none. */
    public @Nullable Duration timeout() {
        return timeout;
    }

    public Propagation propagation() {
        return propagation;
    }

    /** Attempts in all; 1 means no retry. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The first wait between attempts. */
    public Duration backoff() {
        return backoff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionOptions t && isolation == t.isolation && readOnly == t.readOnly
                && Objects.equals(timeout, t.timeout) && propagation == t.propagation && maxAttempts == t.maxAttempts
                && backoff.equals(t.backoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(isolation, readOnly, timeout, propagation, maxAttempts, backoff);
    }

    @Override
    public String toString() {
        return "TransactionOptions[" + isolation + (readOnly ? ", read-only" : "") + ", " + propagation
                + (timeout == null ? "" : ", timeout=" + timeout)
                + (maxAttempts > 1 ? ", retry=" + maxAttempts + "x/" + backoff : "") + "]";
    }
}
