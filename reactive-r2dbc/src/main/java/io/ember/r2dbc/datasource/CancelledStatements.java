package io.ember.r2dbc.datasource;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

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
 * one of its cancelled statements may still run, and completes once the server has taken the
 * request (the postmaster signals the backend, then closes the cancel connection), so the signal
 * can only reach that statement or an idle backend, which ignores it. {@link #settle} also waits
 * until the connection has answered a probe queued behind the cancelled statements: then it is idle.
 */
final class CancelledStatements {

    private static final Logger LOG = LoggerFactory.getLogger(CancelledStatements.class);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);

    /** Weak keys: an owner that never settles (a failed BEGIN, say) does not keep its connection here. */
    private final Map<Connection, List<Execution>> cancelled = Collections.synchronizedMap(new WeakHashMap<>());

    /** The statement's results, tracked so that a cancel before its end is remembered for the connection; cold. */
    <T> Flux<T> track(Connection connection, Publisher<T> statement) {
        return Flux.defer(() -> {
            Execution execution = new Execution();
            Publisher<T> subscribing = subscriber -> {
                try {
                    statement.subscribe(subscriber);
                } finally {
                    execution.subscribed.tryEmitEmpty();
                }
            };
            return Flux.from(subscribing)
                    .doOnTerminate(() -> execution.ended = true)
                    .doOnCancel(() -> {
                        if (!execution.ended) {
                            cancelled.computeIfAbsent(connection, c -> new CopyOnWriteArrayList<>()).add(execution);
                        }
                    });
        });
    }

    /** Completes once every statement cancelled on the connection so far has been handed to the driver. */
    Mono<Void> whenSubscribed(Connection connection) {
        return Mono.defer(() -> subscribed(cancelled.get(connection)));
    }

    /**
     * Stops on the server what was cancelled on the connection and forgets it: sends the cancel
     * request when a cancelled statement may still run. Completes when the server took it; a
     * failure to send it is logged (the statement then runs to its end), never an error.
     */
    Mono<Void> stop(Connection connection) {
        return Mono.defer(() -> {
            List<Execution> executions = cancelled.remove(connection);
            if (executions == null) {
                return Mono.empty();
            }
            return subscribed(executions).then(cancelRequest(connection))
                    .timeout(SETTLE_TIMEOUT)
                    .onErrorResume(e -> {
                        LOG.warn("Could not send a cancel request for a cancelled statement", e);
                        return Mono.empty();
                    });
        });
    }

    /**
     * Before a connection goes back to the pool: when a statement was cancelled on it, stops it on
     * the server and waits until the connection answers again (idle). A connection that does not
     * answer within the timeout, or answers wrongly, is closed, so the pool drops it. Never errors.
     */
    Mono<Void> settle(Connection connection) {
        return Mono.defer(() -> {
            List<Execution> executions = cancelled.remove(connection);
            if (executions == null) {
                return Mono.empty();
            }
            return subscribed(executions)
                    .then(cancelRequest(connection))
                    .then(Mono.from(connection.validate(ValidationDepth.REMOTE)))
                    .timeout(SETTLE_TIMEOUT)
                    .onErrorReturn(false)
                    .defaultIfEmpty(false)
                    .flatMap(idle -> idle ? Mono.<Void>empty() : discard(connection));
        });
    }

    /** Forgets the connection's cancelled statements: its transaction ended, so they have too. */
    void forget(Connection connection) {
        cancelled.remove(connection);
    }

    private static Mono<Void> subscribed(@Nullable List<Execution> executions) {
        if (executions == null || executions.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(executions).concatMap(e -> e.subscribed.asMono()).then();
    }

    private static Mono<Void> cancelRequest(Connection connection) {
        PostgresqlConnection postgres = postgres(connection);
        return postgres == null ? Mono.empty() : postgres.cancelRequest();
    }

    private static Mono<Void> discard(Connection connection) {
        LOG.warn("A connection did not come back after a cancelled statement; closing it");
        PostgresqlConnection postgres = postgres(connection);
        return postgres == null ? Mono.empty() : Mono.from(postgres.close()).onErrorResume(e -> Mono.empty());
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

    /** One statement run: whether its subscription call returned, and whether it ended. */
    private static final class Execution {
        final Sinks.Empty<Void> subscribed = Sinks.empty();
        volatile boolean ended;
    }
}
