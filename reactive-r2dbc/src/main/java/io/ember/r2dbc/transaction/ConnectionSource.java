package io.ember.r2dbc.transaction;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What the transaction manager needs of a datasource: connections, and the statement runner that
 * knows which of them had a statement cancelled. {@code PostgresDataSource} implements it; the
 * transaction package depends on this interface, never on the datasource, so the two packages have no
 * cycle. Internal: public only for the datasource package.
 */
public interface ConnectionSource {

    /** A connection from the pool, owned by the subscriber once emitted. Cold. */
    Mono<Connection> acquire();

    /** Gives a connection taken with {@link #acquire()} back, exactly once; never errors. Cold. */
    Mono<Void> release(Connection connection, @Nullable Throwable error);

    /** The statement runner of this source. */
    TransactionStatements runner();

    /** Told how each transaction of this source ended, and of each retry, for metrics. Quick, never throws. */
    default void transactionEnded(TransactionOutcome outcome) {
    }

    /** The pool the connections come from (what another transaction manager knows this source by). */
    ConnectionFactory connectionFactory();

    /**
     * Where transactions of another manager on this source's pool are found (see
     * {@link ExternalTransactions}), or {@code null} (the default) when they are not looked for.
     */
    default @Nullable ExternalTransactions externalTransactions() {
        return null;
    }
}
