package io.ember.r2dbc.transaction;

import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * SPI: finds a transaction that another transaction manager runs on a datasource's pool and keeps in
 * the subscriber's Reactor {@code Context}, so that Ember's repositories and units join it instead of
 * taking a connection of their own. {@code io.ember.r2dbc.spring.SpringTransactions} implements it
 * for Spring's {@code R2dbcTransactionManager}; a datasource uses one only when its configuration
 * names it ({@code DataSourceConfig.Builder#externalTransactions}), otherwise nothing is looked up.
 *
 * <p>Rules for implementations: never acquire or close a connection (the other manager owns it and
 * ends the transaction), and answer fast: the lookup runs on every call of the datasource.
 */
@FunctionalInterface
public interface ExternalTransactions {

    /**
     * The transaction the other manager holds in the subscriber's context for connections of
     * {@code pool}, or empty when there is none (no transaction, or one on another pool). Cold.
     */
    Mono<ExternalTransaction> current(ConnectionFactory pool);
}
