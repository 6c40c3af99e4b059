package io.ember.r2dbc.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.ember.core.model.ModelMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Sends JSON answers and error bodies the way {@link CrudRoutes} does, for handlers of your own. An
 * error body is
 * {@code {"error": {"statusCode": 400, "code": "INVALID_FILTER", "message": "...", "path": "where.age"}}};
 * a server error (5xx) is logged with its exception under {@code io.ember.http}, and the client gets
 * only the code and a fixed message. Every method returns a cold {@code Mono} that completes when the
 * answer is written.
 */
public final class HttpReplies {

    private static final Logger LOG = LoggerFactory.getLogger("io.ember.http");

    private HttpReplies() {
    }

    /** Any value as a JSON body ({@code Map.of("count", 3)}), with that status. */
    public static Mono<Void> json(HttpServerResponse response, int status, Object value) {
        return Mono.defer(() -> json(response, HttpResponseStatus.valueOf(status), JsonWriter.value(value)));
    }

    /** An entity of a model as a JSON body, without its {@code @Hidden} properties, with that status. */
    public static <T> Mono<Void> entity(HttpServerResponse response, int status, Class<T> modelType, T entity) {
        return Mono.defer(() -> json(response, HttpResponseStatus.valueOf(status),
                JsonWriter.entity(ModelMetadata.of(modelType), entity, null)));
    }

    static Mono<Void> json(HttpServerResponse response, HttpResponseStatus status, byte[] body) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .sendByteArray(Mono.just(body))
                .then();
    }

    /**
     * The error body of a failure: an {@link HttpProblem} as it says, an Ember exception by its kind (400
     * invalid filter, 404, 409 unique or foreign key violation naming the constraint, 503 pool exhausted or
     * datasource closed...), anything else a 500 {@code INTERNAL_ERROR}. After the answer has started (a
     * stream that failed midway) it only logs, and emits the failure so that the connection is closed.
     */
    public static Mono<Void> error(HttpServerRequest request, HttpServerResponse response, Throwable failure) {
        return Mono.defer(() -> {
            HttpError error = HttpError.of(failure);
            if (error.isServerError()) {
                LOG.warn("{} {} failed: {}", request.method(), ResourcePath.of(request), error.code(), failure);
            }
            if (response.hasSentHeaders()) {
                return Mono.error(failure);
            }
            return json(response, error.status(), JsonWriter.value(Map.of("error", body(error))));
        });
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
