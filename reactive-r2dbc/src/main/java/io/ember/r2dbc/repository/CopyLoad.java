package io.ember.r2dbc.repository;

import io.ember.core.model.PropertyMetadata;
import io.ember.core.repository.Options;
import io.ember.core.repository.Progress;
import io.ember.core.repository.ProgressMeter;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.ModelSql;
import io.ember.r2dbc.sql.SqlStatement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A COPY load: entities become rows of COPY text ({@link CopyText}), filled as {@code insert}
 * fills them ({@link WritePlan#insertValues}), gathered into messages of about
 * {@link #MESSAGE_BYTES} and sent as the driver asks for them, so memory holds a few messages
 * whatever the number of rows. The audit columns get the subscriber's acting user. A source that fails makes the server abort the COPY (nothing is
 * stored) and the load fails with the source's own error.
 */
final class CopyLoad<T> {

    /** A CopyData message is sent once it holds this many bytes. */
    static final int MESSAGE_BYTES = 64 * 1024;

    private final PostgresDataSource dataSource;
    private final WritePlan<T> plan;
    private final AuditUsers audit;
    private final SqlStatement copy;

    CopyLoad(PostgresDataSource dataSource, ModelSql<T> sql, WritePlan<T> plan, AuditUsers audit) {
        this.dataSource = dataSource;
        this.plan = plan;
        this.audit = audit;
        this.copy = sql.copyFrom(plan.insertColumns());
    }

    Mono<Long> load(Publisher<T> entities, Options options, String operation) {
        return audit.mono("load", user -> Mono.defer(() -> {
            Consumer<? super Progress> listener = options.progress();
            ProgressMeter meter = listener == null ? null : new ProgressMeter(operation, listener,
                    ProgressMeter.DEFAULT_INTERVAL);
            AtomicReference<Throwable> sourceError = new AtomicReference<>();
            Flux<Mono<ByteBuf>> data = messages(Flux.from(entities), meter, user).doOnError(sourceError::set)
                    .map(Mono::just);
            return dataSource.withConnection(options.transaction(), c -> dataSource.runner().copyIn(c, copy, data))
                    .singleOrEmpty()
                    .onErrorMap(e -> sourceError.get() != null, e -> sourceError.get())
                    .doOnNext(count -> {
                        if (meter != null) {
                            meter.done(count);
                        }
                    });
        }));
    }

    /** The COPY data: one buffer per message, each released by the driver once written (or here, when dropped). */
    private Flux<ByteBuf> messages(Flux<T> source, @Nullable ProgressMeter meter, @Nullable Object user) {
        return Flux.defer(() -> {
            Encoder encoder = new Encoder(meter, user);
            return source.<ByteBuf>handle((entity, sink) -> {
                        ByteBuf full = encoder.add(entity);
                        if (full != null) {
                            sink.next(full);
                        }
                    })
                    .concatWith(Mono.fromSupplier(encoder::rest))
                    .doFinally(signal -> encoder.release())
                    .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
        });
    }

    /** Fills one buffer at a time; not thread-safe (signals arrive one at a time). */
    private final class Encoder {
        private final @Nullable ProgressMeter meter;
        private final @Nullable Object user;
        private final List<PropertyMetadata> columns = plan.insertColumns();
        private final Instant now = WritePlan.now();
        private @Nullable ByteBuf current;
        private int rows;

        Encoder(@Nullable ProgressMeter meter, @Nullable Object user) {
            this.meter = meter;
            this.user = user;
        }

        /** Adds a row; returns the buffer once it is full, for sending. */
        @Nullable ByteBuf add(T entity) {
            Object[] values = AuditUsers.fill(plan.insertValues(entity, columns, now), user);
            ByteBuf buffer = current;
            if (buffer == null) {
                // not pooled: r2dbc-postgresql 1.x frees the last message of a COPY that ends early even
                // while it waits to be written, and frees it again when that write fails; a pooled buffer
                // would by then belong to another connection's work (seen: that work failed with
                // IllegalReferenceCountException). An unpooled buffer freed twice harms no one.
                buffer = Unpooled.buffer(MESSAGE_BYTES + MESSAGE_BYTES / 4);
                current = buffer;
            }
            CopyText.row(buffer, columns, values);
            rows++;
            return buffer.readableBytes() >= MESSAGE_BYTES ? take() : null;
        }

        /** The last, partly filled buffer, or null. */
        @Nullable ByteBuf rest() {
            return current == null ? null : take();
        }

        private ByteBuf take() {
            ByteBuf full = current;
            current = null;
            if (meter != null) {
                meter.add(rows);
            }
            rows = 0;
            return full;
        }

        void release() {
            ByteBuf left = current;
            current = null;
            if (left != null) {
                ReferenceCountUtil.safeRelease(left);
            }
        }
    }
}
