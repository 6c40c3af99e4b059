package io.ember.r2dbc.datasource;

import io.ember.r2dbc.error.SqlErrors;
import io.ember.r2dbc.mapping.NullValue;
import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.transaction.TransactionStatements;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Runs {@link SqlStatement}s on a connection: binds the values, logs the SQL and its duration at
 * DEBUG under {@code io.ember.sql} (bind values at TRACE under {@code io.ember.sql.params}), tells the
 * {@link QueryListener}, and turns driver errors into Ember's typed exceptions. Publishers are cold.
 * Part of Ember's internals, public only so that repositories in another package can use it.
 *
 * <p>Cancel: a statement whose subscriber cancels before it ended is remembered for its
 * connection; the connection's owner then stops it on the server ({@link #settle} before the
 * connection goes back to the pool, {@link #stopCancelled} before a ROLLBACK). Buffers the driver
 * encoded for bind values and dropped because of the cancel are released here.
 *
 * <p>Reads that set no fetch size, and whose subscriber asks for a bounded number of rows (a
 * streaming {@code find}), use a portal: {@link #DEFAULT_FETCH_SIZE} rows a fetch outside a
 * transaction, {@link #TRANSACTION_FETCH_SIZE} inside one. Their rows come from the server a fetch at
 * a time, as the subscriber asks for them, and a read cut short stops the server after the fetch
 * under way. Outside a transaction the driver keeps the portal in the statement's implicit
 * transaction (it sends {@code Flush}, not {@code Sync}, between fetches). A subscriber asking for
 * all rows at once (a {@code Mono}, {@code collectList}) reads without a portal, saving the portal's
 * extra round trips.
 */
public final class StatementRunner implements TransactionStatements {

    /** The fetch size of a read inside a transaction that sets none, when its subscriber asks for a bounded number of rows. */
    public static final int TRANSACTION_FETCH_SIZE = 500;

    /**
     * The fetch size of a streaming read outside a transaction that sets none: one round trip per
     * 1,000 rows costs little next to the rows themselves, and a cancel stops the server within a
     * fetch. See {@code docs/streaming.md}.
     */
    public static final int DEFAULT_FETCH_SIZE = 1_000;

    private static final Logger SQL_LOG = LoggerFactory.getLogger("io.ember.sql");
    private static final Logger PARAMS_LOG = LoggerFactory.getLogger("io.ember.sql.params");

    private final @Nullable QueryListener listener;
    private final String dataSource;
    private final @Nullable DataSourceObserver observer;
    private final CancelledStatements cancelled = new CancelledStatements();

    StatementRunner(@Nullable QueryListener listener, String dataSource, @Nullable DataSourceObserver observer) {
        this.listener = listener;
        this.dataSource = dataSource;
        this.observer = observer;
    }

    /**
     * Runs a query and maps each row; {@code fetchSize > 0} streams through a portal. With
     * {@code 0}, a read whose subscriber asks for a bounded number of rows uses a portal of
     * {@link #DEFAULT_FETCH_SIZE} ({@link #TRANSACTION_FETCH_SIZE} in a transaction). The statement is
     * sent on the first request.
     */
    public <T> Flux<T> query(Connection connection, SqlStatement statement, int fetchSize,
                             BiFunction<Row, RowMetadata, ? extends T> mapper) {
        Flux<T> rows = new OnFirstRequest<>(demand -> {
            Statement s = prepare(connection, statement);
            int size = fetchSize > 0 ? fetchSize : defaultFetchSize(connection, demand);
            if (size > 0) {
                s.fetchSize(size);
            }
            return Flux.from(s.execute()).concatMap(result -> result.map(mapper));
        });
        return observe(connection, rows, statement, true);
    }

    /**
     * No portal for a subscriber that asks for every row at once (a {@code Mono}, {@code collectList}):
     * it takes them as they come. Otherwise a portal, so that unrequested rows stay on the server and
     * a cancel stops it after a fetch. Without one, the driver would still read only as asked, but the
     * server would run ahead until the socket buffers fill (about 100,000 small rows, measured by
     * StreamCancelIT), and a cancelled read would take over a second to drain them.
     */
    private static int defaultFetchSize(Connection connection, long demand) {
        if (demand == Long.MAX_VALUE) {
            return 0;
        }
        return connection.isAutoCommit() ? DEFAULT_FETCH_SIZE : TRANSACTION_FETCH_SIZE;
    }

    /** Runs a statement and emits the number of rows it changed. */
    @Override
    public Mono<Long> update(Connection connection, SqlStatement statement) {
        Flux<Long> counts = Flux.defer(() -> Flux.from(prepare(connection, statement).execute())
                .concatMap(Result::getRowsUpdated));
        return observe(connection, counts, statement, false).reduce(0L, Long::sum);
    }

    /**
     * Runs a {@code COPY … FROM STDIN} with r2dbc-postgresql's {@code copyIn}, one CopyData message
     * per inner publisher, taken as the driver asks for them; emits the number of rows copied. When
     * {@code data} fails, when the server refuses a row, and when the subscriber cancels, the data
     * stream is stopped at once and the driver sends CopyFail: the server aborts the COPY and stores
     * nothing of it, and the connection answers the next statement (the driver sends the next
     * statement only once the data stream ended, so it must end). {@code data} is subscribed and
     * asked for more on a {@code boundedElastic} worker, never on the connection's event loop. Logged and reported like any
     * statement. Cold.
     *
     * @throws IllegalArgumentException at subscription, when the connection is not r2dbc-postgresql's
     */
    public Mono<Long> copyIn(Connection connection, SqlStatement copy,
                             Publisher<? extends Publisher<ByteBuf>> data) {
        Flux<Long> count = Flux.defer(() -> {
            PostgresqlConnection postgres = CancelledStatements.postgres(connection);
            if (postgres == null) {
                return Flux.error(new IllegalArgumentException("COPY needs an r2dbc-postgresql connection, got "
                        + connection.getClass().getName()));
            }
            AtomicBoolean stopped = new AtomicBoolean();
            Sinks.One<Boolean> stop = Sinks.one();
            // the data is produced off the connection's event loop: a source that never waits would
            // otherwise keep the loop busy after the server refused a row (the driver drops what
            // follows and asks for more), and the loop would never read the server's answer
            Flux<Publisher<ByteBuf>> stoppable = Flux.<Publisher<ByteBuf>>from(data)
                    .subscribeOn(Schedulers.boundedElastic())
                    .takeUntilOther(stop.asMono())
                    .concatWith(Mono.defer(() -> stopped.get()
                            ? Mono.error(new CancellationException("COPY stopped before its data ended"))
                            : Mono.empty()));
            return postgres.copyIn(copy.sql()).fromMany(stoppable).build()
                    .doFinally(signal -> {
                        stopped.set(true);
                        stop.tryEmitValue(true);
                    });
        });
        return observeUntracked(count, copy, false).singleOrEmpty();
    }

    /**
     * Before a connection goes back to the pool: when a statement was cancelled on it before it
     * ended, sends PostgreSQL's cancel request and waits until the connection answers again. Emits
     * whether it did (at once {@code true} when nothing was cancelled); the owner discards a
     * connection that did not. Never errors.
     */
    Mono<Boolean> settle(Connection connection) {
        return cancelled.stop(connection);
    }

    /**
     * Before a ROLLBACK: when a statement was cancelled on the connection before it ended and still
     * runs, sends PostgreSQL's cancel request; completes once the connection answers again. Never errors.
     */
    @Override
    public Mono<Void> stopCancelled(Connection connection) {
        return cancelled.stop(connection).then();
    }

    /** Completes once every statement cancelled on the connection so far has reached the driver's queue. */
    @Override
    public Mono<Void> whenCancelledQueued(Connection connection) {
        return cancelled.whenSubscribed(connection);
    }

    /** Forgets what was cancelled on the connection: its transaction ended, so those statements did too. */
    @Override
    public void forgetCancelled(Connection connection) {
        cancelled.forget(connection);
    }

    private static Statement prepare(Connection connection, SqlStatement statement) {
        Statement s = connection.createStatement(statement.sql());
        List<Object> binds = statement.binds();
        for (int i = 0; i < binds.size(); i++) {
            Object value = binds.get(i);
            if (value instanceof NullValue n) {
                s.bindNull(i, n.type());
            } else {
                s.bind(i, value);
            }
        }
        return s;
    }

    private <T> Flux<T> observe(Connection connection, Flux<T> work, SqlStatement statement, boolean returnsRows) {
        // the driver encodes bind values when the statement is subscribed; a cancel before they were
        // sent drops them through Reactor's discard hook, which the driver does not set there
        return observeUntracked(cancelled.track(connection, work)
                .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease), statement, returnsRows);
    }

    /** Errors translated, SQL logged and reported with its duration; told to the observer when there is one. */
    private <T> Flux<T> observeUntracked(Flux<T> work, SqlStatement statement, boolean returnsRows) {
        Flux<T> errorsTranslated = work.onErrorMap(e -> SqlErrors.translateMasked(e, statement));
        Flux<T> translated = observer == null ? errorsTranslated
                : ObservedStatement.observe(errorsTranslated, observer, dataSource, statement, returnsRows);
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
