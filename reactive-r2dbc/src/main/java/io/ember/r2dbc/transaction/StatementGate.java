package io.ember.r2dbc.transaction;

import io.ember.core.error.TransactionStateException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Runs the statements of one transaction's connection one at a time, in subscription order.
 *
 * <p>Why: r2dbc-postgresql queues statements per connection (at most 256) and delivers a result
 * only as fast as its subscriber requests it. A {@code flatMap} that queries per row of a result
 * still streaming on the same connection either overflows that queue
 * ({@code RequestQueueException}) or waits forever for rows that cannot arrive before its own
 * queries run. Here a statement waits its turn in an unbounded queue of ours.
 *
 * <p>The statement whose turn it is reads its rows as its subscriber asks for them, so a slow
 * subscriber keeps the rows on the server (such a read in a transaction uses a portal, a fetch at
 * a time; see {@code StatementRunner}). As soon as another statement waits for the turn, the running one is read to its end as
 * fast as the server sends it, buffering the rows its subscriber has not asked for yet, so that it
 * always finishes and hands over.
 *
 * <p>A statement whose subscriber cancels is cancelled at the driver (which stops a portal read at
 * its next fetch and otherwise reads the rest of the answer and drops it), and the turn passes on
 * once the cancelled statement's subscription has returned and {@code afterCancel} has completed:
 * by then its messages are queued at the driver, which sends the next statement's after them. So a
 * cancelled statement can never run after the next one (the ROLLBACK of a cancelled unit, say),
 * outside the transaction. A statement still waiting for its turn gives the turn up when cancelled
 * and never runs.
 *
 * <p>A statement run inside another statement's work (the context carries the gate) runs at once:
 * the enclosing work already holds the turn.
 *
 * <p>The transaction's last statement (its COMMIT or ROLLBACK) closes the gate: a statement
 * subscribed after it never runs and fails with {@code TransactionStateException}. Such a statement
 * belongs to a unit that already ended (a cancelled unit's next statement whose subscription was under
 * way on another thread when the cancel's ROLLBACK took the turn): let through, it would run after the
 * ROLLBACK, outside the transaction, on a connection about to go back to the pool. A NESTED unit is a
 * {@link Scope} of its own: its ROLLBACK TO SAVEPOINT (or RELEASE SAVEPOINT) closes the gate to the
 * statements subscribed in that unit (and in units nested in it) after it, which would otherwise run in
 * the outer transaction and be committed with it. Statements find their scope in their context
 * ({@link Scope#enter}).
 */
final class StatementGate {

    private static final Logger LOG = LoggerFactory.getLogger(StatementGate.class);

    private static final int WAITING = 0;
    private static final int STARTED = 1;
    private static final int ABANDONED = 2;

    private final ArrayDeque<Turn<?>> waiting = new ArrayDeque<>();
    private final Queue<Turn<?>> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger signalling = new AtomicInteger();
    private @Nullable Turn<?> holder;
    /** The whole transaction: its COMMIT or ROLLBACK closes it. */
    private final Scope transaction = new Scope(this, null);

    /** What {@link #enter} returns to a statement whose scope (or one it is nested in) was closed. */
    private static final Turn<Object> REFUSED = new Turn<>(Context.empty(), Flux::empty);

    /** Whether the subscriber's context is inside the work of a statement of this gate. */
    boolean isHeld(ContextView context) {
        return context.getOrDefault(this, Boolean.FALSE);
    }

    /** Same as {@link #run(Supplier, Supplier)} with nothing to wait for after a cancel. */
    <T> Flux<T> run(Supplier<? extends Publisher<T>> statement) {
        return run(statement, Mono::empty);
    }

    /**
     * The statement's results, once its turn comes; cold. Cancelling before the turn gives the turn
     * up; cancelling after it started cancels the statement and passes the turn on once
     * {@code afterCancel} completed.
     */
    <T> Flux<T> run(Supplier<? extends Publisher<T>> statement, Supplier<? extends Mono<Void>> afterCancel) {
        return run(statement, afterCancel, null);
    }

    /**
     * The statement that ends {@code scope} (COMMIT or ROLLBACK for the transaction, {@code null};
     * ROLLBACK TO or RELEASE SAVEPOINT for a nested unit), run as {@link #run(Supplier, Supplier)}
     * runs a statement, after the statements that entered before it; every statement of that scope
     * subscribed after it fails with {@code TransactionStateException} and never runs.
     */
    <T> Flux<T> runClosing(Supplier<? extends Publisher<T>> statement, Supplier<? extends Mono<Void>> afterCancel,
                           @Nullable Scope scope) {
        return run(statement, afterCancel, scope == null ? transaction : scope);
    }

    /** Closes a scope ({@code null}: the transaction) without a statement of its own: for one run inside the turn's holder. */
    synchronized void close(@Nullable Scope scope) {
        (scope == null ? transaction : scope).closed = true;
    }

    /** A new scope for a NESTED unit started in {@code context} (inside the unit it is started from). */
    Scope nested(ContextView context) {
        return new Scope(this, scopeOf(context));
    }

    private Scope scopeOf(ContextView context) {
        Scope scope = context.getOrDefault(Scope.class, null);
        return scope != null && scope.gate == this ? scope : transaction;
    }

    private <T> Flux<T> run(Supplier<? extends Publisher<T>> statement, Supplier<? extends Mono<Void>> afterCancel,
                            @Nullable Scope closing) {
        return Flux.deferContextual(ctx -> {
            Turn<T> turn = new Turn<>(Context.of(ctx).put(this, Boolean.TRUE), statement);
            Turn<?> running = enter(turn, scopeOf(ctx), closing);
            if (running == REFUSED) {
                return Flux.error(new TransactionStateException("The transaction or nested unit this statement"
                        + " belongs to already ended (its COMMIT, ROLLBACK or ROLLBACK TO SAVEPOINT was queued first):"
                        + " a statement subscribed after it would run outside it"));
            }
            if (running == turn) {
                turn.start(this);
            } else if (running != null) {
                running.relay.readToEnd();
            }
            return turn.out.asFlux()
                    .doOnRequest(turn.relay::demand)
                    .doOnCancel(() -> cancel(turn, afterCancel));
        });
    }

    /**
     * Takes the turn when free (returns the turn itself), else queues it and returns the turn running;
     * {@link #REFUSED} when its scope, or one it is nested in, was closed. A statement that closes a
     * scope closes it as it enters.
     */
    private synchronized @Nullable Turn<?> enter(Turn<?> turn, Scope scope, @Nullable Scope closing) {
        for (Scope s = scope; s != null; s = s.parent) {
            if (s.closed) {
                return REFUSED;
            }
        }
        if (closing != null) {
            closing.closed = true;
        }
        if (holder == null) {
            holder = turn;
            return turn;
        }
        waiting.add(turn);
        return holder;
    }

    private void cancel(Turn<?> turn, Supplier<? extends Mono<Void>> afterCancel) {
        if (turn.state.compareAndSet(WAITING, ABANDONED)) {
            leave(turn);
            return;
        }
        turn.relay.cancel();
        turn.subscribed.asMono().then(Mono.defer(afterCancel))
                .subscribe(new HandOver(() -> leave(turn)));
    }

    /** Ends a turn: the holder hands over to the next waiting turn; a waiting one leaves the queue. */
    private void leave(Turn<?> turn) {
        Turn<?> next;
        boolean readToEnd;
        synchronized (this) {
            if (turn.left) {
                return;
            }
            turn.left = true;
            if (holder != turn) {
                waiting.remove(turn);
                return;
            }
            next = waiting.poll();
            holder = next;
            if (next == null) {
                return;
            }
            readToEnd = !waiting.isEmpty();
        }
        if (readToEnd) {
            next.relay.readToEnd();
        }
        signal(next);
    }

    /** Starts granted turns in a loop rather than recursively, so statements that end at once do not deepen the stack. */
    private void signal(Turn<?> next) {
        ready.add(next);
        if (signalling.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Turn<?> t;
            while ((t = ready.poll()) != null) {
                t.start(this);
            }
            missed = signalling.addAndGet(-missed);
        } while (missed != 0);
    }

    /**
     * The statements of the transaction or of one NESTED unit in it: once the statement that ends it
     * entered the gate, none of its statements (nor of the units nested in it) enters after.
     */
    static final class Scope {

        private final StatementGate gate;
        private final @Nullable Scope parent;
        private boolean closed; // guarded by the gate

        private Scope(StatementGate gate, @Nullable Scope parent) {
            this.gate = gate;
            this.parent = parent;
        }

        /** The context of the unit's statements: they belong to this scope. */
        Context enter(Context context) {
            return context.put(Scope.class, this);
        }
    }

    private static final class Turn<T> {
        final AtomicInteger state = new AtomicInteger(WAITING);
        final Sinks.Many<T> out = Sinks.many().unicast().onBackpressureBuffer();
        final Sinks.Empty<Void> subscribed = Sinks.empty();
        final Relay<T> relay;
        final Supplier<? extends Publisher<T>> statement;
        boolean left;

        Turn(Context context, Supplier<? extends Publisher<T>> statement) {
            this.statement = statement;
            this.relay = new Relay<>(out, context);
        }

        /** Starts the statement unless its subscriber gave up first, in which case the turn passes on. */
        void start(StatementGate gate) {
            if (!state.compareAndSet(WAITING, STARTED)) {
                gate.leave(this);
                return;
            }
            relay.onEnd = () -> gate.leave(this);
            try {
                Flux.<T>defer(statement).subscribe(relay);
            } finally {
                subscribed.tryEmitEmpty();
            }
        }
    }

    /**
     * Passes a started statement's rows to its subscriber, asking the statement for as many as the
     * subscriber asked for, or for all of them once another statement waits; hands the turn over
     * when the statement ends.
     */
    private static final class Relay<T> extends BaseSubscriber<T> {

        private final Sinks.Many<T> out;
        private final Context context;
        volatile Runnable onEnd = () -> { };
        private @Nullable Subscription upstream;
        private long pending;
        private boolean unbounded;

        Relay(Sinks.Many<T> out, Context context) {
            this.out = out;
            this.context = context;
        }

        @Override
        public Context currentContext() {
            return context;
        }

        /** The subscriber asked for {@code n} more rows: ask the statement for them. */
        void demand(long n) {
            Subscription s;
            synchronized (this) {
                if (unbounded) {
                    return;
                }
                s = upstream;
                if (s == null) {
                    pending = Operators.addCap(pending, n);
                    return;
                }
            }
            s.request(n);
        }

        /** Another statement waits: read this one to its end, whatever the subscriber asked for. */
        void readToEnd() {
            Subscription s;
            synchronized (this) {
                if (unbounded) {
                    return;
                }
                unbounded = true;
                s = upstream;
            }
            if (s != null) {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            long n;
            synchronized (this) {
                upstream = subscription;
                n = unbounded ? Long.MAX_VALUE : pending;
            }
            if (n > 0) {
                subscription.request(n);
            }
        }

        @Override
        protected void hookOnNext(T value) {
            out.tryEmitNext(value);
        }

        @Override
        protected void hookOnComplete() {
            onEnd.run();
            out.tryEmitComplete();
        }

        @Override
        protected void hookOnError(Throwable error) {
            onEnd.run();
            if (out.tryEmitError(error).isFailure()) {
                LOG.debug("A cancelled statement failed after its subscriber left", error);
            }
        }
    }

    /** Hands the turn over once a cancelled statement is queued at the driver, whatever the outcome. */
    private static final class HandOver extends BaseSubscriber<Void> {

        private final Runnable leave;

        HandOver(Runnable leave) {
            this.leave = leave;
        }

        @Override
        protected void hookFinally(reactor.core.publisher.SignalType type) {
            leave.run();
        }

        @Override
        protected void hookOnError(Throwable error) {
            LOG.debug("Waiting for a cancelled statement failed", error);
        }
    }
}
