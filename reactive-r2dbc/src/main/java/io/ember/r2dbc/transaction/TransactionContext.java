package io.ember.r2dbc.transaction;

import io.ember.core.error.TransactionStateException;
import io.ember.core.transaction.Transaction;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.r2dbc.spi.Connection;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Where datasources find the connection of a transaction: the one bound in the Reactor
 * {@code Context} for a datasource (ambient), or the one an explicit handle holds.
 */
public final class TransactionContext {

    private TransactionContext() {
    }

    /** The connection of the ambient transaction of this datasource, or {@code null} when there is none. */
    public static @Nullable Connection boundConnection(ContextView context, PostgresDataSource dataSource) {
        return null;
    }

    /** The connection of an explicit transaction of this datasource; an error if it has ended or belongs elsewhere. */
    public static Mono<Connection> explicitConnection(Transaction transaction, PostgresDataSource dataSource) {
        return Mono.error(new TransactionStateException("explicit transactions are not implemented yet"));
    }
}
