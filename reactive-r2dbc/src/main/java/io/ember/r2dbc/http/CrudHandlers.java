package io.ember.r2dbc.http;

import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterPolicy;
import io.ember.core.filter.QueryStringParser;
import io.ember.core.model.ModelMetadata;
import io.ember.core.repository.CrudRepository;
import io.ember.core.repository.Options;
import io.ember.core.repository.Page;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The handlers of one resource, one method per endpoint. Each returns a cold {@code Mono} that
 * parses the request, calls the repository once and writes the answer; every failure becomes an
 * error body ({@link HttpReplies#error}). No handler holds a connection: the repository call owns it.
 *
 * @param <T>  the model type
 * @param <ID> the id type
 */
final class CrudHandlers<T, ID> {

    private final String basePath;
    private final CrudRepository<T, ID> repository;
    private final ModelMetadata<T> model;
    private final BodyParser<T> bodies;
    private final CrudRoutes.Settings settings;

    CrudHandlers(String basePath, CrudRepository<T, ID> repository, ModelMetadata<T> model, CrudRoutes.Settings settings) {
        this.basePath = basePath;
        this.repository = repository;
        this.model = model;
        this.bodies = new BodyParser<>(model);
        this.settings = settings;
    }

    /** {@code GET /things?filter=}: a page, with {@code Content-Range: records 0-9/120} and {@code x-request-count: 120}. */
    Mono<Void> list(HttpServerRequest request, HttpServerResponse response) {
        return handle(request, response, () -> {
            Filter filter = filter(request, settings.policy());
            return repository.findPage(filter).flatMap(page -> {
                Page.Range range = page.range();
                long last = Math.max(range.start(), range.end() - 1);
                response.header("Content-Range", "records " + range.start() + "-" + last + "/" + range.total());
                response.header("x-request-count", Long.toString(range.total()));
                return HttpReplies.json(response, HttpResponseStatus.OK, JsonWriter.entities(model, page.data(), filter));
            });
        });
    }

    /** {@code GET /things/count?where=}: {@code {"count": 42}}. */
    Mono<Void> count(HttpServerRequest request, HttpServerResponse response) {
        return handle(request, response, () -> repository.count(filter(request, settings.policy()).where())
                .flatMap(count -> HttpReplies.json(response, HttpResponseStatus.OK, JsonWriter.value(Map.of("count", count)))));
    }

    /** {@code GET /things/{id}?filter=}: the row (fields and includes from the filter), or 404. */
    Mono<Void> findById(HttpServerRequest request, HttpServerResponse response) {
        return handle(request, response, () -> {
            ID id = id(request);
            Filter filter = filter(request, settings.policy());
            return repository.findById(id, filter)
                    .switchIfEmpty(Mono.error(() -> HttpProblem.notFound(model.type().getSimpleName())))
                    .flatMap(row -> HttpReplies.json(response, HttpResponseStatus.OK, JsonWriter.entity(model, row, filter)));
        });
    }

    /** {@code POST /things}: creates the row of the body; 201 with the stored row. */
    Mono<Void> create(HttpServerRequest request, HttpServerResponse response) {
        return handle(request, response, () -> BoundedBody.read(request, response, settings.maxBodyBytes())
                .map(bodies::entity)
                .flatMap(repository::create)
                .flatMap(row -> HttpReplies.json(response, HttpResponseStatus.CREATED, JsonWriter.entity(model, row, null))));
    }

    /** {@code PATCH /things/{id}}: writes the body's properties; the updated row, or 404. */
    Mono<Void> updateById(HttpServerRequest request, HttpServerResponse response) {
        return handle(request, response, () -> {
            ID id = id(request);
            return BoundedBody.read(request, response, settings.maxBodyBytes())
                    .map(bodies::patch)
                    .flatMap(patch -> repository.updateById(id, patch))
                    .switchIfEmpty(Mono.error(() -> HttpProblem.notFound(model.type().getSimpleName())))
                    .flatMap(row -> HttpReplies.json(response, HttpResponseStatus.OK, JsonWriter.entity(model, row, null)));
        });
    }

    /** {@code PATCH /things?where=}: writes the body's properties to every matching row; {@code {"count": n}}. */
    Mono<Void> updateAll(HttpServerRequest request, HttpServerResponse response) {
        return handle(request, response, () -> {
            Filter filter = filter(request, settings.policy());
            return BoundedBody.read(request, response, settings.maxBodyBytes())
                    .map(bodies::patch)
                    .flatMap(patch -> repository.updateAll(patch, filter.where()))
                    .flatMap(count -> HttpReplies.json(response, HttpResponseStatus.OK, JsonWriter.value(Map.of("count", count))));
        });
    }

    /** {@code DELETE /things/{id}}: deletes the row and answers it, or 404. */
    Mono<Void> deleteById(HttpServerRequest request, HttpServerResponse response) {
        return handle(request, response, () -> repository.deleteById(id(request))
                .switchIfEmpty(Mono.error(() -> HttpProblem.notFound(model.type().getSimpleName())))
                .flatMap(row -> HttpReplies.json(response, HttpResponseStatus.OK, JsonWriter.entity(model, row, null))));
    }

    /**
     * {@code GET /things/stream?filter=}: every matching row as one JSON object per line, read through
     * a cursor at the pace the client reads (Reactor Netty stops asking for rows while the socket is
     * not writable, and the cursor stops fetching).
     */
    Mono<Void> stream(HttpServerRequest request, HttpServerResponse response) {
        return handle(request, response, () -> {
            Filter filter = filter(request, settings.streamPolicy());
            Flux<byte[]> lines = repository.find(filter, Options.defaults().fetchSize(settings.streamFetchSize()))
                    .map(row -> JsonWriter.line(model, row, filter));
            return response.status(HttpResponseStatus.OK)
                    .header(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson")
                    .sendByteArray(lines)
                    .then();
        });
    }

    @SuppressWarnings("unchecked")
    private ID id(HttpServerRequest request) {
        return (ID) PathId.parse(model, ResourcePath.idSegment(basePath, request));
    }

    private Filter filter(HttpServerRequest request, FilterPolicy policy) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        return QueryStringParser.parse(q < 0 ? "" : uri.substring(q + 1), model, policy);
    }

    private static Mono<Void> handle(HttpServerRequest request, HttpServerResponse response,
                                     Supplier<Mono<Void>> work) {
        return Mono.defer(work).onErrorResume(e -> HttpReplies.error(request, response, e));
    }
}
