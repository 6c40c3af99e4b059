package io.ember.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How every library keeps {@code inFlight} statements running: one JMH operation is {@code n}
 * statements, at most {@code inFlight} at once, refilled as each completes (not in waves).
 * Reactive clients: {@code Flux.range(0, n).flatMap(op, inFlight)}. Blocking clients: {@code inFlight}
 * worker threads pulling the next index from a shared counter (inline on the caller when 1).
 */
public final class Concurrency {

    private static final int MAX_WORKERS = 512;

    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(MAX_WORKERS, r -> {
        Thread t = new Thread(r, "bench-worker");
        t.setDaemon(true);
        return t;
    });

    private Concurrency() {
    }

    /** Runs {@code op(0..n-1)} with at most {@code inFlight} subscribed at once; sums the results. */
    public static long reactive(int n, int inFlight, IntFunction<Mono<Long>> op) {
        if (inFlight == 1) {
            return Flux.range(0, n).concatMap(op::apply).reduce(0L, Long::sum).block();
        }
        return Flux.range(0, n).flatMap(op::apply, inFlight).reduce(0L, Long::sum).block();
    }

    /** A blocking operation on one index. */
    @FunctionalInterface
    public interface BlockingOp {
        long run(int index) throws Exception;
    }

    /** Runs {@code op(0..n-1)} on {@code inFlight} threads at once; sums the results. */
    public static long blocking(int n, int inFlight, BlockingOp op) {
        try {
            if (inFlight == 1) {
                long sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += op.run(i);
                }
                return sum;
            }
            if (inFlight > MAX_WORKERS) {
                throw new IllegalArgumentException("inFlight must be <= " + MAX_WORKERS + ": " + inFlight);
            }
            AtomicInteger next = new AtomicInteger();
            List<Callable<Long>> workers = new ArrayList<>(inFlight);
            for (int w = 0; w < inFlight; w++) {
                workers.add(() -> {
                    long sum = 0;
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        sum += op.run(i);
                    }
                    return sum;
                });
            }
            long sum = 0;
            for (Future<Long> f : WORKERS.invokeAll(workers)) {
                sum += f.get();
            }
            return sum;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
