package io.ember.r2dbc.spring;

import io.ember.r2dbc.transaction.ExternalTransaction;
import io.ember.r2dbc.transaction.ExternalTransactions;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.r2dbc.connection.ConnectionHolder;
import org.springframework.transaction.reactive.TransactionContext;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * Finds the transaction Spring's {@code R2dbcTransactionManager} runs on a datasource's pool, so that
 * Ember's repositories and units join it: the connection Spring bound in the Reactor {@code Context}
 * ({@code @Transactional} on a reactive method, {@code TransactionalOperator}). Ember uses that
 * connection and never closes it; Spring commits or rolls back. Outside a Spring transaction, or in
 * one on another {@code ConnectionFactory}, it finds nothing and Ember takes its own connection.
 *
 * <p>The lookup reads the subscriber's context directly, without creating an exception when no
 * transaction is there: it runs on every call of the datasource. {@link EmberAutoConfiguration}
 * installs it; by hand: {@code PostgresDataSource.builder()...externalTransactions(SpringTransactions.create())}.
 */
public final class SpringTransactions implements ExternalTransactions {

    private SpringTransactions() {
    }

    /** The lookup; stateless, one can serve any number of datasources. */
    public static SpringTransactions create() {
        return new SpringTransactions();
    }

    /**
     * Spring's transaction on {@code pool} in the subscriber's context, or empty when there is none
     * (no transaction context, no actual transaction, or no connection of this pool bound). Cold.
     */
    @Override
    public Mono<ExternalTransaction> current(ConnectionFactory pool) {
        return Mono.deferContextual(ctx -> {
            TransactionContext context = ctx.getOrDefault(TransactionContext.class, null);
            if (context == null) {
                return Mono.empty();
            }
            TransactionSynchronizationManager synchronization = new TransactionSynchronizationManager(context);
            if (!synchronization.isActualTransactionActive()
                    || !(synchronization.getResource(pool) instanceof ConnectionHolder holder)) {
                return Mono.empty();
            }
            return Mono.just(new SpringTransaction(synchronization, holder));
        });
    }

    @Override
    public String toString() {
        return "SpringTransactions";
    }
}
