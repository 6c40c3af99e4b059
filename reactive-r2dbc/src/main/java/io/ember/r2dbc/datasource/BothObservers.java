package io.ember.r2dbc.datasource;

import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.transaction.TransactionOutcome;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/** Two observers told of everything, the first one first. */
final class BothObservers implements DataSourceObserver {

    private final DataSourceObserver first;
    private final DataSourceObserver second;

    private BothObservers(DataSourceObserver first, DataSourceObserver second) {
        this.first = first;
        this.second = second;
    }

    /** Both, either, or none ({@code null}). */
    static @Nullable DataSourceObserver of(@Nullable DataSourceObserver first, @Nullable DataSourceObserver second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : new BothObservers(first, second);
    }

    @Override
    public StatementObservation statementStarted(String dataSource, SqlStatement statement, boolean returnsRows,
                                                 ContextView context) {
        StatementObservation a = first.statementStarted(dataSource, statement, returnsRows, context);
        StatementObservation b = second.statementStarted(dataSource, statement, returnsRows, context);
        return (rows, error, cancelled) -> {
            a.ended(rows, error, cancelled);
            b.ended(rows, error, cancelled);
        };
    }

    @Override
    public void transactionEnded(String dataSource, TransactionOutcome outcome) {
        first.transactionEnded(dataSource, outcome);
        second.transactionEnded(dataSource, outcome);
    }

    @Override
    public void opened(PostgresDataSource dataSource) {
        first.opened(dataSource);
        second.opened(dataSource);
    }

    @Override
    public void closed(PostgresDataSource dataSource) {
        first.closed(dataSource);
        second.closed(dataSource);
    }
}
