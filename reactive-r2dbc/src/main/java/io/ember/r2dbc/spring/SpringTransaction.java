package io.ember.r2dbc.spring;

import io.ember.r2dbc.transaction.ExternalTransaction;
import io.r2dbc.spi.Connection;
import java.util.function.Supplier;
import org.springframework.r2dbc.connection.ConnectionHolder;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * One Spring transaction as Ember sees it: the connection Spring holds, and Ember's state for it kept
 * as a resource of Spring's transaction (keyed by the connection holder too, so a transaction that
 * REQUIRES_NEW suspended never lends its state to the new one), unbound when the transaction ends.
 */
final class SpringTransaction implements ExternalTransaction {

    private final TransactionSynchronizationManager synchronization;
    private final ConnectionHolder holder;

    SpringTransaction(TransactionSynchronizationManager synchronization, ConnectionHolder holder) {
        this.synchronization = synchronization;
        this.holder = holder;
    }

    @Override
    public Connection connection() {
        return holder.getConnection();
    }

    @Override
    public <T> T state(Object key, Supplier<T> create) {
        StateKey stateKey = new StateKey(key, holder);
        // Spring's resource map is not thread-safe; calls of one transaction may come from several threads
        synchronized (holder) {
            @SuppressWarnings("unchecked")
            T value = (T) synchronization.getResource(stateKey);
            if (value == null) {
                value = create.get();
                synchronization.bindResource(stateKey, value);
                if (synchronization.isSynchronizationActive()) {
                    synchronization.registerSynchronization(new Unbind(synchronization, stateKey));
                }
            }
            return value;
        }
    }

    @Override
    public String describe() {
        return "Spring's transaction manager";
    }

    /** Ember's state of one Spring transaction: the caller's key and the transaction's connection holder. */
    private record StateKey(Object key, ConnectionHolder holder) {
    }

    /** Forgets Ember's state when the Spring transaction completes. */
    private record Unbind(TransactionSynchronizationManager synchronization, StateKey key)
            implements TransactionSynchronization {

        @Override
        public Mono<Void> afterCompletion(int status) {
            return Mono.fromRunnable(() -> {
                synchronized (key.holder()) {
                    synchronization.unbindResourceIfPossible(key);
                }
            });
        }
    }
}
