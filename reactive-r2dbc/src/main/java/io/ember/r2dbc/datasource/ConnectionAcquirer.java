package io.ember.r2dbc.datasource;

import io.ember.core.error.DataSourceClosedException;
import io.ember.core.error.PersistenceException;
import io.ember.core.error.PoolExhaustedException;
import io.ember.r2dbc.error.ConnectionErrors;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Takes connections from r2dbc-pool so that each one has exactly one owner, and gives them back.
 *
 * <p>r2dbc-pool 1.0.2 releases a connection whose acquire is cancelled even after it delivered it
 * ({@code take(1)} on an acquire, a cancel racing the delivery in {@code usingWhen}): the caller
 * keeps using a connection that the pool hands to the next caller. So Ember never cancels an acquire
 * it started. Each acquire subscribes to the pool with a subscriber of its own that is never
 * cancelled; a state word decides, once and atomically, between delivering what arrives to the
 * caller and the caller's cancel (or the acquire timeout). A cancel that wins marks the acquire
 * abandoned: the connection, when it arrives, is closed (back to the pool) at once, and an error is
 * dropped. A cancel that comes after the delivery changes nothing: the connection belongs to the
 * caller, who closes it. The pool never sees a cancel, so it never releases on its own.
 *
 * <p>The acquire timeout is Ember's: the caller gets {@link PoolExhaustedException} when it passes,
 * counted from subscription. r2dbc-pool's own timeout is set to the same value (and its retry to 0),
 * so an abandoned acquire still leaves the pool's queue in time. An idle connection that fails the
 * pool's socket check (a backend that died while idle) is discarded by the pool; Ember then asks
 * again, within the same deadline, up to {@code maxSize + 1} times. After a connection was found
 * dead, connections are checked with a round trip ({@link ValidationDepth#REMOTE}) before they are
 * handed out for a few seconds, since a server restart or failover kills them all.
 */
final class ConnectionAcquirer {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionAcquirer.class);

    private static final long TICK_MILLIS = 20;

    /**
     * Times the acquires that do not complete at once, for every datasource: one daemon thread
     * ticking every {@value #TICK_MILLIS} ms. Scheduling and cancelling a timeout on the wheel wakes
     * no thread; a {@code ScheduledExecutorService} (Reactor's {@code parallel()}) wakes its worker
     * whenever a new task becomes its earliest, which an acquire's timeout of seconds almost always
     * is: a context switch for each acquire the pool answers from another thread (IncludeBenchmark
     * counted half a switch per load). A timeout fires up to a tick late. Started by the first
     * datasource, never stopped (a daemon thread).
     */
    private static final HashedWheelTimer TIMER = new HashedWheelTimer(
            new DefaultThreadFactory("ember-acquire-timeout", true), TICK_MILLIS, TimeUnit.MILLISECONDS);

    /** How long, after a connection was found dead, acquired connections are validated with a round trip. */
    private static final long SUSPECT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ConnectionPool pool;
    private final DataSourceConfig config;
    private final String where;
    private final Mono<Connection> acquire = new AcquireMono();
    private volatile boolean closed;
    private volatile long suspectUntil = System.nanoTime();

    ConnectionAcquirer(ConnectionPool pool, DataSourceConfig config) {
        // the wheel's first use waits for its thread to start: here, on the thread building the
        // datasource, not on an event loop at the first acquire that needs a timeout
        TIMER.start();
        this.pool = pool;
        this.config = config;
        this.where = "'" + config.name() + "' (" + config.host() + ":" + config.port() + "/" + config.database() + ")";
    }

    /** A connection from the pool, owned by the subscriber once emitted; cold and reusable. */
    Mono<Connection> acquire() {
        return acquire;
    }

    /** Refuses every acquire from now on with {@link DataSourceClosedException}. */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Gives a connection back to the pool; after an error that shows it dead, closes it first so that
     * the pool discards it instead, and checks the next connections with a round trip. Never errors.
     */
    Mono<Void> release(Connection connection, @Nullable Throwable error) {
        if (error != null && ConnectionErrors.isLost(error)) {
            return evict(connection);
        }
        return Mono.defer(() -> Mono.from(connection.close())).onErrorResume(e -> {
            LOG.debug("Releasing a connection of {} failed; the pool discards it", where, e);
            return Mono.empty();
        });
    }

    /** Closes the physical connection, then releases it: the pool's check on release then discards it. */
    Mono<Void> evict(Connection connection) {
        return Mono.defer(() -> {
            suspectUntil = System.nanoTime() + SUSPECT_NANOS;
            Connection physical = connection instanceof Wrapped<?> w && w.unwrap() instanceof Connection c
                    ? c : connection;
            Mono<Void> closePhysical = physical == connection ? Mono.empty()
                    : Mono.from(physical.close()).onErrorResume(e -> Mono.empty());
            return closePhysical.then(Mono.defer(() -> Mono.from(connection.close())));
        }).onErrorResume(e -> {
            LOG.debug("Evicting a dead connection of {} failed", where, e);
            return Mono.empty();
        }).doOnSuccess(v -> LOG.debug("Evicted a dead connection of {}", where));
    }

    private boolean suspect() {
        return System.nanoTime() - suspectUntil < 0;
    }

    /** Whether an acquire failed on an idle connection found dead, rather than on opening a new one. */
    private static boolean deadIdleConnection(Throwable error) {
        if (error instanceof io.r2dbc.spi.R2dbcException r2dbc && "08003".equals(r2dbc.getSqlState())) {
            return false; // r2dbc-postgresql's "Cannot connect to ..."
        }
        return ConnectionErrors.isLost(error);
    }

    private PersistenceException translate(Throwable error) {
        if (error instanceof PersistenceException p) {
            return p;
        }
        if (error.getClass().getName().equals("reactor.pool.PoolShutdownException")) {
            return new DataSourceClosedException(config.name(), error);
        }
        if (error instanceof R2dbcTimeoutException || error instanceof TimeoutException) {
            Throwable cause = error.getCause() == null ? error : error.getCause();
            if (String.valueOf(cause.getMessage()).contains("Connection Allocation")) {
                return ConnectionErrors.failed(new TimeoutException("no answer within the connect timeout of "
                        + config.connectTimeout().toMillis() + " ms"), where);
            }
            return new PoolExhaustedException(config.name(), config.acquireTimeout(), error);
        }
        return ConnectionErrors.failed(error, where);
    }

    private void releaseAbandoned(Connection connection) {
        release(connection, null).subscribe(null, e -> LOG.warn("Releasing an abandoned connection of {} failed",
                where, e));
    }

    /** The acquire publisher: each subscription is one {@link Acquisition}. */
    private final class AcquireMono extends Mono<Connection> {
        @Override
        public void subscribe(CoreSubscriber<? super Connection> actual) {
            actual.onSubscribe(new Acquisition(actual));
        }
    }

    /**
     * One acquire: WAITING until a connection, an error, the timeout or the subscriber's cancel
     * decides it (one compare-and-set), then DONE or CANCELLED for good.
     */
    private final class Acquisition implements Subscription, TimerTask {

        private static final int IDLE = -1;
        private static final int WAITING = 0;
        private static final int DONE = 1;
        private static final int CANCELLED = 2;

        private final CoreSubscriber<? super Connection> actual;
        private final AtomicInteger state = new AtomicInteger(IDLE);
        private long deadline;
        private int attempts;
        private volatile @Nullable Timeout timer;

        Acquisition(CoreSubscriber<? super Connection> actual) {
            this.actual = actual;
        }

        @Override
        public void request(long n) {
            if (n <= 0 || !state.compareAndSet(IDLE, WAITING)) {
                return;
            }
            if (closed) {
                fail(new DataSourceClosedException(config.name(), null));
                return;
            }
            deadline = System.nanoTime() + config.acquireTimeout().toNanos();
            attempt();
            if (state.get() == WAITING) {
                long remaining = deadline - System.nanoTime();
                timer = TIMER.newTimeout(this, Math.max(0, remaining), TimeUnit.NANOSECONDS);
                if (state.get() != WAITING) {
                    stopTimer();
                }
            }
        }

        @Override
        public void cancel() {
            if (state.compareAndSet(WAITING, CANCELLED) || state.compareAndSet(IDLE, CANCELLED)) {
                stopTimer();
            }
        }

        /** The timeout. */
        @Override
        public void run(Timeout timeout) {
            if (state.compareAndSet(WAITING, DONE)) {
                actual.onError(new PoolExhaustedException(config.name(), config.acquireTimeout(),
                        new TimeoutException("no connection within " + config.acquireTimeout().toMillis() + " ms")));
            }
        }

        private void attempt() {
            attempts++;
            pool.create().subscribe(new Attempt(this));
        }

        void arrived(Connection connection) {
            if (state.get() == WAITING && suspect()) {
                Mono.from(connection.validate(ValidationDepth.REMOTE)).defaultIfEmpty(false)
                        .timeout(config.connectTimeout())
                        .onErrorReturn(false)
                        .subscribe(valid -> {
                            if (valid) {
                                deliver(connection);
                            } else {
                                evict(connection).subscribe(null, e -> { }, () -> failed(
                                        new io.r2dbc.spi.R2dbcNonTransientResourceException("Connection validation failed")));
                            }
                        });
                return;
            }
            deliver(connection);
        }

        private void deliver(Connection connection) {
            if (state.compareAndSet(WAITING, DONE)) {
                stopTimer();
                actual.onNext(connection);
                actual.onComplete();
            } else {
                releaseAbandoned(connection);
            }
        }

        void failed(Throwable error) {
            if (state.get() == WAITING && deadIdleConnection(error) && attempts <= config.maxSize()
                    && deadline - System.nanoTime() > 0) {
                LOG.debug("An idle connection of {} was dead; asking the pool again", where, error);
                suspectUntil = System.nanoTime() + SUSPECT_NANOS;
                attempt();
                return;
            }
            fail(translate(error));
        }

        private void fail(PersistenceException error) {
            if (state.compareAndSet(WAITING, DONE)) {
                stopTimer();
                actual.onError(error);
            } else {
                LOG.debug("An acquire of {} failed after its subscriber left", where, error);
            }
        }

        private void stopTimer() {
            Timeout t = timer;
            if (t != null) {
                t.cancel();
            }
        }
    }

    /** Subscribes to one {@code pool.create()}; never cancels it, so the pool never releases on its own. */
    private static final class Attempt implements CoreSubscriber<Connection> {

        private final Acquisition acquisition;
        private boolean arrived;

        Attempt(Acquisition acquisition) {
            this.acquisition = acquisition;
        }

        @Override
        public Context currentContext() {
            return Context.empty();
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Connection connection) {
            arrived = true;
            acquisition.arrived(connection);
        }

        @Override
        public void onError(Throwable error) {
            acquisition.failed(error);
        }

        @Override
        public void onComplete() {
            if (!arrived) {
                acquisition.failed(new IllegalStateException("The pool completed an acquire without a connection"));
            }
        }
    }
}
