package io.ember.r2dbc.datasource;

import io.ember.core.application.ManagedDataSource;
import io.ember.core.error.ConnectionLostException;
import io.ember.core.error.DataSourceClosedException;
import io.ember.core.error.PersistenceException;
import io.ember.core.error.PoolExhaustedException;
import io.ember.core.model.ModelMetadata;
import io.ember.core.transaction.Transaction;
import io.ember.core.transaction.TransactionOptions;
import io.ember.r2dbc.error.ConnectionErrors;
import io.ember.r2dbc.error.SqlErrors;
import io.ember.r2dbc.transaction.ConnectionSource;
import io.ember.r2dbc.transaction.ExternalTransactions;
import io.ember.r2dbc.transaction.ReactiveTransactions;
import io.ember.r2dbc.transaction.TransactionContext;
import io.ember.r2dbc.transaction.TransactionOutcome;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A PostgreSQL datasource: a connection pool (r2dbc-pool) over r2dbc-postgresql. Thread-safe and
 * meant to live as long as the application; {@link #close()} releases the pool.
 *
 * <pre>{@code
 * PostgresDataSource ds = PostgresDataSource.fromEnvironment();          // POSTGRES_HOST ... or EMBER_DB_URL
 * PostgresDataSource ds = PostgresDataSource.builder().host("db").database("app").user("app")
 *         .password(secret).maxSize(20).build();
 * }</pre>
 *
 * <p>Every publisher it returns is cold. A connection taken for a unit of work goes back to the
 * pool when that work completes, fails or is cancelled, exactly once, whatever the timing of a
 * cancel; a connection found dead is discarded, never handed out again. Work inside a transaction
 * bound in the Reactor {@code Context} for this datasource runs on that transaction's connection
 * instead. Every failure a subscriber sees is a {@link io.ember.core.error.PersistenceException}.
 */
public final class PostgresDataSource implements ManagedDataSource, ConnectionSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDataSource.class);

    private final DataSourceConfig config;
    private final ConnectionPool pool;
    private final StatementRunner runner;
    private final ConnectionAcquirer acquirer;
    private final ReactiveTransactions transactions;
    private final Set<ModelMetadata<?>> models = ConcurrentHashMap.newKeySet();
    private final @Nullable DataSourceObserver observer;

    PostgresDataSource(DataSourceConfig config) {
        this.config = config;
        this.pool = new ConnectionPool(poolConfiguration(config));
        Duration slow = config.slowQueryThreshold();
        this.observer = BothObservers.of(slow == null ? null : new SlowQueryLog(slow), config.observer());
        this.runner = new StatementRunner(config.queryListener(), config.name(), observer);
        this.acquirer = new ConnectionAcquirer(pool, config);
        this.transactions = ReactiveTransactions.of(this);
        if (observer != null) {
            observer.opened(this);
        }
    }

    /** A builder with defaults: localhost:5432, database and user {@code postgres}, pool of 10. */
    public static DataSourceConfig.Builder builder() {
        return DataSourceConfig.builder();
    }

    /**
     * A datasource configured from the environment: {@code EMBER_DB_URL} (an {@code r2dbc:postgresql://}
     * URL), else {@code POSTGRES_HOST}, {@code POSTGRES_PORT}, {@code POSTGRES_DATABASE},
     * {@code POSTGRES_USER}, {@code POSTGRES_PASSWORD}; pool size from {@code EMBER_POOL_MAX_SIZE}.
     *
     * @throws IllegalStateException when neither {@code EMBER_DB_URL} nor {@code POSTGRES_HOST} is set
     */
    public static PostgresDataSource fromEnvironment() {
        return DataSourceConfig.fromEnvironment(System.getenv()).build();
    }

    /** A datasource for an {@code r2dbc:postgresql://user:password@host:port/database} URL. */
    public static PostgresDataSource fromUrl(String url) {
        return DataSourceConfig.builder().url(url).build();
    }

    /** The configuration it was built with. */
    public DataSourceConfig config() {
        return config;
    }

    /**
     * The pooled connection factory, for code that needs plain R2DBC. Connections must be closed.
     * Its {@code create()} is r2dbc-pool's own: prefer {@link #acquire()}, whose connections survive a
     * cancel that races their delivery.
     */
    @Override
    public ConnectionFactory connectionFactory() {
        return pool;
    }

    /** The models of the repositories bound to this datasource (auto-discovery), in no order. */
    public Set<ModelMetadata<?>> models() {
        return Set.copyOf(models);
    }

    /** Records a model as stored in this datasource; repositories call it when they are created. */
    public void register(ModelMetadata<?> model) {
        models.add(model);
    }

    /** Where transactions of another manager on this pool are found, from the configuration; usually {@code null}. */
    @Override
    public @Nullable ExternalTransactions externalTransactions() {
        return config.externalTransactions();
    }

    /** Ember's statement runner for this datasource (internal). */
    @Override
    public StatementRunner runner() {
        return runner;
    }

    /**
     * Runs work on a connection: the explicit transaction's when one is given, else the ambient
     * transaction's for this datasource (Ember's own, else one another manager runs on this pool when the
     * configuration names {@code externalTransactions}: Spring's), else one taken from the pool and returned on complete,
     * error and cancel. Cold. A pooled connection on which a statement run by {@link #runner()} (every
     * repository call) was cancelled before it ended goes back only once it is idle again: the statement is cancelled on the
     * server when it still runs (see {@link StatementRunner#settle}).
     *
     * <p>On a transaction's connection, works run one at a time in subscription order; the one
     * running is read as its subscriber asks, and read to its end (buffering what was not asked for
     * yet) as soon as another waits; so a {@code flatMap} that calls {@code withConnection} per
     * element of another call's results in the same transaction does not hang. Inside one work,
     * finish reading a result before starting the next statement on the same connection (see
     * {@code docs/transactions.md}).
     *
     * <p>On a connection of its own, the connection is released exactly once after the work ends
     * (completes, fails or is cancelled), and discarded if the work met a dead connection. When that
     * happened before anything was sent, or during a read ({@code SELECT} through Ember's statement
     * runner), and the work had emitted nothing yet, the work runs once more on a fresh connection
     * ({@link ConnectionLostException#isRetryable()}). Errors from the database arrive translated to
     * Ember's exceptions; other errors of the work pass unchanged.
     */
    public <T> Flux<T> withConnection(@Nullable Transaction transaction,
                                      Function<? super Connection, ? extends Publisher<T>> work) {
        Objects.requireNonNull(work, "work");
        if (transaction != null) {
            return TransactionContext.runInExplicit(transaction, this, work);
        }
        return Flux.deferContextual(ctx -> {
            Flux<T> joined = TransactionContext.runInAmbient(ctx, this, work);
            if (joined != null) {
                return joined;
            }
            if (config.externalTransactions() != null) {
                return TransactionContext.runInExternal(this, work, () -> onOwnConnection(work));
            }
            return onOwnConnection(work);
        });
    }

    private <T> Flux<T> onOwnConnection(Function<? super Connection, ? extends Publisher<T>> work) {
        Flux<T> run = Flux.usingWhen(acquire(), work, c -> release(c, null), this::release,
                        c -> release(c, null))
                .onErrorMap(e -> SqlErrors.translate(e, null));
        return Flux.defer(() -> {
            AtomicBoolean emitted = new AtomicBoolean();
            return run.doOnNext(v -> emitted.lazySet(true)).onErrorResume(e -> {
                if (e instanceof ConnectionLostException lost && lost.isRetryable() && !emitted.get()) {
                    LOG.debug("The connection of {} was lost before any result; running the work again", this, e);
                    return run;
                }
                return Flux.error(e);
            });
        });
    }

    /** Same as {@link #withConnection(Transaction, Function)} with no explicit transaction. */
    public <T> Flux<T> withConnection(Function<? super Connection, ? extends Publisher<T>> work) {
        return withConnection(null, work);
    }

    /** Tells the observer, if any (metrics). */
    @Override
    public void transactionEnded(TransactionOutcome outcome) {
        if (observer != null) {
            try {
                observer.transactionEnded(config.name(), outcome);
            } catch (RuntimeException e) {
                LOG.warn("The observer of {} failed on a transaction's {}; ignored", this, outcome, e);
            }
        }
    }

    /** The transaction manager of this datasource: ambient transactions in the Reactor {@code Context}. */
    public ReactiveTransactions transactions() {
        return transactions;
    }

    /**
     * Begins an explicit transaction with the default options (READ COMMITTED) and emits its
     * handle; see {@link ReactiveTransactions#begin(TransactionOptions)}. Cold.
     */
    public Mono<Transaction> beginTransaction() {
        return transactions.begin(TransactionOptions.defaults());
    }

    /**
     * Begins an explicit transaction and emits its handle, which repository calls name with
     * {@code Options.defaults().transaction(tx)}; end it with {@link Transaction#commit()} or
     * {@link Transaction#rollback()}. See {@link ReactiveTransactions#begin(TransactionOptions)}. Cold.
     */
    public Mono<Transaction> beginTransaction(TransactionOptions options) {
        return transactions.begin(options);
    }

    /**
     * A connection from the pool, owned by the subscriber once emitted: a cancel after the emission
     * does not take it back, a cancel before it means the subscriber never gets it (it goes back to
     * the pool when it arrives). The owner gives it back with {@link #release(Connection, Throwable)}
     * (or its {@code close()}), exactly once. Cold. Fails with {@link PoolExhaustedException} when
     * none came within {@code acquireTimeout}, {@link io.ember.core.error.ConnectionFailedException}
     * when none could be opened, {@link DataSourceClosedException} once the datasource is closed.
     */
    @Override
    public Mono<Connection> acquire() {
        return acquirer.acquire();
    }

    /**
     * Gives a connection taken with {@link #acquire()} back to the pool; after {@code error} (the
     * error its work ended with, or {@code null}) shows the connection dead, closes it so the pool
     * discards it. When a statement run by {@link #runner()} was cancelled on it before it ended, it
     * goes back only once it is idle again (see {@link StatementRunner#settle}); when a COPY on it ended
     * early, it is discarded (see {@link StatementRunner#copyIn}). Cold; never errors.
     */
    @Override
    public Mono<Void> release(Connection connection, @Nullable Throwable error) {
        Objects.requireNonNull(connection, "connection");
        if (error != null && ConnectionErrors.isLost(error)) {
            return Mono.defer(() -> {
                runner.forgetCancelled(connection);
                runner.mustDiscard(connection);
                return acquirer.release(connection, error);
            });
        }
        if (runner.mustDiscard(connection)) {
            return Mono.defer(() -> {
                runner.forgetCancelled(connection);
                LOG.debug("A COPY on a connection of {} ended early; discarding the connection", config.name());
                return acquirer.evict(connection);
            });
        }
        return runner.settle(connection).flatMap(idle -> {
            if (idle) {
                return acquirer.release(connection, error);
            }
            LOG.warn("A connection of {} did not answer after a cancelled statement; discarding it", config.name());
            return acquirer.evict(connection);
        });
    }

    /**
     * Opens the pool for an application's start: runs {@code SELECT 1} on a pooled connection (so the
     * server must answer), then warms the pool up to its {@code initialSize}. Cold. Fails with
     * {@link io.ember.core.error.ConnectionFailedException} when no connection can be opened,
     * {@link DataSourceClosedException} once the datasource is closed.
     */
    @Override
    public Mono<Void> open() {
        return withConnection(c -> Flux.from(c.createStatement("SELECT 1").execute()).concatMap(r -> r.map((row, meta) -> 1)))
                .then(Mono.defer(() -> Mono.from(pool.warmup()))
                        .onErrorMap(e -> !(e instanceof PersistenceException),
                                e -> ConnectionErrors.failed(e, "warming up " + this)))
                .then();
    }

    /** Runs {@code SELECT 1} and reports whether the server answered, and how fast. Never errors. */
    public Mono<Health> health() {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return withConnection(c -> Flux.from(c.createStatement("SELECT 1").execute())
                            .concatMap(r -> r.map((row, meta) -> 1)))
                    .then(Mono.fromCallable(() -> new Health(true, Duration.ofNanos(System.nanoTime() - start),
                            null, stats())))
                    .onErrorResume(e -> Mono.just(new Health(false, Duration.ofNanos(System.nanoTime() - start),
                            String.valueOf(e.getMessage()), stats())));
        });
    }

    /** A snapshot of the pool: acquired, idle, allocated, pending, max. */
    public PoolStats stats() {
        PoolMetrics m = pool.getMetrics().orElse(null);
        if (m == null) {
            return new PoolStats(0, 0, 0, 0, config.maxSize());
        }
        return new PoolStats(m.acquiredSize(), m.idleSize(), m.allocatedSize(), m.pendingAcquireSize(),
                m.getMaxAllocatedSize());
    }

    /**
     * Closes the pool: from subscription on, acquires fail with {@link DataSourceClosedException};
     * idle connections close, acquired ones close when returned. Completes when the pool is closed;
     * never errors (a connection that fails to close is logged). Cold.
     */
    public Mono<Void> closeAsync() {
        return Mono.defer(() -> {
            acquirer.close();
            closedObserver();
            return pool.disposeLater();
        }).onErrorResume(e -> {
            LOG.warn("Closing {} met an error; the pool is closed", this, e);
            return Mono.empty();
        });
    }

    /**
     * Closes gracefully: refuses new acquires at once ({@link DataSourceClosedException}), waits up to
     * {@code timeout} for the connections in use to come back, then closes the pool as
     * {@link #closeAsync()} does. Completes when the pool is closed; never errors. Cold.
     */
    @Override
    public Mono<Void> closeGracefully(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Mono.defer(() -> {
            acquirer.close();
            return Flux.interval(Duration.ZERO, Duration.ofMillis(10))
                    .filter(tick -> stats().acquired() == 0)
                    .next()
                    .timeout(timeout, Mono.just(0L))
                    .then(closeAsync());
        });
    }

    /**
     * Closes the pool and returns when it is closed. Never throws; safe to call more than once. In
     * reactive code prefer {@link #closeAsync()}.
     */
    @Override
    public void close() {
        acquirer.close();
        closedObserver();
        try {
            pool.dispose();
        } catch (RuntimeException e) {
            LOG.warn("Closing {} met an error; the pool is closed", this, e);
        }
    }

    private void closedObserver() {
        if (observer != null) {
            try {
                observer.closed(this);
            } catch (RuntimeException e) {
                LOG.warn("The observer of {} failed when it closed; ignored", this, e);
            }
        }
    }

    /** Whether {@link #close()} (or another close) was called. */
    public boolean isClosed() {
        return acquirer.isClosed() || pool.isDisposed();
    }

    @Override
    public String toString() {
        return "PostgresDataSource[" + config.name() + " " + config.host() + ":" + config.port() + "/"
                + config.database() + "]";
    }

    private static ConnectionPoolConfiguration poolConfiguration(DataSourceConfig c) {
        ConnectionPoolConfiguration.Builder pool = ConnectionPoolConfiguration.builder(connectionFactory(c))
                .name(c.name())
                .initialSize(c.initialSize())
                .maxSize(c.maxSize())
                .maxIdleTime(c.maxIdleTime())
                .maxLifeTime(c.maxLifeTime())
                // Ember times acquires itself and never cancels one (ConnectionAcquirer); the pool's
                // timeout only clears abandoned acquires, and no retry doubles it
                .maxAcquireTime(c.acquireTimeout())
                .acquireRetry(0)
                .maxCreateConnectionTime(c.connectTimeout())
                // closing a connection that already died must not fail the pool's close (onErrorStop:
                // r2dbc-pool's dispose runs under onErrorContinue, which would bypass onErrorResume)
                .customizer(builder -> builder.destroyHandler(connection -> Mono.from(connection.close())
                        .onErrorStop()
                        .onErrorResume(e -> {
                            LOG.debug("Closing a pooled connection failed (it was dead)", e);
                            return Mono.empty();
                        })));
        if (c.validationQuery() != null) {
            pool.validationQuery(c.validationQuery());
        } else {
            pool.validationDepth(ValidationDepth.LOCAL);
        }
        return pool.build();
    }

    /** The driver's connection factory for the pool, under the datasource's name ({@link NamedConnectionFactory}). */
    static ConnectionFactory connectionFactory(DataSourceConfig c) {
        PostgresqlConnectionConfiguration.Builder driver = PostgresqlConnectionConfiguration.builder()
                .host(c.host())
                .port(c.port())
                .database(c.database())
                .username(c.user())
                .password(c.password())
                .applicationName(c.applicationName())
                .connectTimeout(c.connectTimeout())
                .forceBinary(c.forceBinary())
                .preparedStatementCacheQueries(c.preparedStatementCacheSize());
        if (c.schema() != null) {
            driver.schema(c.schema());
        }
        if (c.statementTimeout() != null) {
            driver.statementTimeout(c.statementTimeout());
        }
        Map<String, String> options = c.serverOptions();
        if (!options.isEmpty()) {
            driver.options(options);
        }
        return new NamedConnectionFactory(new PostgresqlConnectionFactory(driver.build()), c.name());
    }
}
