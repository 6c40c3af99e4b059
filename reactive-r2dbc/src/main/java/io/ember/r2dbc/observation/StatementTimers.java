package io.ember.r2dbc.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The {@value DbKeys#OPERATION_DURATION} timers of one statement target, for a meter registry without an
 * observation registry: found once and kept, so that timing a statement is two clock reads and one
 * record. Their names and tags are exactly those Micrometer's {@code DefaultMeterObservationHandler}
 * gives the timer of an observation (the target's key values, {@code error.type}, and {@code error}: the
 * simple name of the exception or {@code none}), so dashboards read either the same.
 */
final class StatementTimers {

    private static final String ERROR = "error";

    private final MeterRegistry meters;
    private final Tags base;
    /** Registered at their first statement, as the meter handler would: no series before it has a value. */
    private volatile @Nullable Timer completed;
    private volatile @Nullable Timer cancelled;
    /** Failures by {@code error.type} and {@code error}; bounded by the SQLSTATEs and exception types seen. */
    private final ConcurrentMap<String, Timer> failed = new ConcurrentHashMap<>();

    StatementTimers(KeyValues keyValues, MeterRegistry meters) {
        this.meters = meters;
        List<Tag> tags = new ArrayList<>();
        for (KeyValue keyValue : keyValues) {
            tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
        }
        this.base = Tags.of(tags);
    }

    /** The monotonic time a statement starts at, from the registry's clock. */
    long start() {
        return meters.config().clock().monotonicTime();
    }

    /** Records a statement that started at {@code start} (see {@link #start()}) and ended so. */
    void record(long start, @Nullable Throwable error, boolean wasCancelled) {
        long nanos = meters.config().clock().monotonicTime() - start;
        Timer timer = wasCancelled ? cancelled() : error == null ? completed() : failed(error);
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    // a race registers the same timer twice: the registry gives both callers the one it keeps
    private Timer completed() {
        Timer timer = completed;
        return timer != null ? timer : (completed = timer(DbKeys.NONE, DbKeys.NONE));
    }

    private Timer cancelled() {
        Timer timer = cancelled;
        return timer != null ? timer : (cancelled = timer(DbKeys.CANCELLED, DbKeys.NONE));
    }

    private Timer failed(Throwable error) {
        String type = ErrorTypes.of(error, false);
        String name = error.getClass().getSimpleName();
        String key = type + '\u0000' + name;
        Timer timer = failed.get(key);
        return timer != null ? timer : failed.computeIfAbsent(key, k -> timer(type, name));
    }

    private Timer timer(String errorType, String error) {
        return meters.timer(DbKeys.OPERATION_DURATION, base.and(DbKeys.ERROR_TYPE, errorType).and(ERROR, error));
    }
}
