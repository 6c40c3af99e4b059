package io.ember.r2dbc.transaction;

import io.ember.core.error.PersistenceException;
import io.ember.core.error.QueryTimeoutException;
import io.ember.core.error.TransactionStateException;
import io.ember.core.transaction.Transaction;
import io.ember.core.transaction.TransactionOptions;
import io.ember.core.transaction.TransactionStatus;
import io.ember.r2dbc.error.SqlErrors;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/** Runs a transactional unit by its propagation: a new transaction, a joined one, or a savepoint. */
final class UnitRunner {

    private final ConnectionSource dataSource;

    UnitRunner(ConnectionSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A unit whose elements stream as they come (a retried attempt may emit again). */
    <T> Flux<T> run(TransactionOptions options, Function<? super TransactionStatus, ? extends Publisher<T>> unit) {
        return run(options, unit, false);
    }

    /** A unit of at most one element, emitted only once its transaction committed (so never twice on retry). */
    <T> Mono<T> runSingle(TransactionOptions options, Function<? super TransactionStatus, ? extends Publisher<T>> unit) {
        return run(options, unit, true).singleOrEmpty();
    }

    private <T> Flux<T> run(TransactionOptions options, Function<? super TransactionStatus, ? extends Publisher<T>> unit,
                            boolean single) {
        return Flux.deferContextual(ctx -> {
            BoundConnection ambient = TransactionContext.bound(ctx, dataSource);
            if (ambient != null || dataSource.externalTransactions() == null) {
                return byPropagation(ambient, options, unit, single);
            }
            // another manager's transaction (Spring's) plays the ambient one; bound so the unit's calls find it at once
            return TransactionContext.external(dataSource).map(Optional::of).defaultIfEmpty(Optional.empty())
                    .flatMapMany(external -> external.isEmpty() ? byPropagation(null, options, unit, single)
                            : byPropagation(external.get(), options, unit, single)
                                    .contextWrite(c -> TransactionContext.bind(c, external.get())));
        });
    }

    private <T> Flux<T> byPropagation(@Nullable BoundConnection ambient, TransactionOptions options,
                                      Function<? super TransactionStatus, ? extends Publisher<T>> unit, boolean single) {
        return switch (options.propagation()) {
            case REQUIRED -> ambient != null ? Flux.from(unit.apply(UnitStatus.joined(ambient)))
                    : withRetry(options, unit, single);
            case MANDATORY -> ambient != null ? Flux.from(unit.apply(UnitStatus.joined(ambient)))
                    : Flux.error(new TransactionStateException("Propagation MANDATORY needs an ambient transaction of "
                            + dataSource + " in the subscriber's context, and there is none"));
            case REQUIRES_NEW -> withRetry(options, unit, single);
            case NESTED -> ambient != null ? savepoint(ambient, unit) : withRetry(options, unit, single);
        };
    }

    /** A handle on a new transaction; the connection goes back to the pool if BEGIN fails or is cancelled. */
    Mono<Transaction> begin(TransactionOptions options) {
        return Mono.usingWhen(dataSource.acquire(),
                c -> {
                    BoundConnection bound = new BoundConnection(dataSource, c, options);
                    return bound.begin().thenReturn((Transaction) new ExplicitTransaction(bound));
                },
                c -> Mono.empty(),
                dataSource::release,
                c -> dataSource.release(c, null));
    }

    private <T> Flux<T> withRetry(TransactionOptions options,
                                  Function<? super TransactionStatus, ? extends Publisher<T>> unit, boolean single) {
        Flux<T> once = newTransaction(options, unit);
        if (options.maxAttempts() <= 1) {
            return once;
        }
        if (single) {
            once = once.singleOrEmpty().flux();
        }
        Retry retry = Retry.backoff(options.maxAttempts() - 1L, options.backoff())
                .jitter(0.5)
                .filter(e -> e instanceof PersistenceException p && p.isRetryable())
                .doBeforeRetry(signal -> dataSource.transactionEnded(TransactionOutcome.RETRY))
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
        return once.retryWhen(retry);
    }

    private <T> Flux<T> newTransaction(TransactionOptions options,
                                       Function<? super TransactionStatus, ? extends Publisher<T>> unit) {
        return Flux.usingWhen(
                        dataSource.acquire().map(c -> new BoundConnection(dataSource, c, options)),
                        bound -> withTimeout(bound.begin().thenMany(
                                        Flux.defer(() -> unit.apply(UnitStatus.started(bound)))), options.timeout())
                                .contextWrite(ctx -> TransactionContext.bind(ctx, bound)),
                        BoundConnection::complete,
                        (bound, e) -> bound.rollbackQuietly(),
                        BoundConnection::rollbackQuietly)
                .onErrorMap(e -> SqlErrors.translate(unwrapCleanupFailure(e), null));
    }

    /**
     * {@code usingWhen} wraps a failure of its completion handler (here a failed COMMIT) in a plain
     * {@code RuntimeException}; the subscriber gets the COMMIT's own error instead.
     */
    static Throwable unwrapCleanupFailure(Throwable e) {
        Throwable cause = e.getCause();
        if (e.getClass() == RuntimeException.class && cause != null
                && String.valueOf(e.getMessage()).startsWith("Async resource cleanup failed")) {
            return cause;
        }
        return e;
    }

    private static <T> Flux<T> savepoint(BoundConnection bound,
                                         Function<? super TransactionStatus, ? extends Publisher<T>> unit) {
        UnitStatus status = UnitStatus.savepoint(bound);
        return Flux.usingWhen(bound.savepoint(),
                savepoint -> Flux.defer(() -> unit.apply(status)).contextWrite(savepoint.scope()::enter),
                savepoint -> status.isRollbackOnly() ? bound.rollbackToSavepoint(savepoint) : bound.releaseSavepoint(savepoint),
                (savepoint, e) -> bound.rollbackToSavepoint(savepoint),
                bound::rollbackToSavepoint)
                .onErrorMap(UnitRunner::unwrapCleanupFailure);
    }

    /** Fails the unit with {@link QueryTimeoutException} when it has not ended within the timeout (from BEGIN on). */
    private static <T> Flux<T> withTimeout(Flux<T> work, @Nullable Duration timeout) {
        if (timeout == null) {
            return work;
        }
        return Flux.defer(() -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            return work.timeout(Mono.delay(timeout),
                    item -> Mono.delay(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))),
                    Flux.error(() -> new QueryTimeoutException("Transaction timed out after " + timeout
                            + " and was rolled back", null, null, null, null, null)));
        });
    }
}
