package io.ember.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ember.core.filter.FilterPolicy;
import io.ember.examples.User;
import io.ember.examples.UserRepository;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.util.function.Tuple3;
import reactor.util.function.Tuples;

/** A front end's filters reach the repository through HTTP: JSON, where, and the bracket form. */
@ExtendWith(EmberDatabaseExtension.class)
class UserHttpServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DisposableServer server;
    private static HttpClient client;

    @BeforeAll
    static void start(EmberDatabase db, PostgresDataSource ds) {
        UserRepository users = new UserRepository(ds);
        SchemaGenerator.createTables(ds, User.class).block(Duration.ofSeconds(30));
        db.execute("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)");
        users.createAll(List.of(User.of("Ada", "ada@x.io", 36, "math"), User.of("Bob", "bob@x.io", 17),
                User.of("Cy", "cy@x.io", 41, "code"))).blockLast(Duration.ofSeconds(30));
        server = new UserHttpService(users, FilterPolicy.external()).start(0).block(Duration.ofSeconds(30));
        client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
    }

    private static Tuple3<Integer, String, JsonNode> get(String uri) {
        return client.get().uri(uri).responseSingle((response, body) -> body.asString().defaultIfEmpty("null")
                .map(text -> Tuples.of(response.status().code(),
                        String.valueOf(response.responseHeaders().get("Content-Range")), read(text))))
                .block(Duration.ofSeconds(30));
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void jsonFilterInTheQueryString() {
        var r = get("/users?filter=" + encode("{\"where\":{\"age\":{\"gte\":18}},\"order\":[\"age DESC\"],\"fields\":[\"name\",\"age\"]}"));
        assertThat(r.getT1()).isEqualTo(200);
        assertThat(r.getT2()).isEqualTo("records 0-1/2");
        assertThat(r.getT3().findValuesAsText("name")).containsExactly("Cy", "Ada");
        assertThat(r.getT3().get(0).get("email").isNull()).isTrue();
        assertThat(r.getT3().get(0).has("passwordHash") && !r.getT3().get(0).get("passwordHash").isNull()).isFalse();
    }

    @Test
    void bracketFormIsCoercedToThePropertyTypes() {
        var r = get("/users?filter[where][age][lt]=20&filter[order][0]=name%20ASC");
        assertThat(r.getT1()).isEqualTo(200);
        assertThat(r.getT3().findValuesAsText("name")).containsExactly("Bob");
        var bad = get("/users?filter[where][age][lt]=young");
        assertThat(bad.getT1()).isEqualTo(400);
        assertThat(bad.getT3().get("path").asText()).isEqualTo("where.age.lt");
    }

    @Test
    void hiddenPropertiesAndHugeLimitsAreRefused() {
        var hidden = get("/users?where=" + encode("{\"passwordHash\":{\"like\":\"a%\"}}"));
        assertThat(hidden.getT1()).isEqualTo(400);
        var huge = get("/users?filter=" + encode("{\"limit\":100000}"));
        assertThat(huge.getT1()).isEqualTo(400);
        assertThat(huge.getT3().get("error").asText()).contains("limit");
    }

    @Test
    void createGetAndConflict() {
        String body = "{\"name\":\"Dee\",\"email\":\"dee@x.io\",\"age\":52,\"tags\":[\"x\"],\"metadata\":{\"plan\":\"pro\"}}";
        var created = client.post().uri("/users").send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))))
                .responseSingle((response, b) -> b.asString().map(text -> Tuples.of(response.status().code(), read(text))))
                .block(Duration.ofSeconds(30));
        assertThat(created.getT1()).isEqualTo(201);
        String id = created.getT2().get("id").asText();
        var one = get("/users/" + id);
        assertThat(one.getT1()).isEqualTo(200);
        assertThat(one.getT3().get("metadata").get("plan").asText()).isEqualTo("pro");
        var again = client.post().uri("/users").send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))))
                .responseSingle((response, b) -> Mono.just(response.status().code()))
                .block(Duration.ofSeconds(30));
        assertThat(again).isEqualTo(409);
        assertThat(client.delete().uri("/users/" + id).responseSingle((response, b) -> Mono.just(response.status().code()))
                .block(Duration.ofSeconds(30))).isEqualTo(204);
        assertThat(get("/users/" + id).getT1()).isEqualTo(404);
    }
}
