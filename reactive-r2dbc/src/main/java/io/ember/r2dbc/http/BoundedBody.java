package io.ember.r2dbc.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Aggregates a request body up to a limit; memory held for one body never exceeds it. A body over
 * the limit is read to its end and dropped as it arrives, then refused with a 413 {@link HttpProblem}
 * (so the client, still sending, gets the answer rather than a reset connection), up to
 * {@value #DRAIN_FACTOR} times the limit (at least {@value #MIN_DRAIN} bytes); a body declared or
 * found larger than that is refused at once and its connection closed after the answer.
 */
final class BoundedBody {

    static final int DRAIN_FACTOR = 64;
    static final long MIN_DRAIN = 64L << 20;

    private BoundedBody() {
    }

    /** The body's bytes (empty for none); cold: reads when subscribed. */
    static Mono<byte[]> read(HttpServerRequest request, HttpServerResponse response, int maxBytes) {
        long drainLimit = Math.max(MIN_DRAIN, (long) maxBytes * DRAIN_FACTOR);
        return Mono.defer(() -> {
            String declared = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
            if (declared != null && length(declared) > drainLimit) {
                response.keepAlive(false);
                return Mono.error(tooLarge(maxBytes));
            }
            return request.receive()
                    .reduceWith(() -> new Accumulator(maxBytes), (body, chunk) -> {
                        if (body.add(chunk) > drainLimit) {
                            response.keepAlive(false);
                            throw tooLarge(maxBytes);
                        }
                        return body;
                    })
                    .defaultIfEmpty(new Accumulator(maxBytes))
                    .handle((body, sink) -> {
                        if (body.overLimit()) {
                            sink.error(tooLarge(maxBytes));
                        } else {
                            sink.next(body.bytes());
                        }
                    });
        });
    }

    private static long length(String declared) {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static HttpProblem tooLarge(int maxBytes) {
        return new HttpProblem(413, "BODY_TOO_LARGE", "body",
                "the body is larger than " + maxBytes + " bytes");
    }

    /** The bytes so far while under the limit; past it, only their count. */
    private static final class Accumulator {

        private final int maxBytes;
        private @Nullable ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long total;

        Accumulator(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        long add(ByteBuf chunk) {
            int n = chunk.readableBytes();
            total += n;
            ByteArrayOutputStream kept = out;
            if (kept != null) {
                if (total > maxBytes) {
                    out = null;
                } else {
                    byte[] bytes = new byte[n];
                    chunk.getBytes(chunk.readerIndex(), bytes);
                    kept.writeBytes(bytes);
                }
            }
            return total;
        }

        boolean overLimit() {
            return out == null;
        }

        byte[] bytes() {
            ByteArrayOutputStream kept = out;
            return kept == null ? new byte[0] : kept.toByteArray();
        }
    }
}
