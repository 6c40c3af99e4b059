package io.ember.core.repository;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;

/**
 * Counts the rows of one run of a long operation and tells a listener, throttled: an event when
 * rows were added and at least the interval has passed since the last one, and a last event
 * ({@link Progress#done()}) on completion. The listener runs on the thread that adds rows (often a
 * driver's event loop): keep it cheap, and do not block in it; if it throws, the operation fails
 * with that error. One meter per subscription; not for concurrent use.
 */
public final class ProgressMeter {

    /** The shortest time between two events unless the meter says otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);

    private final String operation;
    private final Consumer<? super Progress> listener;
    private final long intervalNanos;
    private final long start;
    private long rows;
    private long lastEvent;

    /** A meter that starts now, reporting to {@code listener} at most every {@code interval}. */
    public ProgressMeter(String operation, Consumer<? super Progress> listener, Duration interval) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.intervalNanos = Objects.requireNonNull(interval, "interval").toNanos();
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("interval must not be negative, was " + interval);
        }
        this.start = System.nanoTime();
        this.lastEvent = start;
    }

    /** Adds rows, and tells the listener when the interval has passed since the last event. */
    public void add(long count) {
        rows += count;
        long now = System.nanoTime();
        if (now - lastEvent >= intervalNanos) {
            lastEvent = now;
            listener.accept(new Progress(operation, rows, Duration.ofNanos(now - start), false));
        }
    }

    /** Tells the listener the last event, with the final count (which may correct the sum of {@link #add}s). */
    public void done(long total) {
        rows = total;
        listener.accept(new Progress(operation, rows, Duration.ofNanos(System.nanoTime() - start), true));
    }

    /** The rows added so far. */
    public long rows() {
        return rows;
    }

    /**
     * Watches any {@code Flux}: counts its elements and reports progress under {@code operation}
     * every {@link #DEFAULT_INTERVAL} at most, and once more when it completes. Cold: each
     * subscription has a meter of its own, started at subscription.
     */
    public static <T> Flux<T> track(Flux<T> source, String operation, Consumer<? super Progress> listener) {
        return track(source, operation, listener, DEFAULT_INTERVAL);
    }

    /** {@link #track(Flux, String, Consumer)} with an interval of the caller's. */
    public static <T> Flux<T> track(Flux<T> source, String operation, Consumer<? super Progress> listener,
                                    Duration interval) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(interval, "interval");
        return Flux.defer(() -> {
            ProgressMeter meter = new ProgressMeter(operation, listener, interval);
            return source.doOnNext(item -> meter.add(1)).doOnComplete(() -> meter.done(meter.rows()));
        });
    }
}
