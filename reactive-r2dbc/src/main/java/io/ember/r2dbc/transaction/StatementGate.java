package io.ember.r2dbc.transaction;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Runs the statements of one transaction's connection one at a time, in subscription order, and
 * reads each result to its end as fast as the server sends it, buffering what the subscriber has
 * not asked for yet.
 *
 * <p>Why: r2dbc-postgresql queues statements per connection (at most 256) and delivers a result
 * only as fast as its subscriber requests it. A {@code flatMap} that queries per row of a result
 * still streaming on the same connection either overflows that queue
 * ({@code RequestQueueException}) or waits forever for rows that cannot arrive before its own
 * queries run. Here a statement waits its turn in an unbounded queue of ours and the one running
 * always has unbounded demand, so it always finishes and hands over.
 *
 * <p>A statement that has started runs to its end even when its subscriber cancels (the rest of
 * its rows are dropped), and only then hands over. Cancelling the driver's result would not stop
 * the statement on the server, and handing over at once would let the next statement (the
 * ROLLBACK of a cancelled transaction, say) be sent while the cancelled one is still being sent:
 * the cancelled one could then run after the ROLLBACK, outside the transaction. A statement still
 * waiting for its turn gives the turn up when cancelled and never runs.
 *
 * <p>A statement run inside another statement's work (the context carries the gate) runs at once:
 * the enclosing work already holds the turn.
 */
final class StatementGate {

    private static final Logger LOG = LoggerFactory.getLogger(StatementGate.class);

    private static final int WAITING = 0;
    private static final int STARTED = 1;
    private static final int ABANDONED = 2;

    private final ArrayDeque<Turn> waiting = new ArrayDeque<>();
    private final Queue<Turn> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger signalling = new AtomicInteger();
    private boolean busy;

    /** Whether the subscriber's context is inside the work of a statement of this gate. */
    boolean isHeld(ContextView context) {
        return context.getOrDefault(this, Boolean.FALSE);
    }

    /** The statement's results, once its turn comes; cold. Cancelling before the turn gives the turn up. */
    <T> Flux<T> run(Supplier<? extends Publisher<T>> statement) {
        return Flux.deferContextual(ctx -> {
            Sinks.Many<T> out = Sinks.many().unicast().onBackpressureBuffer();
            Context inside = Context.of(ctx).put(this, Boolean.TRUE);
            Turn turn = new Turn();
            turn.work = () -> Flux.<T>defer(statement).subscribe(new Drain<>(out, inside, () -> leave(turn)));
            if (enter(turn)) {
                turn.start(this);
            }
            return out.asFlux().doOnCancel(() -> {
                if (turn.state.compareAndSet(WAITING, ABANDONED)) {
                    leave(turn);
                }
            });
        });
    }

    private synchronized boolean enter(Turn turn) {
        if (!busy) {
            busy = true;
            turn.holder = true;
            return true;
        }
        waiting.add(turn);
        return false;
    }

    /** Ends a turn: the holder hands over to the next waiting turn; a waiting one leaves the queue. */
    private void leave(Turn turn) {
        Turn next;
        synchronized (this) {
            if (turn.left) {
                return;
            }
            turn.left = true;
            if (!turn.holder) {
                waiting.remove(turn);
                return;
            }
            next = waiting.poll();
            if (next == null) {
                busy = false;
                return;
            }
            next.holder = true;
        }
        signal(next);
    }

    /** Starts granted turns in a loop rather than recursively, so statements that end at once do not deepen the stack. */
    private void signal(Turn next) {
        ready.add(next);
        if (signalling.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Turn t;
            while ((t = ready.poll()) != null) {
                t.start(this);
            }
            missed = signalling.addAndGet(-missed);
        } while (missed != 0);
    }

    private static final class Turn {
        final AtomicInteger state = new AtomicInteger(WAITING);
        Runnable work = () -> { };
        boolean holder;
        boolean left;

        /** Starts the statement unless its subscriber gave up first, in which case the turn passes on. */
        void start(StatementGate gate) {
            if (state.compareAndSet(WAITING, STARTED)) {
                work.run();
            } else {
                gate.leave(this);
            }
        }
    }

    /**
     * Reads a started statement to its end with unbounded demand, passing rows to the subscriber
     * while it listens and dropping them after it cancelled; hands the turn over when the
     * statement ends.
     */
    private static final class Drain<T> extends BaseSubscriber<T> {

        private final Sinks.Many<T> out;
        private final Context context;
        private final Runnable onEnd;

        Drain(Sinks.Many<T> out, Context context, Runnable onEnd) {
            this.out = out;
            this.context = context;
            this.onEnd = onEnd;
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
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
}
