package io.ember.r2dbc.transaction;

import io.ember.core.transaction.Transaction;
import io.ember.core.transaction.TransactionOptions;
import io.ember.core.transaction.TransactionStatus;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The transaction manager of one datasource ({@code dataSource.transactions()}). Thread-safe and
 * stateless: the transaction lives in the Reactor {@code Context} of each subscription.
 *
 * <pre>{@code
 * ReactiveTransactions tx = dataSource.transactions();
 * Mono<Void> transfer = tx.transactional(
 *         accounts.updateById(from, Patch.of("balance", a - 10))
 *                 .then(accounts.updateById(to, Patch.of("balance", b + 10))).then());
 * Flux<Order> orders = tx.inTransaction(status -> orders.find(filter), TransactionOptions.defaults().readOnly());
 * }</pre>
 *
 * <p>Ambient style: {@code transactional} and {@code inTransaction} bind one connection in the
 * subscriber's Reactor {@code Context}, keyed by this datasource; every repository call (every
 * {@code PostgresDataSource.withConnection}) of this datasource inside the unit runs on it, one
 * statement at a time. Other datasources are not affected.
 *
 * <p>Every publisher here is cold: nothing is taken from the pool until subscription, and each
 * subscription runs a new unit. Outcomes of a unit that starts a transaction:
 * <ul>
 *   <li>the unit completes: COMMIT, then the publisher completes (a {@code Mono} emits its value
 *       only after the COMMIT succeeded; a {@code Flux} emits its elements as they come, before
 *       the COMMIT). A failed COMMIT, for instance a deferred constraint, is {@code onError};</li>
 *   <li>the unit errors: ROLLBACK, then the same error (SQLSTATEs translated to Ember's types);</li>
 *   <li>the subscriber cancels (for instance {@code take(n)}, a client going away): ROLLBACK;</li>
 *   <li>the timeout passes: ROLLBACK, then {@link io.ember.core.error.QueryTimeoutException}.</li>
 * </ul>
 * In every case the connection goes back to the pool with no transaction open.
 */
public final class ReactiveTransactions {

    private final ConnectionSource dataSource;
    private final UnitRunner runner;

    private ReactiveTransactions(ConnectionSource dataSource) {
        this.dataSource = dataSource;
        this.runner = new UnitRunner(dataSource);
    }

    /** The transaction manager of a datasource; {@code PostgresDataSource.transactions()} keeps one. */
    public static ReactiveTransactions of(ConnectionSource dataSource) {
        return new ReactiveTransactions(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** The datasource whose transactions this manages. */
    public ConnectionSource dataSource() {
        return dataSource;
    }

    /** {@link #transactional(Mono, TransactionOptions)} with the default options (REQUIRED, READ COMMITTED). */
    public <T> Mono<T> transactional(Mono<T> mono) {
        return transactional(mono, TransactionOptions.defaults());
    }

    /**
     * Runs a {@code Mono} in a transaction and emits its value once the transaction committed
     * (or completes empty). Cold; cancelling rolls back.
     */
    public <T> Mono<T> transactional(Mono<T> mono, TransactionOptions options) {
        Objects.requireNonNull(mono, "mono");
        Objects.requireNonNull(options, "options");
        return runner.runSingle(options, status -> mono);
    }

    /** {@link #transactional(Flux, TransactionOptions)} with the default options. */
    public <T> Flux<T> transactional(Flux<T> flux) {
        return transactional(flux, TransactionOptions.defaults());
    }

    /**
     * Runs a {@code Flux} in a transaction: emits its elements as they come, commits when it
     * completes. Cold; cancelling (for instance {@code take(n)}) rolls back.
     */
    public <T> Flux<T> transactional(Flux<T> flux, TransactionOptions options) {
        Objects.requireNonNull(flux, "flux");
        return inTransaction(status -> flux, options);
    }

    /** {@link #inTransaction(Function, TransactionOptions)} with the default options. */
    public <T> Flux<T> inTransaction(Function<? super TransactionStatus, ? extends Publisher<T>> unit) {
        return inTransaction(unit, TransactionOptions.defaults());
    }

    /**
     * Calls {@code unit} at subscription with the status of its transaction and emits what its
     * publisher emits. The status can {@link TransactionStatus#setRollbackOnly() mark} the unit to
     * roll back. If {@code unit} throws, that is the unit's {@code onError}. Cold.
     */
    public <T> Flux<T> inTransaction(Function<? super TransactionStatus, ? extends Publisher<T>> unit,
                                     TransactionOptions options) {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(options, "options");
        return runner.run(options, unit);
    }

    /**
     * Begins an explicit transaction and emits its handle, as in the TypeScript original: pass
     * it to repository calls with {@code Options.defaults().transaction(tx)}, then subscribe to
     * {@link Transaction#commit()} or {@link Transaction#rollback()}. The handle holds a pooled
     * connection until one of them runs, so always end it (on error paths too). Propagation is
     * ignored: the handle is always a new transaction. The handle is not bound in the Reactor
     * {@code Context}: calls that do not name it do not join it. Cold; if BEGIN fails or the
     * subscriber cancels before the handle is emitted, the connection goes back to the pool.
     */
    public Mono<Transaction> begin(TransactionOptions options) {
        Objects.requireNonNull(options, "options");
        return runner.begin(options);
    }

    @Override
    public String toString() {
        return "ReactiveTransactions[" + dataSource + "]";
    }
}
