package io.ember.r2dbc.datasource;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import io.ember.r2dbc.transaction.TransactionOutcome;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.ContextView;

/** An observer that throws never fails a statement or a transaction: what it throws is logged and ignored. */
@ExtendWith(EmberDatabaseExtension.class)
class ObserverFailuresIT {

    private static final SqlStatement SELECT = new SqlStatement("SELECT $1::int + 1", List.of(41));

    @Test
    void anObserverThatThrowsWhenAStatementStartsLeavesTheStatementAlone(EmberDatabase db) {
        AtomicInteger calls = new AtomicInteger();
        PostgresDataSource ds = db.newDataSource(b -> b.observer((name, statement, returnsRows, context) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("observer bug");
        }));

        StepVerifier.create(answer(ds)).expectNext(42).verifyComplete();
        assertThat(calls).hasValue(1);
    }

    @Test
    void anObserverThatThrowsWhenAStatementOrTransactionEndsLeavesThemAlone(EmberDatabase db) {
        AtomicInteger ends = new AtomicInteger();
        PostgresDataSource ds = db.newDataSource(b -> b.observer(new DataSourceObserver() {
            @Override
            public StatementObservation statementStarted(String dataSource, SqlStatement statement, boolean returnsRows,
                                                         ContextView context) {
                return (rows, error, cancelled) -> {
                    ends.incrementAndGet();
                    throw new IllegalStateException("observer bug at the end");
                };
            }

            @Override
            public void transactionEnded(String dataSource, TransactionOutcome outcome) {
                ends.incrementAndGet();
                throw new IllegalStateException("observer bug on " + outcome);
            }
        }));

        StepVerifier.create(ds.transactions().transactional(answer(ds))).expectNext(42).verifyComplete();
        assertThat(ends).hasValue(2);
    }

    private static Mono<Integer> answer(PostgresDataSource ds) {
        return ds.withConnection(c -> ds.runner().query(c, SELECT, 0, (row, meta) -> row.get(0, Integer.class))).single();
    }
}
