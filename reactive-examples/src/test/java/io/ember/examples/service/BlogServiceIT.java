package io.ember.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

/** The example service on a random port, called with a real HTTP client. */
@ExtendWith(EmberDatabaseExtension.class)
class BlogServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Tuple2<Integer, JsonNode> call(HttpClient client, String method, String uri, String body) {
        HttpClient.RequestSender sender = client.headers(h -> h.set("Content-Type", "application/json"))
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(method)).uri(uri);
        HttpClient.ResponseReceiver<?> receiver = body == null ? sender : sender.send(ByteBufFlux.fromString(Mono.just(body)));
        return receiver.responseSingle((response, content) -> content.asString().defaultIfEmpty("null")
                        .map(text -> Tuples.of(response.status().code(), read(text))))
                .block(Duration.ofSeconds(30));
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static HttpClient client(BlogService service) {
        return HttpClient.create().baseUrl("http://127.0.0.1:" + service.port());
    }

    @Test
    void publishPublishesThePostAndBumpsTheAuthorsCounter(EmberDatabase db) {
        BlogService service = BlogService.start(db.newDataSource(b -> { }), 0).block(Duration.ofSeconds(60));
        try {
            HttpClient http = client(service);
            var published = call(http, "POST", "/posts/2/publish", null);
            assertThat(published.getT1()).isEqualTo(200);
            assertThat(published.getT2().get("published").asBoolean()).isTrue();
            assertThat(published.getT2().get("publishedAt").asText()).isNotEmpty();
            assertThat(call(http, "GET", "/users/1", null).getT2().get("postCount").asInt()).isEqualTo(2);
            var again = call(http, "POST", "/posts/2/publish", null);
            assertThat(again.getT1()).isEqualTo(409);
            assertThat(again.getT2().get("error").get("code").asText()).isEqualTo("ALREADY_PUBLISHED");
            assertThat(call(http, "GET", "/users/1", null).getT2().get("postCount").asInt()).isEqualTo(2);
            assertThat(call(http, "POST", "/posts/99/publish", null).getT1()).isEqualTo(404);
            assertThat(call(http, "POST", "/posts/x/publish", null).getT1()).isEqualTo(400);
        } finally {
            service.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void publishWritesNothingWhenTheCounterCannotBeBumped(EmberDatabase db) {
        PostgresDataSource ds = db.newDataSource(b -> { });
        BlogService service = BlogService.start(ds, 0).block(Duration.ofSeconds(60));
        try {
            db.execute("ALTER TABLE users ADD CONSTRAINT users_post_count_max CHECK (post_count <= 1)");
            HttpClient http = client(service);
            var refused = call(http, "POST", "/posts/2/publish", null);
            assertThat(refused.getT1()).isEqualTo(400);
            assertThat(refused.getT2().get("error").get("code").asText()).isEqualTo("CHECK_VIOLATION");
            assertThat(refused.getT2().get("error").get("message").asText()).contains("users_post_count_max");
            // the post's update ran first in the transaction, and was rolled back with it
            assertThat(call(http, "GET", "/posts/2", null).getT2().get("published").asBoolean()).isFalse();
            assertThat(call(http, "GET", "/users/1", null).getT2().get("postCount").asInt()).isEqualTo(1);
        } finally {
            service.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void postsComeWithTheirAuthorCommentsAndTags(EmberDatabase db) {
        BlogService service = BlogService.start(db.newDataSource(b -> { }), 0).block(Duration.ofSeconds(60));
        try {
            String filter = "{\"where\":{\"published\":true},\"fields\":[\"id\",\"title\"],\"include\":["
                    + "{\"relation\":\"author\",\"scope\":{\"fields\":[\"name\"]}},"
                    + "{\"relation\":\"comments\",\"scope\":{\"order\":[\"id\"],\"limit\":1}},"
                    + "{\"relation\":\"tags\",\"scope\":{\"order\":[\"name\"]}}]}";
            var posts = call(client(service), "GET", "/posts?filter=" + encode(filter), null);
            assertThat(posts.getT1()).isEqualTo(200);
            JsonNode post = posts.getT2().get(0);
            assertThat(posts.getT2()).hasSize(1);
            assertThat(post.get("title").asText()).isEqualTo("Hello, Ember");
            assertThat(post.get("author").toString()).isEqualTo("{\"id\":1,\"name\":\"Ada\"}");
            assertThat(post.get("comments")).hasSize(1);
            assertThat(post.get("comments").get(0).get("body").asText()).isEqualTo("Nice!");
            assertThat(post.get("tags").findValuesAsText("name")).containsExactly("java", "postgres");
            assertThat(post.get("author").has("passwordHash")).isFalse();
        } finally {
            service.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void stopFinishesTheRequestInFlightRefusesNewConnectionsAndClosesThePool(EmberDatabase db) throws Exception {
        PostgresDataSource ds = db.newDataSource(b -> { });
        BlogService service = BlogService.start(ds, 0).block(Duration.ofSeconds(60));
        int port = service.port();
        HttpClient http = client(service);
        // a create whose body arrives slowly: in flight when the stop begins
        Flux<String> slowBody = Flux.concat(Mono.just("{\"name\":\"Slow\","),
                Mono.delay(Duration.ofMillis(1500)).thenReturn("\"email\":\"slow@example.com\"}"));
        CompletableFuture<Integer> inFlight = http.headers(h -> h.set("Content-Type", "application/json"))
                .post().uri("/users").send(ByteBufFlux.fromString(slowBody))
                .responseSingle((response, content) -> Mono.just(response.status().code()))
                .toFuture();
        Thread.sleep(500);
        long started = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> service.stop(Duration.ofSeconds(10)));
        Thread.sleep(300);
        assertThatThrownBy(() -> HttpClient.create().baseUrl("http://127.0.0.1:" + port)
                .get().uri("/users/count").responseSingle((r, c) -> Mono.just(r.status().code())).block(Duration.ofSeconds(10)))
                .as("a new connection during the stop").isInstanceOf(Exception.class);
        assertThat(inFlight.get(20, TimeUnit.SECONDS)).as("the request in flight").isEqualTo(201);
        stopping.get(30, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("BlogServiceIT: stopped in " + millis + " ms with a request in flight");
        assertThat(ds.isClosed()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE email = 'slow@example.com'")).isEqualTo(1);
    }
}
