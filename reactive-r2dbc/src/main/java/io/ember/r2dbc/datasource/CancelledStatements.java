package io.ember.r2dbc.datasource;

import io.ember.r2dbc.datasource.TrackedStatement.Execution;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Remembers, per connection, the statements whose subscriber cancelled before they ended, and
 * brings such a connection back to a known state before anyone else uses it.
 *
 * <p>A statement is registered with the driver (its messages queued, in order, behind those of the
 * statements before it) while its result is subscribed. A cancel may arrive on another thread while
 * that subscription is still in progress; {@link #whenSubscribed} completes once every cancelled
 * statement of the connection is past that point, so whatever is queued next goes out after it.
 *
 * <p>The driver reads a cancelled statement's remaining answer and drops it, but the server runs
 * the statement to its end. {@link #stop} sends PostgreSQL's cancel request for the connection when
 * one of its cancelled statements still runs, and completes once the connection answered a probe
 * queued behind them: then it is idle. The cancel request completes once the server has taken it
 * (the postmaster signals the backend, then closes the cancel connection), and nothing but the
 * probe is sent before, so the signal can only reach a cancelled statement, the probe, or an idle
 * backend, which drops it.
 */
final class CancelledStatements {

    private static final Logger LOG = LoggerFactory.getLogger(CancelledStatements.class);
    private static final Duration GRACE = Duration.ofMillis(25);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);

    /** Weak keys: an owner that never settles (a failed BEGIN, say) does not keep its connection here. */
    private final Map<Connection, List<Execution<?>>> cancelled = Collections.synchronizedMap(new WeakHashMap<>());
    /** Connections in the map, about (entries dropped by the weak map are not counted off): skips its lock when none. */
    private final AtomicInteger entries = new AtomicInteger();

    /** The statement's results, tracked so that a cancel before its end is remembered for the connection; cold. */
    <T> Flux<T> track(Connection connection, Publisher<T> statement) {
        return new TrackedStatement<>(statement, execution -> cancelled.computeIfAbsent(connection, c -> {
            entries.incrementAndGet();
            return new CopyOnWriteArrayList<>();
        }).add(execution));
    }

    /** Completes once every statement cancelled on the connection so far has been handed to the driver. */
    Mono<Void> whenSubscribed(Connection connection) {
        return Mono.defer(() -> entries.get() == 0 ? Mono.empty() : subscribed(cancelled.get(connection)));
    }

    /**
     * Stops on the server what was cancelled on the connection, forgets it, and emits whether the
     * connection answered again (it is then idle) within the timeout. A probe ({@code SELECT 1}) is
     * queued behind the cancelled statements; when it has not answered within a short grace, one of
     * them still runs: PostgreSQL's cancel request goes out, and the probe's answer is awaited.
     * Nothing else is sent before the cancel request was taken, so the signal can only reach a
     * cancelled statement, the probe, or an idle backend (which drops it). Emits {@code true} at once
     * when nothing was cancelled. Never errors.
     */
    Mono<Boolean> stop(Connection connection) {
        return Mono.defer(() -> {
            List<Execution<?>> executions = remove(connection);
            if (executions == null) {
                return Mono.just(true);
            }
            return subscribed(executions)
                    .then(probe(connection).timeout(GRACE))
                    .onErrorResume(TimeoutException.class, slow -> cancelRequest(connection)
                            .onErrorResume(e -> {
                                LOG.warn("Could not send a cancel request for a cancelled statement", e);
                                return Mono.empty();
                            })
                            .then(probe(connection)))
                    .timeout(SETTLE_TIMEOUT)
                    .onErrorReturn(false);
        });
    }

    /** Forgets the connection's cancelled statements: its transaction ended, so they have too. */
    void forget(Connection connection) {
        remove(connection);
    }

    private @Nullable List<Execution<?>> remove(Connection connection) {
        if (entries.get() == 0) {
            return null;
        }
        List<Execution<?>> executions = cancelled.remove(connection);
        if (executions != null) {
            entries.decrementAndGet();
        }
        return executions;
    }

    private static Mono<Void> subscribed(@Nullable List<Execution<?>> executions) {
        if (executions == null || executions.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(executions).concatMap(Execution::whenSubscribed).then();
    }

    /** Completes with {@code true} once the connection answered {@code SELECT 1}, whatever the answer (an error too). */
    private static Mono<Boolean> probe(Connection connection) {
        return Mono.from(connection.validate(ValidationDepth.REMOTE)).thenReturn(true).onErrorReturn(true);
    }

    private static Mono<Void> cancelRequest(Connection connection) {
        PostgresqlConnection postgres = postgres(connection);
        return postgres == null ? Mono.empty() : postgres.cancelRequest();
    }

    /** The driver's connection under the pool's wrapper, or null when it is not r2dbc-postgresql's. */
    static @Nullable PostgresqlConnection postgres(Connection connection) {
        Object current = connection;
        for (int depth = 0; depth < 8; depth++) {
            if (current instanceof PostgresqlConnection postgres) {
                return postgres;
            }
            if (!(current instanceof Wrapped<?> wrapped)) {
                return null;
            }
            current = wrapped.unwrap();
        }
        return null;
    }
}
