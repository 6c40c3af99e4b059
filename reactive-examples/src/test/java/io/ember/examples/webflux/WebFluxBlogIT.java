package io.ember.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ember.examples.blog.PostRepository;
import io.ember.examples.blog.PostTagRepository;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * Issue 14, must-shows 2 (over HTTP), 3 ({@code @Transactional} on a WebFlux handler) and 4: the WebFlux
 * example on a random port, seeded with the blog (users Ada 1 and Bob 2; posts 1 published, 2 and 3
 * drafts; tags java 1 and postgres 2; post 1 tagged with both), called with {@code WebTestClient}.
 * One Spring context for the class; the tests that write use titles of their own.
 */
@ExtendWith(EmberDatabaseExtension.class)
class WebFluxBlogIT {

    private static ConfigurableApplicationContext context;
    private static WebTestClient client;

    @BeforeAll
    static void start(EmberDatabase db) {
        SpringApplication app = new SpringApplication(BlogWebApplication.class, Spans.class);
        app.setDefaultProperties(Map.of(
                "ember.datasource.url", db.server().r2dbcUrl(),
                "ember.datasource.username", db.server().user(),
                "ember.datasource.password", db.server().password(),
                "ember.datasource.schema", db.schema(),
                "blog.seed", "true",
                "server.port", "0"));
        context = app.run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @AfterEach
    void noConnectionLeft() {
        PostgresDataSource ds = context.getBean(PostgresDataSource.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ds.stats().acquired() > 0 && System.nanoTime() < deadline) {
            Mono.delay(Duration.ofMillis(20)).block();
        }
        assertThat(ds.stats().acquired()).as("acquired connections after the request").isZero();
    }

    private static long count(String where) {
        Long n = context.getBean(PostRepository.class)
                .count(io.ember.core.filter.QueryStringParser.parse("where=" + encode(where)).where())
                .block(Duration.ofSeconds(30));
        return n == null ? -1 : n;
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void listsPostsSelectedByABracketFilterFromTheQueryString() {
        // the seeded posts only (id <= 3): other tests add drafts
        client.get().uri("/posts?filter[where][published]={p}&filter[where][id][lte]={max}&filter[order][0]={o}",
                        "false", "3", "id DESC").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].title").isEqualTo("Notes on PostgreSQL")
                .jsonPath("$[1].title").isEqualTo("Reactive all the way")
                .jsonPath("$[0].author").doesNotExist();
    }

    @Test
    void listsPostsWithIncludesFromAJsonFilter() {
        String filter = "{\"where\":{\"published\":true},\"include\":[\"author\",{\"relation\":\"tags\",\"scope\":{\"order\":[\"name ASC\"]}}]}";
        client.get().uri("/posts?filter={f}", filter).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].title").isEqualTo("Hello, Ember")
                .jsonPath("$[0].author.name").isEqualTo("Ada")
                .jsonPath("$[0].author.passwordHash").doesNotExist()
                .jsonPath("$[0].tags[*].name").isEqualTo(java.util.List.of("java", "postgres"));
    }

    @Test
    void usersNeverShowTheHiddenPasswordHashAndAFilterOnItIsRefused() {
        client.get().uri("/users?filter={f}", "{\"order\":[\"id ASC\"]}").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].name").isEqualTo("Ada")
                .jsonPath("$[0].passwordHash").doesNotExist();
        client.get().uri("/users?where={w}", "{\"passwordHash\":\"hash-of-ada\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("INVALID_FILTER")
                .jsonPath("$.error.path").isEqualTo("where.passwordHash");
    }

    @Test
    void aBadFilterIsA400NamingItsPath() {
        client.get().uri("/posts?filter={f}", "{\"where\":{\"or\":[{\"title\":\"x\"},{\"nope\":1}]}}").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error.statusCode").isEqualTo(400)
                .jsonPath("$.error.code").isEqualTo("INVALID_FILTER")
                .jsonPath("$.error.path").isEqualTo("where.or[1].nope");
        client.get().uri("/posts?filter={f}", "{\"limit\":5000}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.path").isEqualTo("limit");
        client.get().uri("/posts?filter={f}", "{\"where\":").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("INVALID_FILTER");
    }

    @Test
    void onePostWithItsIncludesAnd404WhenThereIsNone() {
        client.get().uri("/posts/1?filter={f}", "{\"include\":[\"comments\"]}").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.title").isEqualTo("Hello, Ember")
                .jsonPath("$.comments.length()").isEqualTo(2);
        client.get().uri("/posts/999").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("NOT_FOUND");
    }

    private static long links() {
        Long n = context.getBean(PostTagRepository.class).count().block(Duration.ofSeconds(30));
        return n == null ? -1 : n;
    }

    private static WebTestClient.ResponseSpec createPost(String json) {
        return client.post().uri("/posts").contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    @Test
    void theTransactionalEndpointCommitsThePostAndItsTagLinks() {
        long linksBefore = links();
        createPost("{\"authorId\":2,\"title\":\"Committed\",\"body\":\"b\",\"tags\":[\"java\",\"postgres\"]}")
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.title").isEqualTo("Committed")
                .jsonPath("$.tags.length()").isEqualTo(2);
        assertThat(count("{\"title\":\"Committed\"}")).isEqualTo(1);
        assertThat(links()).isEqualTo(linksBefore + 2);
    }

    @Test
    void theTransactionalEndpointFailingAfterTwoRepositoryWritesRollsBackBoth() {
        long linksBefore = links();
        // the post (posts) and its link to java (post_tags) are written, then "nope" does not exist
        createPost("{\"authorId\":1,\"title\":\"Rolled back\",\"tags\":[\"java\",\"nope\"]}")
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("UNKNOWN_TAG")
                .jsonPath("$.error.path").isEqualTo("tags[1]");
        assertThat(count("{\"title\":\"Rolled back\"}")).as("the post was rolled back").isZero();
        assertThat(links()).as("the java link was rolled back").isEqualTo(linksBefore);
    }

    @Test
    void theHealthEndpointReportsThePoolAndBootsPoolMetricsAreServed() throws Exception {
        byte[] health = client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.ember.status").isEqualTo("UP")
                .jsonPath("$.components.ember.details.validationQuery").isEqualTo("SELECT 1")
                .returnResult().getResponseBody();
        JsonNode pool = new ObjectMapper().readTree(health).at("/components/ember/details/pool");
        assertThat(pool.get("max").asInt()).isEqualTo(8);
        for (String state : new String[] {"acquired", "idle", "allocated", "pending"}) {
            assertThat(pool.get(state)).as(state).isNotNull();
            assertThat(pool.get(state).isInt()).as(state).isTrue();
        }
        assertThat(pool.get("allocated").asInt()).isBetween(1, 8);
        client.get().uri("/actuator/metrics/r2dbc.pool.max.allocated").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.measurements[0].value").isEqualTo(8.0)
                .jsonPath("$.availableTags[0].tag").isEqualTo("name")
                .jsonPath("$.availableTags[0].values[0]").isEqualTo("emberConnectionFactory");
    }

    @Test
    void withATracingHandlerEveryStatementIsObservedAndTimedOnceByEmbersMeterHandler() {
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        long timedBefore = statementsTimed(meters);
        int observedBefore = Spans.STATEMENTS.get();

        assertThat(count("{\"published\":true}")).isPositive();

        assertThat(Spans.STATEMENTS.get() - observedBefore).as("statement observations seen by the tracing-like handler")
                .isEqualTo(1);
        assertThat(statementsTimed(meters) - timedBefore).as("db.client.operation.duration records").isEqualTo(1);
        assertThat(meters.find("db.client.operation.duration.active").longTaskTimers())
                .as("Boot's generic meter handler never took Ember's observations").isEmpty();
    }

    private static long statementsTimed(MeterRegistry meters) {
        return meters.find("db.client.operation.duration").timers().stream().mapToLong(Timer::count).sum();
    }

    /**
     * A handler besides Boot's meter handlers, as a tracing bridge's: with one, Ember observes every
     * statement in Boot's observation registry. Counts the statement observations it sees end.
     */
    @Configuration(proxyBeanMethods = false)
    static class Spans {

        static final AtomicInteger STATEMENTS = new AtomicInteger();

        @Bean
        ObservationHandler<Observation.Context> statementSpans() {
            return new ObservationHandler<>() {
                @Override
                public boolean supportsContext(Observation.Context context) {
                    return "db.client.operation.duration".equals(context.getName());
                }

                @Override
                public void onStop(Observation.Context context) {
                    STATEMENTS.incrementAndGet();
                }
            };
        }
    }
}
