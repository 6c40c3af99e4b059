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
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;
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
 * extra round trips, and so does a statement whose rows fit in one fetch ({@link SqlStatement#maxRows()}:
 * a {@code LIMIT}, a lookup by id). The {@link QueryEvent} of a read tells its fetch size.
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
    /**
     * Connections whose COPY ended early (refused, failed or cancelled). r2dbc-postgresql 1.x frees
     * the COPY's last message when the COPY ends, even when that message still waits to be written;
     * the write then fails and the driver closes the channel, under whoever holds the connection
     * next. Such a connection is never given out again: its owner discards it. Weak keys.
     */
    private final Set<Connection> endedEarly = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    StatementRunner(@Nullable QueryListener listener, String dataSource, @Nullable DataSourceObserver observer) {
        this.listener = listener;
        this.dataSource = dataSource;
        this.observer = observer;
    }

    /**
     * Runs a query and maps each row; {@code fetchSize > 0} streams through a portal of that size.
     * With {@code 0}, a read whose subscriber asks for a bounded number of rows uses a portal of
     * {@link #DEFAULT_FETCH_SIZE} ({@link #TRANSACTION_FETCH_SIZE} in a transaction). A negative
     * size ({@code Options.FETCH_ALL}) never uses a portal, and neither does a statement whose
     * {@link SqlStatement#maxRows()} fits in one fetch. The statement is sent on the first request.
     */
    public <T> Flux<T> query(Connection connection, SqlStatement statement, int fetchSize,
                             BiFunction<Row, RowMetadata, ? extends T> mapper) {
        return this.<T, T>shaped(connection, statement, fetchSize, mapper, rows -> rows, ObservedStatement.Rows.EACH);
    }

    /**
     * Runs a query as {@link #query} does and emits its mapped rows in lists of up to {@code chunk}
     * rows, in order: the rows are gathered next to the driver, so the statement's own operators
     * (its tracking, error translation and report, the connection's release) pass a list rather than
     * every row. For readers that take rows in groups anyway (relations). Every list but the last
     * holds {@code chunk} rows; the last (any size from 1) comes once the statement has ended on the
     * connection, so a list shorter than {@code chunk} tells its reader that the connection is free for
     * the next statement. No list for no rows. Demand counts lists; the portal is chosen from it as
     * {@link #query} chooses it from rows. Cold.
     */
    public <T> Flux<List<T>> queryChunks(Connection connection, SqlStatement statement, int fetchSize,
                                         BiFunction<Row, RowMetadata, ? extends T> mapper, int chunk) {
        return this.<T, List<T>>shaped(connection, statement, fetchSize, mapper, rows -> rows.buffer(chunk),
                ObservedStatement.Rows.LISTS);
    }

    /** A read whose mapped rows pass {@code shape} before the statement's operators; {@code rows} counts them. */
    private <T, R> Flux<R> shaped(Connection connection, SqlStatement statement, int fetchSize,
                                  BiFunction<Row, RowMetadata, ? extends T> mapper, Function<Flux<T>, Flux<R>> shape,
                                  ObservedStatement.Rows rows) {
        if (!isReported()) {
            return observe(connection, read(connection, statement, fetchSize, mapper, shape, null), statement, rows, null);
        }
        return Flux.defer(() -> {
            Portal portal = new Portal();
            return observe(connection, read(connection, statement, fetchSize, mapper, shape, portal), statement, rows, portal);
        });
    }

    /** The statement, sent on the first request with the fetch size chosen then (told to {@code portal}). */
    private static <T, R> Flux<R> read(Connection connection, SqlStatement statement, int fetchSize,
                                       BiFunction<Row, RowMetadata, ? extends T> mapper,
                                       Function<Flux<T>, Flux<R>> shape, @Nullable Portal portal) {
        return new OnFirstRequest<>(demand -> {
            Statement s = prepare(connection, statement);
            int size = portalSize(connection, statement, fetchSize, demand);
            if (size > 0) {
                s.fetchSize(size);
            }
            if (portal != null) {
                portal.fetchSize = size;
            }
            // prefetch 0: a statement has one result; no queue is allocated to prefetch more
            return shape.apply(Flux.from(s.execute()).concatMap(result -> result.map(mapper), 0));
        });
    }

    /**
     * The fetch size of a read's portal, or 0 for none. None for a subscriber that asks for every row
     * at once (a {@code Mono}, {@code collectList}): it takes them as they come. None when the
     * statement returns at most a fetch of rows (a {@code LIMIT} that fits, a lookup by id): one
     * fetch would bring them all, and the portal would only cost the driver a round trip more (it
     * closes the portal and syncs after the last fetch). Otherwise a portal, so that unrequested rows
     * stay on the server and a cancel stops it after a fetch. Without one, the driver would still
     * read only as asked, but the server would run ahead until the socket buffers fill (about
     * 100,000 small rows, measured by StreamCancelIT), and a cancelled read would take over a second
     * to drain them.
     */
    static int portalSize(Connection connection, SqlStatement statement, int fetchSize, long demand) {
        int size;
        if (fetchSize != 0) {
            size = Math.max(fetchSize, 0);
        } else if (demand == Long.MAX_VALUE) {
            size = 0;
        } else {
            size = connection.isAutoCommit() ? DEFAULT_FETCH_SIZE : TRANSACTION_FETCH_SIZE;
        }
        return statement.maxRows() <= size ? 0 : size;
    }

    /**
     * A publisher made when its subscriber first asks for elements, from the number it asks for
     * ({@code Long.MAX_VALUE}: every element at once); cancelling before that subscribes nothing.
     * For readers that choose how to read by their subscriber's demand (internal). Cold.
     */
    public static <T> Flux<T> onFirstRequest(LongFunction<? extends Publisher<T>> factory) {
        return new OnFirstRequest<>(Objects.requireNonNull(factory, "factory"));
    }

    /** Runs a statement and emits the number of rows it changed. */
    @Override
    public Mono<Long> update(Connection connection, SqlStatement statement) {
        Flux<Long> counts = Flux.defer(() -> Flux.from(prepare(connection, statement).execute())
                .concatMap(Result::getRowsUpdated));
        return observe(connection, counts, statement, ObservedStatement.Rows.UPDATE_COUNTS, null).reduce(0L, Long::sum);
    }

    /**
     * Runs a {@code COPY … FROM STDIN} with r2dbc-postgresql's {@code copyIn}, one CopyData message
     * per inner publisher, taken as the driver asks for them; emits the number of rows copied. When
     * {@code data} fails, when the server refuses a row, and when the subscriber cancels, the data
     * stream is stopped at once and the driver sends CopyFail: the server aborts the COPY and stores
     * nothing of it; the data stream must end, for the driver sends the next statement only once it
     * has. A connection whose COPY ended so is discarded by its owner instead of reused
     * ({@link #mustDiscard}): the driver may have freed a message still waiting to be written.
     * {@code data} is subscribed and asked for more on a {@code boundedElastic} worker, never on the
     * connection's event loop. Logged and reported like any statement. Cold.
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
            Mono<Long> driver = postgres.copyIn(copy.sql()).fromMany(stoppable).build()
                    // before the owner hears of the end, so that its release sees the mark
                    .doOnError(e -> endedEarly.add(connection))
                    .doFinally(signal -> {
                        stopped.set(true);
                        stop.tryEmitValue(true);
                    });
            // The driver's COPY is subscribed here, asked for its count at once, and never cancelled: a
            // cancel only stops the data, and the COPY then ends by itself (CopyFail, the server's error,
            // ReadyForQuery). r2dbc-postgresql 1.x keeps a conversation cancelled before it asked for
            // anything at the head of its queue with no demand, and every later statement on the
            // connection would wait behind it (CopyCancelStormIT met that when a cancel raced the COPY's
            // subscription).
            return Mono.<Long>create(sink -> {
                AtomicBoolean cancelled = new AtomicBoolean();
                sink.onCancel(() -> {
                    cancelled.set(true);
                    endedEarly.add(connection);
                    stopped.set(true);
                    stop.tryEmitValue(true);
                });
                driver.subscribe(sink::success, e -> {
                    if (!cancelled.get()) {
                        sink.error(e);
                    }
                }, sink::success);
            });
        });
        return observeUntracked(count, copy, ObservedStatement.Rows.UPDATE_COUNTS, null).singleOrEmpty();
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
     * Whether the connection must be discarded instead of reused: a COPY on it ended early (see
     * {@link #copyIn}). Forgets the mark.
     */
    boolean mustDiscard(Connection connection) {
        return !endedEarly.isEmpty() && endedEarly.remove(connection);
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

    private <T> Flux<T> observe(Connection connection, Flux<T> work, SqlStatement statement, ObservedStatement.Rows rows,
                                @Nullable Portal portal) {
        // the driver encodes bind values when the statement is subscribed; a cancel before they were
        // sent drops them through Reactor's discard hook, which the driver does not set there
        return observeUntracked(cancelled.track(connection, work)
                .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease), statement, rows, portal);
    }

    /** Whether statements are logged or told to the query listener: only then is their duration measured here. */
    private boolean isReported() {
        return listener != null || SQL_LOG.isDebugEnabled();
    }

    /** Errors translated, SQL logged and reported with its duration; told to the observer when there is one. */
    private <T> Flux<T> observeUntracked(Flux<T> work, SqlStatement statement, ObservedStatement.Rows rows,
                                         @Nullable Portal portal) {
        Flux<T> errorsTranslated = work.onErrorMap(e -> SqlErrors.translateMasked(e, statement));
        Flux<T> translated = observer == null ? errorsTranslated
                : ObservedStatement.observe(errorsTranslated, observer, dataSource, statement, rows);
        if (!isReported()) {
            return translated;
        }
        // reported before the terminal signal goes downstream, so a subscriber that saw the end sees the event
        return Flux.defer(() -> {
            long start = System.nanoTime();
            return translated
                    .doOnComplete(() -> report(statement, System.nanoTime() - start, null, portal))
                    .doOnError(e -> report(statement, System.nanoTime() - start, e, portal))
                    .doOnCancel(() -> report(statement, System.nanoTime() - start, null, portal));
        });
    }

    private void report(SqlStatement statement, long nanos, @Nullable Throwable error, @Nullable Portal portal) {
        int fetchSize = portal == null ? 0 : portal.fetchSize;
        if (SQL_LOG.isDebugEnabled()) {
            SQL_LOG.debug("{} [{} µs{}{}]", statement.sql(), nanos / 1000, fetchSize > 0 ? ", portal of " + fetchSize : "",
                    error == null ? "" : ", failed: " + error);
            if (PARAMS_LOG.isTraceEnabled()) {
                PARAMS_LOG.trace("{}", statement.loggableBinds());
            }
        }
        if (listener != null) {
            listener.onQuery(new QueryEvent(statement.sql(), statement.binds().size(), nanos, error, fetchSize));
        }
    }

    /** The fetch size a read chose on its first request, for its report: 0 without a portal. */
    private static final class Portal {
        volatile int fetchSize;
    }
}
