package io.ember.r2dbc.transaction;

/**
 * How a transaction that Ember began ended, or that it is tried again: what metrics count. Savepoints
 * (propagation NESTED) are not transactions here; a joined unit ends with the transaction it joined.
 */
public enum TransactionOutcome {

    /** COMMIT succeeded. */
    COMMIT,

    /** ROLLBACK succeeded: the unit failed, was cancelled, was marked rollback-only, or was rolled back explicitly. */
    ROLLBACK,

    /** COMMIT failed (a deferred constraint, a serialization failure, a lost connection): nothing was stored. */
    COMMIT_FAILED,

    /** ROLLBACK failed (the connection died): the connection was discarded, and the server ends the transaction. */
    ROLLBACK_FAILED,

    /** A unit with {@code maxAttempts > 1} failed with a retryable error and runs again in a new transaction. */
    RETRY
}
