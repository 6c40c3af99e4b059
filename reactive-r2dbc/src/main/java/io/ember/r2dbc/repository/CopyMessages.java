package io.ember.r2dbc.repository;

import io.ember.core.repository.ProgressMeter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The data of a COPY load: entities become rows in the load's {@link CopyFormat}, filled as
 * {@code insert} fills them ({@link WritePlan#insertValues}), gathered into buffers of about
 * {@link #MESSAGE_BYTES}, one CopyData message each, the format's header before the first row and
 * its trailer after the last. The audit columns get the given acting user.
 */
final class CopyMessages {

    /** A CopyData message is sent once it holds this many bytes. */
    static final int MESSAGE_BYTES = 64 * 1024;

    private CopyMessages() {
    }

    /**
     * One buffer per message, each the subscriber's to release (the driver releases what it writes);
     * a buffer still being filled when the stream ends, fails or is cancelled is released here. A
     * cancel may come from another thread while a row is being encoded (the COPY's connection stops
     * the stream from its event loop): the encoding finishes first, the buffer is released after it,
     * and nothing is signalled after the cancel. Cold.
     */
    static <T> Flux<ByteBuf> of(Flux<T> source, WritePlan<T> plan, CopyFormat format,
                                @Nullable ProgressMeter meter, @Nullable Object user) {
        return Flux.defer(() -> {
            Instant now = WritePlan.now();
            return rows(source.map(entity -> AuditUsers.fill(plan.insertValues(entity, format.columns, now), user)),
                    format, meter);
        });
    }

    /**
     * The same for rows of model values already filled, in {@code format}'s column order (no audit
     * slot left in them).
     */
    static Flux<ByteBuf> rows(Flux<Object[]> source, CopyFormat format, @Nullable ProgressMeter meter) {
        return Flux.defer(() -> {
            Encoder encoder = new Encoder(format, meter);
            return source.<ByteBuf>handle((values, sink) -> {
                        ByteBuf full = encoder.add(values);
                        if (full != null) {
                            sink.next(full);
                        }
                    })
                    .concatWith(Mono.fromSupplier(encoder::rest))
                    .doFinally(signal -> encoder.close())
                    .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
        });
    }

    /**
     * Fills one buffer at a time. Rows arrive one at a time, but {@link #close} may come from another
     * thread in the middle of one (a cancel), hence the lock: taken once per row, never contended
     * but on that cancel.
     */
    private static final class Encoder {
        private final CopyFormat format;
        private final @Nullable ProgressMeter meter;
        private @Nullable ByteBuf current;
        private boolean closed;
        private boolean started;
        private int rows;

        Encoder(CopyFormat format, @Nullable ProgressMeter meter) {
            this.format = format;
            this.meter = meter;
        }

        /** Adds a row; returns the buffer once it is full, for sending; null too once closed. */
        @Nullable ByteBuf add(Object[] values) {
            synchronized (this) {
                if (closed) {
                    return null;
                }
                ByteBuf buffer = buffer();
                format.row(buffer, values);
                rows++;
                return buffer.readableBytes() >= MESSAGE_BYTES ? take() : null;
            }
        }

        /** The last, partly filled buffer with the format's trailer, or null when there is nothing to send. */
        synchronized @Nullable ByteBuf rest() {
            if (closed) {
                return null;
            }
            if (format.isBinary()) {
                format.trailer(buffer());   // binary data always has a header and a trailer, rows or not
            }
            return current == null ? null : take();
        }

        /** The buffer being filled, a new one (with the header, first) when there is none. */
        private ByteBuf buffer() {
            ByteBuf buffer = current;
            if (buffer == null) {
                // not pooled: r2dbc-postgresql 1.x frees the last message of a COPY that ends early
                // even while it waits to be written, and frees it again when that write fails; a
                // pooled buffer would by then belong to another connection's work. An unpooled
                // buffer freed twice harms no one.
                buffer = Unpooled.buffer(MESSAGE_BYTES + MESSAGE_BYTES / 4);
                current = buffer;
                if (!started) {
                    started = true;
                    format.header(buffer);
                }
            }
            return buffer;
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

        /** Releases the buffer being filled; what is added afterwards is dropped. */
        void close() {
            ByteBuf left;
            synchronized (this) {
                closed = true;
                left = current;
                current = null;
            }
            if (left != null) {
                ReferenceCountUtil.safeRelease(left);
            }
        }
    }
}
