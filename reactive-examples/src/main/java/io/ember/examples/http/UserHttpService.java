package io.ember.examples.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ember.core.error.InvalidFilterException;
import io.ember.core.error.PersistenceException;
import io.ember.core.error.UniqueViolationException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterPolicy;
import io.ember.core.filter.QueryStringParser;
import io.ember.examples.User;
import io.ember.examples.UserRepository;
import io.ember.r2dbc.mapping.Values;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A users API on Reactor Netty, non-blocking from the socket to the database:
 * <ul>
 *   <li>{@code GET /users?filter={"where":{"age":{"gte":18}},"order":["name"],"limit":10}} (or
 *       {@code ?where=…}, or {@code ?filter[where][age][gte]=18}): a page of users, with
 *       {@code Content-Range: records 0-9/42}; the filter is checked against the model and the
 *       external policy (default and maximum limit, depth, no hidden properties);</li>
 *   <li>{@code GET /users/{id}}; {@code POST /users} with a JSON user; {@code DELETE /users/{id}}.</li>
 * </ul>
 * A bad filter is a 400 naming the place in the filter; a duplicate email a 409.
 */
public final class UserHttpService {

    private static final ObjectMapper JSON = Values.json().copy().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final UserRepository users;
    private final FilterPolicy policy;

    public UserHttpService(UserRepository users, FilterPolicy policy) {
        this.users = users;
        this.policy = policy;
    }

    /** Binds the routes on a port (0 for any free one) and starts serving. */
    public Mono<? extends DisposableServer> start(int port) {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .route(routes -> routes
                        .get("/users", this::list)
                        .get("/users/{id}", this::one)
                        .post("/users", this::create)
                        .delete("/users/{id}", this::delete))
                .bind();
    }

    private Publisher<Void> list(HttpServerRequest request, HttpServerResponse response) {
        return Mono.defer(() -> {
                    String uri = request.uri();
                    int q = uri.indexOf('?');
                    Filter filter = QueryStringParser.parse(q < 0 ? "" : uri.substring(q + 1), users.model(), policy);
                    return users.findPage(filter);
                })
                .flatMap(page -> {
                    long last = Math.max(page.range().start(), page.range().end() - 1);
                    response.header("Content-Range", "records " + page.range().start() + "-" + last + "/"
                            + page.range().total());
                    return send(response, HttpResponseStatus.OK, page.data());
                })
                .onErrorResume(e -> error(response, e));
    }

    private Publisher<Void> one(HttpServerRequest request, HttpServerResponse response) {
        return Mono.defer(() -> users.findById(UUID.fromString(request.param("id"))))
                .flatMap(user -> send(response, HttpResponseStatus.OK, user))
                .switchIfEmpty(Mono.defer(() -> send(response, HttpResponseStatus.NOT_FOUND, Map.of("error", "not found"))))
                .onErrorResume(e -> error(response, e));
    }

    private Publisher<Void> create(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asByteArray()
                .map(UserHttpService::readUser)
                .flatMap(users::create)
                .flatMap(user -> send(response, HttpResponseStatus.CREATED, user))
                .onErrorResume(e -> error(response, e));
    }

    private Publisher<Void> delete(HttpServerRequest request, HttpServerResponse response) {
        return Mono.defer(() -> users.deleteById(UUID.fromString(request.param("id"))))
                .flatMap(user -> response.status(HttpResponseStatus.NO_CONTENT).send())
                .switchIfEmpty(Mono.defer(() -> send(response, HttpResponseStatus.NOT_FOUND, Map.of("error", "not found"))))
                .onErrorResume(e -> error(response, e));
    }

    private static User readUser(byte[] body) {
        try {
            return JSON.readValue(body, User.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not a user: " + e.getMessage(), e);
        }
    }

    private static Mono<Void> error(HttpServerResponse response, Throwable e) {
        if (e instanceof InvalidFilterException f) {
            return send(response, HttpResponseStatus.BAD_REQUEST, Map.of("error", f.getMessage(), "path", f.path()));
        }
        if (e instanceof UniqueViolationException u) {
            return send(response, HttpResponseStatus.CONFLICT, Map.of("error", "duplicate",
                    "constraint", String.valueOf(u.constraint())));
        }
        if (e instanceof IllegalArgumentException) {
            return send(response, HttpResponseStatus.BAD_REQUEST, Map.of("error", String.valueOf(e.getMessage())));
        }
        String message = e instanceof PersistenceException ? "database error" : "internal error";
        return send(response, HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("error", message));
    }

    private static Mono<Void> send(HttpServerResponse response, HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        return response.status(status)
                .header("Content-Type", "application/json")
                .sendByteArray(Mono.just(bytes))
                .then();
    }
}
