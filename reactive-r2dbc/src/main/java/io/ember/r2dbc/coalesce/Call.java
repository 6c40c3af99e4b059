package io.ember.r2dbc.coalesce;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Sinks;

/**
 * One caller's lookup in a {@link Batch}: its key, where its answer goes, and the instance read for
 * it. Calls for the same key in one batch are chained, and each gets an instance of its own.
 *
 * @param <T> the model type
 */
final class Call<T> {

    final Object key;
    final Sinks.One<T> sink = Sinks.one();

    /** Written while the batch's rows are mapped, read when the batch completes (one serial stream). */
    @Nullable T value;

    /** The next call for the same key in the same batch. */
    @Nullable Call<T> sameKey;

    /** Whether the caller cancelled; guarded by the batch. */
    boolean left;

    Call(Object key) {
        this.key = key;
    }
}
