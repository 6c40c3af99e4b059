package io.ember.r2dbc.datasource;

import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.transaction.TransactionOutcome;
import reactor.util.context.ContextView;

/**
 * Observes what a datasource does: its statements, its transactions, its pool. The hook that metrics,
 * tracing ({@code io.ember.r2dbc.observation.EmberObservability}) and the slow-query log use; set it with
 * {@link DataSourceConfig.Builder#observer(DataSourceObserver)}. A datasource without one does no work
 * and allocates nothing for it per statement.
 *
 * <p>Every method is called on the thread of the event it reports (often the driver's event loop):
 * it must be quick, must not block and should not throw (what it throws is logged and ignored).
 */
public interface DataSourceObserver {

    /**
     * A statement run by the datasource's statement runner (every repository call, schema steps)
     * starts: called once per statement when it is subscribed, with the subscriber's Reactor
     * {@code Context} (where a caller's observation or trace is found). The handle it returns is told
     * exactly once how the statement ended.
     *
     * @param dataSource  the datasource's name ({@link DataSourceConfig#name()})
     * @param statement   the statement; its bind values are for the observer to keep out of what it records
     * @param returnsRows whether the statement returns rows (a query), else it reports rows changed
     *                    (an update, insert or delete without {@code RETURNING}, a {@code COPY})
     * @param context     the subscriber's context
     */
    StatementObservation statementStarted(String dataSource, SqlStatement statement, boolean returnsRows,
                                          ContextView context);

    /** A transaction of the datasource ended, or a unit is tried again ({@link TransactionOutcome#RETRY}). */
    default void transactionEnded(String dataSource, TransactionOutcome outcome) {
    }

    /** The datasource was built (its pool exists, no connection is open yet): called once, from its constructor. */
    default void opened(PostgresDataSource dataSource) {
    }

    /** The datasource was closed: called by each of its close methods, so possibly more than once. */
    default void closed(PostgresDataSource dataSource) {
    }
}
