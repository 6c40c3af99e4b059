package io.ember.r2dbc.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Aggregates a request body up to a limit. A body that declares a larger {@code Content-Length} is
 * refused at once, before a byte of it is read; a chunked body is counted as it arrives and refused
 * when it crosses the limit (the bytes already read are dropped). Either way the refusal is an
 * {@link HttpProblem} with status 413, and memory held for one body never exceeds the limit.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    /** The body's bytes (empty for none); cold: reads when subscribed. */
    static Mono<byte[]> read(HttpServerRequest request, int maxBytes) {
        return Mono.defer(() -> {
            String declared = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
            if (declared != null && tooLarge(declared, maxBytes)) {
                return Mono.error(tooLarge(maxBytes));
            }
            return request.receive().asByteArray()
                    .reduceWith(ByteArrayOutputStream::new, (out, chunk) -> {
                        if (out.size() + chunk.length > maxBytes) {
                            throw tooLarge(maxBytes);
                        }
                        out.writeBytes(chunk);
                        return out;
                    })
                    .map(ByteArrayOutputStream::toByteArray)
                    .defaultIfEmpty(new byte[0]);
        });
    }

    private static boolean tooLarge(String declared, int maxBytes) {
        try {
            return Long.parseLong(declared.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static HttpProblem tooLarge(int maxBytes) {
        return new HttpProblem(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "BODY_TOO_LARGE", "body",
                "the body is larger than " + maxBytes + " bytes");
    }
}
