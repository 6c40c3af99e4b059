package io.ember.r2dbc.transaction;

import io.r2dbc.spi.Connection;
import java.util.function.Supplier;

/**
 * A transaction another manager runs (see {@link ExternalTransactions}): its connection, which Ember
 * uses and never closes, and a place to keep Ember's state for the transaction's lifetime.
 */
public interface ExternalTransaction {

    /** The transaction's connection; the other manager begins, ends and releases it. */
    Connection connection();

    /**
     * The value kept under {@code key} for this transaction, created by {@code create} on first use;
     * every caller in the transaction gets the same value, also when they ask at the same time.
     */
    <T> T state(Object key, Supplier<T> create);

    /** A short description for errors and logs (the manager's name). */
    String describe();
}
