package io.ember.r2dbc.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Sends JSON answers and error bodies. An error body is
 * {@code {"error": {"statusCode": 400, "code": "INVALID_FILTER", "message": "...", "path": "where.age"}}};
 * a server error (5xx) is logged with its exception under {@code io.ember.http}, and the client gets
 * only the code and a fixed message.
 */
final class Responses {

    private static final Logger LOG = LoggerFactory.getLogger("io.ember.http");

    private Responses() {
    }

    static Mono<Void> json(HttpServerResponse response, HttpResponseStatus status, byte[] body) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .sendByteArray(Mono.just(body))
                .then();
    }

    /** The error body of a failure; safe to call after a response has started (it then only logs). */
    static Mono<Void> error(HttpServerRequest request, HttpServerResponse response, Throwable failure) {
        HttpError error = HttpError.of(failure);
        if (error.isServerError()) {
            LOG.warn("{} {} failed: {}", request.method(), ResourcePath.of(request), error.code(), failure);
        }
        if (response.hasSentHeaders()) {
            return Mono.error(failure);
        }
        return json(response, error.status(), JsonWriter.value(Map.of("error", body(error))));
    }

    private static Map<String, @Nullable Object> body(HttpError error) {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("statusCode", error.status().code());
        body.put("code", error.code());
        body.put("message", error.message());
        body.put("path", error.path());
        return body;
    }
}
