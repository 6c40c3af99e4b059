package io.ember.r2dbc.transaction;

import io.ember.core.transaction.Isolation;
import io.ember.core.transaction.TransactionOptions;
import io.ember.r2dbc.error.SqlErrors;
import io.ember.r2dbc.sql.SqlStatement;
import io.r2dbc.postgresql.api.PostgresTransactionDefinition;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Result;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The connection of one transaction (ambient or explicit), with the gate its statements pass
 * through. Knows how to begin, commit, roll back and manage savepoints, and always closes the
 * connection (back to the pool) when the transaction ends, whatever the outcome.
 *
 * <p>A statement cancelled in the transaction is not cancelled on the server at once: that would
 * abort the transaction, which may go on (a read cut short by {@code take(n)}). A read stops at its
 * next portal fetch; anything else runs to its end before the next statement. When the transaction
 * rolls back (to a savepoint or entirely), PostgreSQL's cancel request goes out first, so a
 * cancelled unit stops its statement on the server at once.
 */
final class BoundConnection {

    private static final Logger LOG = LoggerFactory.getLogger("io.ember.transaction");

    private final ConnectionSource dataSource;
    private final Connection connection;
    private final TransactionOptions options;
    private final StatementGate gate = new StatementGate();
    private final AtomicInteger savepoints = new AtomicInteger();
    private final @Nullable ExternalTransaction external;
    private volatile boolean rollbackOnly;

    BoundConnection(ConnectionSource dataSource, Connection connection, TransactionOptions options) {
        this(dataSource, connection, options, null);
    }

    private BoundConnection(ConnectionSource dataSource, Connection connection, TransactionOptions options,
                            @Nullable ExternalTransaction external) {
        this.dataSource = dataSource;
        this.connection = connection;
        this.options = options;
        this.external = external;
    }

    /**
     * The connection of a transaction another manager runs: statements pass through a gate as in
     * Ember's own transactions, but Ember never begins, ends or releases it (only savepoints).
     */
    static BoundConnection external(ConnectionSource dataSource, ExternalTransaction transaction) {
        Connection c = transaction.connection();
        TransactionOptions options = TransactionOptions.defaults().isolation(isolation(c.getTransactionIsolationLevel()));
        return new BoundConnection(dataSource, c, options, transaction);
    }

    /** The other manager's transaction when this is one (see {@link #external}), else {@code null}. */
    @Nullable ExternalTransaction externalTransaction() {
        return external;
    }

    ConnectionSource dataSource() {
        return dataSource;
    }

    TransactionOptions options() {
        return options;
    }

    Isolation isolation() {
        return options.isolation();
    }

    void setRollbackOnly() {
        rollbackOnly = true;
    }

    boolean isRollbackOnly() {
        return rollbackOnly;
    }

    /** Runs work on this connection through the gate (at once when already inside the gate); cold. */
    <T> Flux<T> run(Function<? super Connection, ? extends Publisher<T>> work) {
        return Flux.deferContextual(ctx -> gate.isHeld(ctx)
                ? Flux.from(work.apply(connection))
                : gate.run(() -> work.apply(connection), () -> dataSource.runner().whenCancelledQueued(connection)));
    }

    /**
     * Runs the statement that ends {@code scope} (the transaction when {@code null}: COMMIT, ROLLBACK;
     * a nested unit: ROLLBACK TO or RELEASE SAVEPOINT) through the gate, after the statements already
     * queued; the scope's statements subscribed after it fail and never run (see
     * {@link StatementGate#runClosing}).
     */
    private <T> Flux<T> runClosing(Function<? super Connection, ? extends Publisher<T>> work,
                                   StatementGate.@Nullable Scope scope) {
        return Flux.deferContextual(ctx -> {
            if (gate.isHeld(ctx)) {
                gate.close(scope);
                return Flux.from(work.apply(connection));
            }
            return gate.runClosing(() -> work.apply(connection), () -> dataSource.runner().whenCancelledQueued(connection),
                    scope);
        });
    }

    /** BEGIN with the options' isolation and access mode, then the statement timeout if there is one. */
    Mono<Void> begin() {
        PostgresTransactionDefinition definition = PostgresTransactionDefinition.from(level(options.isolation()));
        definition = options.isReadOnly() ? definition.readOnly() : definition.readWrite();
        PostgresTransactionDefinition begin = definition;
        Duration timeout = options.timeout();
        Mono<Void> started = run(c -> c.beginTransaction(begin)).then();
        if (timeout != null) {
            SqlStatement set = SqlStatement.of("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
            started = started.then(run(c -> dataSource.runner().update(c, set)).then());
        }
        return started.doOnSuccess(v -> LOG.debug("BEGIN {} on {}", options, dataSource))
                .onErrorMap(e -> SqlErrors.translate(e, "BEGIN"));
    }

    /** COMMIT (ROLLBACK when marked rollback-only), then back to the pool. A failed COMMIT is an error. */
    Mono<Void> complete() {
        if (rollbackOnly) {
            return rollback();
        }
        return finish(runClosing(Connection::commitTransaction, null).then()
                .doOnSuccess(v -> LOG.debug("COMMIT on {}", dataSource))
                .onErrorMap(e -> SqlErrors.translate(e, "COMMIT"))
                .doOnSuccess(v -> dataSource.transactionEnded(TransactionOutcome.COMMIT))
                .doOnError(e -> dataSource.transactionEnded(TransactionOutcome.COMMIT_FAILED)));
    }

    /**
     * ROLLBACK, then back to the pool; a failed ROLLBACK is an error. {@code Connection#rollbackTransaction()}
     * sends nothing when the driver's transaction status says idle, which it still does while a BEGIN
     * is on the wire and its answer not yet read (a unit cancelled during BEGIN): the connection would
     * then go back to the pool inside the transaction that BEGIN opens. In that case the ROLLBACK is
     * sent as a plain statement (outside a transaction PostgreSQL answers it with a warning only).
     */
    Mono<Void> rollback() {
        return finish(runClosing(c -> dataSource.runner().stopCancelled(c).then(c.isAutoCommit()
                        ? Flux.from(c.createStatement("ROLLBACK").execute()).concatMap(Result::getRowsUpdated).then()
                        : Mono.from(c.rollbackTransaction())), null)
                .then()
                .doOnSuccess(v -> LOG.debug("ROLLBACK on {}", dataSource))
                .onErrorMap(e -> SqlErrors.translate(e, "ROLLBACK"))
                .doOnSuccess(v -> dataSource.transactionEnded(TransactionOutcome.ROLLBACK))
                .doOnError(e -> dataSource.transactionEnded(TransactionOutcome.ROLLBACK_FAILED)));
    }

    /** ROLLBACK after the unit failed or was cancelled: a failed ROLLBACK is logged, the unit's own outcome wins. */
    Mono<Void> rollbackQuietly() {
        return rollback().onErrorResume(e -> {
            LOG.warn("ROLLBACK failed on {}; the connection was closed", dataSource, e);
            return Mono.empty();
        });
    }

    /** A NESTED unit's savepoint: its name, and the scope its statements run in ({@link StatementGate.Scope#enter}). */
    record Savepoint(String name, StatementGate.Scope scope) {
    }

    /** Creates a savepoint for a NESTED unit started from the subscriber's unit and emits it. */
    Mono<Savepoint> savepoint() {
        return Mono.deferContextual(ctx -> {
            Savepoint savepoint = new Savepoint("ember_sp_" + savepoints.incrementAndGet(), gate.nested(ctx));
            return run(c -> c.createSavepoint(savepoint.name())).then(Mono.just(savepoint));
        }).onErrorMap(e -> SqlErrors.translate(e, "SAVEPOINT"));
    }

    /** RELEASE SAVEPOINT: the nested unit ended; its statements subscribed after this never run. */
    Mono<Void> releaseSavepoint(Savepoint savepoint) {
        return runClosing(c -> c.releaseSavepoint(savepoint.name()), savepoint.scope()).then()
                .onErrorMap(e -> SqlErrors.translate(e, "RELEASE SAVEPOINT"));
    }

    /** ROLLBACK TO SAVEPOINT: the nested unit failed or was cancelled; its statements subscribed after this never run. */
    Mono<Void> rollbackToSavepoint(Savepoint savepoint) {
        return runClosing(c -> dataSource.runner().stopCancelled(c)
                        .then(Mono.from(c.rollbackTransactionToSavepoint(savepoint.name()))), savepoint.scope()).then()
                .onErrorMap(e -> SqlErrors.translate(e, "ROLLBACK TO SAVEPOINT"));
    }

    /**
     * Ends the transaction with {@code end} and gives the connection back on success, error and cancel
     * alike; discarded instead when {@code end} failed because the connection died. Statements
     * cancelled in the transaction ended before its COMMIT or ROLLBACK did (the driver sends one
     * statement's messages after the other's), so they are forgotten.
     */
    private Mono<Void> finish(Mono<Void> end) {
        return Mono.usingWhen(Mono.just(connection), c -> end, c -> release(c, null), this::release,
                c -> release(c, null));
    }

    private Mono<Void> release(Connection c, @Nullable Throwable error) {
        return Mono.defer(() -> {
            dataSource.runner().forgetCancelled(c);
            return dataSource.release(c, error);
        });
    }

    private static Isolation isolation(@Nullable IsolationLevel level) {
        if (IsolationLevel.SERIALIZABLE.equals(level)) {
            return Isolation.SERIALIZABLE;
        }
        return IsolationLevel.REPEATABLE_READ.equals(level) ? Isolation.REPEATABLE_READ : Isolation.READ_COMMITTED;
    }

    private static IsolationLevel level(Isolation isolation) {
        return switch (isolation) {
            case READ_COMMITTED -> IsolationLevel.READ_COMMITTED;
            case REPEATABLE_READ -> IsolationLevel.REPEATABLE_READ;
            case SERIALIZABLE -> IsolationLevel.SERIALIZABLE;
        };
    }

    @Override
    public String toString() {
        return "BoundConnection[" + dataSource + ", " + (external == null ? options : external.describe()) + "]";
    }
}
