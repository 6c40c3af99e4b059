package io.ember.core.repository;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How far a long operation has come: a bulk load, a streaming {@code createAll}, a chunked
 * {@code updateAll}/{@code deleteAll}, or any {@code Flux} watched with {@link ProgressMeter#track}.
 * Listeners get one at most every {@link ProgressMeter#DEFAULT_INTERVAL} and a last one, with
 * {@code done} true, when the operation completes.
 *
 * @param operation what runs, for a progress line ({@code "load Item"})
 * @param rows      rows handled so far (sent to the server, stored, or emitted, as the operation says)
 * @param elapsed   time since the operation was subscribed
 * @param done      true on the last event, once the operation completed
 */
public record Progress(String operation, long rows, Duration elapsed, boolean done) {

    public Progress {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(elapsed, "elapsed");
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, was " + rows);
        }
    }

    /** The average rate since the start, in rows per second (0 before any time has passed). */
    public double rowsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : rows * 1e9 / nanos;
    }

    /** A progress line: {@code load Item: 120,000 rows in 1.3 s (92,308 rows/s)}, with {@code , done} at the end. */
    public String line() {
        return String.format(Locale.ROOT, "%s: %,d rows in %.1f s (%,.0f rows/s)%s", operation, rows,
                elapsed.toNanos() / 1e9, rowsPerSecond(), done ? ", done" : "");
    }
}
