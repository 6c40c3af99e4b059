package io.ember.r2dbc.http;

import io.ember.core.filter.FilterPolicy;
import io.ember.core.model.ModelMetadata;
import io.ember.core.repository.CrudRepository;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The CRUD endpoints of one repository on Reactor Netty, in the original framework's REST
 * conventions. For a base path {@code /users}:
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code GET /users?filter=}</td><td>200, a JSON array; {@code Content-Range: records 0-9/120},
 *       {@code x-request-count: 120} (the total that matches)</td></tr>
 *   <tr><td>{@code GET /users/count?where=}</td><td>200, {@code {"count": 120}}</td></tr>
 *   <tr><td>{@code GET /users/stream?filter=}</td><td>200, {@code application/x-ndjson}: one row per line,
 *       read at the client's pace</td></tr>
 *   <tr><td>{@code GET /users/{id}?filter=}</td><td>200, the row (fields and includes from the filter), or 404</td></tr>
 *   <tr><td>{@code POST /users}</td><td>201, the stored row</td></tr>
 *   <tr><td>{@code PATCH /users/{id}}</td><td>200, the updated row, or 404</td></tr>
 *   <tr><td>{@code PATCH /users?where=}</td><td>200, {@code {"count": 3}}</td></tr>
 *   <tr><td>{@code DELETE /users/{id}}</td><td>200, the deleted row, or 404</td></tr>
 * </table>
 *
 * Filters come from the query string ({@code ?filter=<json>}, {@code ?where=<json>} or
 * {@code filter[where][age][gte]=18}) and are checked under a {@link FilterPolicy}
 * ({@link FilterPolicy#external()} unless told otherwise). Failures are JSON bodies
 * {@code {"error": {"statusCode", "code", "message", "path"}}}: 400 for an invalid filter, body or id,
 * 404, 409 for a unique or foreign key violation (naming the constraint), 413 for a body over the
 * limit (1 MB unless told otherwise), 503 when the pool is exhausted or the datasource closed. No
 * SQL, bind value, server message or stack trace reaches the client.
 *
 * <p>Immutable: each {@code with*} returns a new instance. Register it on a server with
 * {@code HttpServer.create().route(routes -> users.accept(routes))}, before routes of your own under
 * the same base path that would otherwise shadow {@code count} and {@code stream}.
 *
 * @param <T>  the model type
 * @param <ID> the id type
 */
public final class CrudRoutes<T, ID> implements Consumer<HttpServerRoutes> {

    /** The default limit of a request body, in bytes: 1 MB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    /** The default number of rows a stream fetches from its cursor at a time. */
    public static final int DEFAULT_STREAM_FETCH_SIZE = 500;

    /** What the handlers need to know besides the repository. */
    record Settings(FilterPolicy policy, FilterPolicy streamPolicy, int maxBodyBytes, int streamFetchSize) {
    }

    private final String basePath;
    private final CrudRepository<T, ID> repository;
    private final ModelMetadata<T> model;
    private final Settings settings;

    private CrudRoutes(String basePath, CrudRepository<T, ID> repository, ModelMetadata<T> model, Settings settings) {
        this.basePath = basePath;
        this.repository = repository;
        this.model = model;
        this.settings = settings;
    }

    /**
     * The endpoints of a repository under a base path ({@code "/users"}).
     *
     * @throws IllegalArgumentException when the path does not start with {@code /} or ends with one, or
     *                                  the model has a composite key (its id does not fit in a path segment)
     */
    public static <T, ID> CrudRoutes<T, ID> of(String basePath, DefaultCrudRepository<T, ID> repository) {
        return of(basePath, repository, repository.model().type());
    }

    /** The endpoints of any repository of a model under a base path ({@code "/users"}). */
    public static <T, ID> CrudRoutes<T, ID> of(String basePath, CrudRepository<T, ID> repository, Class<T> modelType) {
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(repository, "repository");
        if (!basePath.startsWith("/") || basePath.endsWith("/") || basePath.contains("{")) {
            throw new IllegalArgumentException("basePath must start with '/', not end with one, and hold no"
                    + " template: " + basePath);
        }
        ModelMetadata<T> model = ModelMetadata.of(Objects.requireNonNull(modelType, "modelType"));
        if (model.hasCompositeKey()) {
            throw new IllegalArgumentException(model.type().getSimpleName() + " has a composite key, which a path"
                    + " segment cannot carry");
        }
        FilterPolicy external = FilterPolicy.external();
        return new CrudRoutes<>(basePath, repository, model, new Settings(external, streamPolicyOf(external),
                DEFAULT_MAX_BODY_BYTES, DEFAULT_STREAM_FETCH_SIZE));
    }

    /**
     * These endpoints under another filter policy. The stream endpoint takes the same policy without
     * the default and the maximum limit (a stream is bounded by the client's pace, not by a page size),
     * unless {@link #withStreamPolicy(FilterPolicy)} says otherwise afterwards.
     */
    public CrudRoutes<T, ID> withPolicy(FilterPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return new CrudRoutes<>(basePath, repository, model, new Settings(policy, streamPolicyOf(policy),
                settings.maxBodyBytes(), settings.streamFetchSize()));
    }

    /** These endpoints with another policy for {@code /stream}. */
    public CrudRoutes<T, ID> withStreamPolicy(FilterPolicy streamPolicy) {
        Objects.requireNonNull(streamPolicy, "streamPolicy");
        return new CrudRoutes<>(basePath, repository, model, new Settings(settings.policy(), streamPolicy,
                settings.maxBodyBytes(), settings.streamFetchSize()));
    }

    /** These endpoints with another body limit, in bytes; a larger body is a 413. */
    public CrudRoutes<T, ID> withMaxBodyBytes(int maxBodyBytes) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 1, was " + maxBodyBytes);
        }
        return new CrudRoutes<>(basePath, repository, model, new Settings(settings.policy(), settings.streamPolicy(),
                maxBodyBytes, settings.streamFetchSize()));
    }

    /** These endpoints with another cursor fetch size for {@code /stream}. */
    public CrudRoutes<T, ID> withStreamFetchSize(int fetchSize) {
        if (fetchSize < 1) {
            throw new IllegalArgumentException("fetchSize must be >= 1, was " + fetchSize);
        }
        return new CrudRoutes<>(basePath, repository, model, new Settings(settings.policy(), settings.streamPolicy(),
                settings.maxBodyBytes(), fetchSize));
    }

    /** The base path ({@code "/users"}). */
    public String basePath() {
        return basePath;
    }

    /** Registers the endpoints on a server's routes; {@code count} and {@code stream} before {@code {id}}. */
    @Override
    public void accept(HttpServerRoutes routes) {
        CrudHandlers<T, ID> handlers = new CrudHandlers<>(basePath, repository, model, settings);
        routes.get(basePath, handlers::list)
                .get(basePath + "/count", handlers::count)
                .get(basePath + "/stream", handlers::stream)
                .get(basePath + "/{id}", handlers::findById)
                .post(basePath, handlers::create)
                .route(request -> request.method().equals(HttpMethod.PATCH) && basePath.equals(ResourcePath.of(request)),
                        handlers::updateAll)
                .route(request -> request.method().equals(HttpMethod.PATCH)
                        && ResourcePath.idSegment(basePath, request) != null, handlers::updateById)
                .delete(basePath + "/{id}", handlers::deleteById);
    }

    private static FilterPolicy streamPolicyOf(FilterPolicy policy) {
        return policy.withDefaultLimit(null).withMaxLimit(null);
    }
}
