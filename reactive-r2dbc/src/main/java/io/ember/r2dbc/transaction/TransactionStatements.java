package io.ember.r2dbc.transaction;

import io.ember.r2dbc.sql.SqlStatement;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Mono;

/**
 * The statements a transaction runs itself ({@code SET TRANSACTION}, savepoints) and the bookkeeping of
 * statements cancelled on a connection, as the datasource's statement runner provides them. Internal:
 * public only for the datasource package.
 */
public interface TransactionStatements {

    /** Runs a statement that returns no rows; emits the number of rows it changed. Cold. */
    Mono<Long> update(Connection connection, SqlStatement statement);

    /** Stops on the server a statement cancelled on this connection that may still run. Cold. */
    Mono<Void> stopCancelled(Connection connection);

    /** Completes once a statement cancelled on this connection while queued has ended. Cold. */
    Mono<Void> whenCancelledQueued(Connection connection);

    /** Forgets the cancelled statements of a connection that is going away. */
    void forgetCancelled(Connection connection);
}
