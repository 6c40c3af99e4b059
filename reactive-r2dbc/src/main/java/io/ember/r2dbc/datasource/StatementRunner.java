package io.ember.r2dbc.datasource;

import io.ember.r2dbc.error.SqlErrors;
import io.ember.r2dbc.sql.SqlStatement;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import java.util.List;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs {@link SqlStatement}s on a connection: binds the values, logs the SQL and its duration at
 * DEBUG under {@code io.ember.sql} (bind values at TRACE under {@code io.ember.sql.params}), tells the
 * {@link QueryListener}, and turns driver errors into Ember's typed exceptions. Publishers are cold.
 * Part of Ember's internals, public only so that repositories in another package can use it.
 */
public final class StatementRunner {

    private static final Logger SQL_LOG = LoggerFactory.getLogger("io.ember.sql");
    private static final Logger PARAMS_LOG = LoggerFactory.getLogger("io.ember.sql.params");

    private final @Nullable QueryListener listener;

    StatementRunner(@Nullable QueryListener listener) {
        this.listener = listener;
    }

    /** Runs a query and maps each row; {@code fetchSize > 0} streams through a portal. */
    public <T> Flux<T> query(Connection connection, SqlStatement statement, int fetchSize,
                             BiFunction<Row, RowMetadata, ? extends T> mapper) {
        Flux<T> rows = Flux.defer(() -> {
            Statement s = prepare(connection, statement);
            if (fetchSize > 0) {
                s.fetchSize(fetchSize);
            }
            return Flux.from(s.execute()).concatMap(result -> result.map(mapper));
        });
        return observe(rows, statement);
    }

    /** Runs a statement and emits the number of rows it changed. */
    public Mono<Long> update(Connection connection, SqlStatement statement) {
        Flux<Long> counts = Flux.defer(() -> Flux.from(prepare(connection, statement).execute())
                .concatMap(Result::getRowsUpdated));
        return observe(counts, statement).reduce(0L, Long::sum);
    }

    private static Statement prepare(Connection connection, SqlStatement statement) {
        Statement s = connection.createStatement(statement.sql());
        List<Object> binds = statement.binds();
        for (int i = 0; i < binds.size(); i++) {
            Object value = binds.get(i);
            if (value instanceof SqlStatement.NullValue n) {
                s.bindNull(i, n.type());
            } else {
                s.bind(i, value);
            }
        }
        return s;
    }

    private <T> Flux<T> observe(Flux<T> work, SqlStatement statement) {
        Flux<T> translated = work.onErrorMap(e -> SqlErrors.translateMasked(e, statement));
        if (listener == null && !SQL_LOG.isDebugEnabled()) {
            return translated;
        }
        // reported before the terminal signal goes downstream, so a subscriber that saw the end sees the event
        return Flux.defer(() -> {
            long start = System.nanoTime();
            return translated
                    .doOnComplete(() -> report(statement, System.nanoTime() - start, null))
                    .doOnError(e -> report(statement, System.nanoTime() - start, e))
                    .doOnCancel(() -> report(statement, System.nanoTime() - start, null));
        });
    }

    private void report(SqlStatement statement, long nanos, @Nullable Throwable error) {
        if (SQL_LOG.isDebugEnabled()) {
            SQL_LOG.debug("{} [{} µs{}]", statement.sql(), nanos / 1000, error == null ? "" : ", failed: " + error);
            if (PARAMS_LOG.isTraceEnabled()) {
                PARAMS_LOG.trace("{}", statement.loggableBinds());
            }
        }
        if (listener != null) {
            listener.onQuery(new QueryEvent(statement.sql(), statement.binds().size(), nanos, error));
        }
    }
}
