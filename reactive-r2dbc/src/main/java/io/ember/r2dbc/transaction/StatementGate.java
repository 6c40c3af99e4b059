package io.ember.r2dbc.transaction;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
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
 * <p>A statement run inside another statement's work (the context carries the gate) runs at once:
 * the enclosing work already holds the turn.
 */
final class StatementGate {

    private final ArrayDeque<Turn> waiting = new ArrayDeque<>();
    private final Queue<Turn> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger signalling = new AtomicInteger();
    private boolean busy;

    /** Whether the subscriber's context is inside the work of a statement of this gate. */
    boolean isHeld(ContextView context) {
        return context.getOrDefault(this, Boolean.FALSE);
    }

    /** The statement's results, once its turn comes; cold. Cancelling gives up the turn. */
    <T> Flux<T> run(Supplier<? extends Publisher<T>> statement) {
        return Flux.defer(() -> {
            Turn turn = new Turn();
            Flux<T> work = Flux.<T>defer(statement)
                    .doFinally(signal -> leave(turn))
                    .contextWrite(ctx -> ctx.put(this, Boolean.TRUE))
                    .onBackpressureBuffer();
            Flux<T> gated = enter(turn) ? work : turn.granted.asMono().thenMany(work);
            return gated.doFinally(signal -> leave(turn));
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

    /** Grants turns in a loop rather than recursively, so statements that end at once do not deepen the stack. */
    private void signal(Turn next) {
        ready.add(next);
        if (signalling.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Turn t;
            while ((t = ready.poll()) != null) {
                t.granted.tryEmitEmpty();
            }
            missed = signalling.addAndGet(-missed);
        } while (missed != 0);
    }

    private static final class Turn {
        final Sinks.Empty<Void> granted = Sinks.empty();
        boolean holder;
        boolean left;
    }
}
