package io.ember.core.transaction;

import reactor.core.publisher.Mono;

/**
 * An explicit transaction handle, as {@code dataSource.beginTransaction(options)} gives it.
 * Repository calls join it when their options name it. {@link #commit()} and {@link #rollback()}
 * end it; ending it twice, or using it after it ended, is a
 * {@link io.ember.core.error.TransactionStateException}.
 */
public interface Transaction {

    /** Whether the transaction can still be used: begun and neither committed nor rolled back. */
    boolean isActive();

    /** The isolation level it runs at. */
    Isolation isolation();

    /**
     * Commits and releases the connection; completes empty. A failed COMMIT (for instance a
     * deferred constraint) is {@code onError}, and the handle has ended all the same. Cold:
     * nothing happens until subscription.
     */
    Mono<Void> commit();

    /** Rolls back and releases the connection; completes empty. Cold: nothing happens until subscription. */
    Mono<Void> rollback();
}
