package io.ember.r2dbc.http;

import static io.ember.r2dbc.http.HttpCalls.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.http.HttpCalls.Reply;
import io.ember.r2dbc.http.HttpModels.Note;
import io.ember.r2dbc.http.HttpModels.Person;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Every endpoint of {@link CrudRoutes}, called over a socket with a real HTTP client. */
@ExtendWith(EmberDatabaseExtension.class)
class CrudHttpIT {

    private static final int LINES = 20_000;
    private static DisposableServer server;
    private static HttpCalls http;
    private static DefaultCrudRepository<Person, Long> people;

    @BeforeAll
    static void start(EmberDatabase db, PostgresDataSource ds) {
        SchemaGenerator.createTables(ds, Person.class, Note.class).block(Duration.ofSeconds(30));
        db.execute(HttpModels.DDL);
        people = new DefaultCrudRepository<>(Person.class, ds);
        DefaultCrudRepository<Note, Long> notes = new DefaultCrudRepository<>(Note.class, ds);
        List<Person> seed = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            seed.add(Person.of("p" + i, "p" + i + "@x.io", 10 + i * 3));
        }
        List<Person> stored = people.createAll(seed).collectList().block(Duration.ofSeconds(30));
        notes.createAll(List.of(new Note(null, stored.get(0).id(), "first"), new Note(null, stored.get(0).id(), "second")))
                .blockLast(Duration.ofSeconds(30));
        db.execute(HttpModels.lineDdl(LINES));
        CrudRoutes<HttpModels.LineRead, Long> lineRoutes = CrudRoutes.of("/lines", new DefaultCrudRepository<>(HttpModels.LineRead.class, ds));
        CrudRoutes<Person, Long> peopleRoutes = CrudRoutes.of("/people", people);
        CrudRoutes<Note, Long> noteRoutes = CrudRoutes.of("/notes", notes);
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> {
                    peopleRoutes.accept(routes);
                    noteRoutes.accept(routes);
                    lineRoutes.accept(routes);
                })
                .bindNow(Duration.ofSeconds(30));
        http = new HttpCalls(server.port());
    }

    @AfterAll
    static void stop() {
        server.disposeNow(Duration.ofSeconds(10));
    }

    private static long idOf(String email) {
        return people.findOne(io.ember.core.filter.Filter.of(io.ember.core.filter.Where.where("email").eq(email)))
                .map(Person::id).block(Duration.ofSeconds(30));
    }

    @Test
    void listAnswersAPageWithContentRangeAndTheTotalCount() {
        Reply r = http.get("/people?filter=" + encode("{\"where\":{\"age\":{\"gte\":20}},\"order\":[\"age ASC\"],\"limit\":3,\"skip\":1}"));
        assertThat(r.status()).isEqualTo(200);
        // ages 10,13,...,43: 8 of them are 20 or more (22..43); skip 1, take 3
        assertThat(r.headers().get("Content-Range")).isEqualTo("records 1-3/8");
        assertThat(r.headers().get("x-request-count")).isEqualTo("8");
        assertThat(r.json().findValuesAsText("name")).containsExactly("p5", "p6", "p7");
        assertThat(r.json().get(0).has("secret")).isFalse();
        assertThat(r.json().get(0).has("notes")).isFalse();
        assertThat(r.json().get(0).get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void listTakesTheBracketFormAndTheWhereParameterAndFields() {
        Reply brackets = http.get("/people?filter[where][age][lt]=16&filter[order][0]=" + encode("age DESC"));
        assertThat(brackets.status()).isEqualTo(200);
        assertThat(brackets.json().findValuesAsText("name")).containsExactly("p1", "p0");
        Reply where = http.get("/people?where=" + encode("{\"name\":{\"inq\":[\"p2\",\"p3\"]}}")
                + "&filter=" + encode("{\"fields\":[\"name\"],\"order\":[\"name\"]}"));
        assertThat(where.json().findValuesAsText("name")).containsExactly("p2", "p3");
        assertThat(where.json().get(0).has("email")).isFalse();
        assertThat(where.json().get(0).has("id")).isTrue();
    }

    @Test
    void countAnswersTheNumberOfMatchingRows() {
        Reply r = http.get("/people/count?where=" + encode("{\"age\":{\"lt\":16}}"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("count").asLong()).isEqualTo(2);
    }

    @Test
    void findByIdIncludesRelationsAndAnswers404ForAMissingRow() {
        long id = idOf("p0@x.io");
        Reply r = http.get("/people/" + id + "?filter=" + encode("{\"include\":[{\"relation\":\"notes\",\"scope\":{\"order\":[\"id\"]}}]}"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("name").asText()).isEqualTo("p0");
        assertThat(r.json().get("notes").findValuesAsText("body")).containsExactly("first", "second");
        Reply missing = http.get("/people/999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error().get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(missing.error().get("statusCode").asInt()).isEqualTo(404);
    }

    @Test
    void createPatchAndDeleteARow() {
        Reply created = http.post("/people", "{\"name\":\"Zed\",\"email\":\"zed@x.io\",\"age\":30,\"tags\":[\"a\",\"b\"],"
                + "\"metadata\":{\"plan\":\"pro\"}}");
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("version").asLong()).isZero();
        assertThat(created.json().get("tags").toString()).isEqualTo("[\"a\",\"b\"]");

        Reply patched = http.patch("/people/" + id, "{\"age\":31,\"metadata.address.city\":\"Paris\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("age").asInt()).isEqualTo(31);
        assertThat(patched.json().get("version").asLong()).isEqualTo(1);
        assertThat(patched.json().get("metadata").toString()).isEqualTo("{\"plan\":\"pro\",\"address\":{\"city\":\"Paris\"}}");

        Reply deleted = http.delete("/people/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("email").asText()).isEqualTo("zed@x.io");
        assertThat(http.get("/people/" + id).status()).isEqualTo(404);
        assertThat(http.delete("/people/" + id).status()).isEqualTo(404);
        assertThat(http.patch("/people/" + id, "{\"age\":1}").status()).isEqualTo(404);
    }

    @Test
    void patchByWhereAnswersTheCountAndRefusesAnEmptyWhere() {
        http.post("/people", "{\"name\":\"w1\",\"email\":\"w1@x.io\",\"age\":70}");
        http.post("/people", "{\"name\":\"w2\",\"email\":\"w2@x.io\",\"age\":71}");
        Reply r = http.patch("/people?where=" + encode("{\"age\":{\"gte\":70}}"), "{\"tags\":[\"senior\"]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("count").asLong()).isEqualTo(2);
        assertThat(http.get("/people/count?where=" + encode("{\"tags\":{\"contains\":[\"senior\"]}}")).json().get("count").asLong())
                .isEqualTo(2);
        Reply everyRow = http.patch("/people", "{\"tags\":[]}");
        assertThat(everyRow.status()).isEqualTo(400);
        assertThat(everyRow.error().get("code").asText()).isEqualTo("INVALID_FILTER");
        assertThat(everyRow.error().get("path").asText()).isEqualTo("where");
        people.deleteAll(io.ember.core.filter.Where.where("age").gte(70)).block(Duration.ofSeconds(30));
    }

    @Test
    void malformedJsonIsA400NamingTheBody() {
        Reply r = http.post("/people", "{\"name\": \"x\",");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(r.error().get("path").asText()).isEqualTo("body");
        assertThat(r.error().get("message").asText()).startsWith("malformed JSON at line 1");
        assertThat(http.post("/people", "[1,2]").error().get("message").asText()).isEqualTo("expected a JSON object");
    }

    @Test
    void unknownHiddenAndServerSetFieldsInABodyAreRefusedByName() {
        Reply unknown = http.post("/people", "{\"name\":\"u\",\"nickname\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error().get("path").asText()).isEqualTo("body.nickname");
        assertThat(unknown.error().get("message").asText()).isEqualTo("unknown property 'nickname'");
        Reply hidden = http.post("/people", "{\"name\":\"u\",\"secret\":\"x\"}");
        assertThat(hidden.status()).isEqualTo(400);
        assertThat(hidden.error().get("message").asText()).isEqualTo("unknown property 'secret'");
        Reply id = http.post("/people", "{\"name\":\"u\",\"id\":5}");
        assertThat(id.error().get("path").asText()).isEqualTo("body.id");
        Reply version = http.patch("/people/" + idOf("p1@x.io"), "{\"version\":7}");
        assertThat(version.status()).isEqualTo(400);
        assertThat(version.error().get("message").asText()).contains("set by the server");
        Reply relation = http.post("/people", "{\"name\":\"u\",\"notes\":[]}");
        assertThat(relation.error().get("message").asText()).contains("is a relation");
        Reply wrongType = http.post("/people", "{\"name\":\"u\",\"age\":\"old\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.error().get("path").asText()).isEqualTo("body.age");
        assertThat(http.get("/people/count?where=" + encode("{\"name\":\"u\"}")).json().get("count").asLong()).isZero();
    }

    @Test
    void hiddenPropertiesInAFilterAreRefusedAsUnknown() {
        Reply r = http.get("/people?filter=" + encode("{\"where\":{\"secret\":\"s3cret-p1\"}}"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().get("code").asText()).isEqualTo("INVALID_FILTER");
        assertThat(r.error().get("path").asText()).isEqualTo("where.secret");
        assertThat(r.text()).doesNotContain("s3cret");
        Reply fields = http.get("/people/" + idOf("p1@x.io") + "?filter=" + encode("{\"fields\":[\"name\",\"secret\"]}"));
        assertThat(fields.status()).isEqualTo(400);
    }

    @Test
    void aFilterFromOutsideCannotSkipARelationsDefaultFilter() {
        Reply r = http.get("/people?filter=" + encode("{\"include\":[{\"relation\":\"notes\",\"skipDefaultFilter\":true}]}"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().get("code").asText()).isEqualTo("INVALID_FILTER");
        assertThat(r.error().get("path").asText()).isEqualTo("include[0].skipDefaultFilter");
        assertThat(http.get("/people?filter=" + encode("{\"include\":[\"notes\"]}")).status()).isEqualTo(200);
    }

    @Test
    void aLimitOverTheMaximumIsA400NamingTheLimit() {
        Reply r = http.get("/people?filter=" + encode("{\"limit\":1001}"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().get("path").asText()).isEqualTo("limit");
        assertThat(http.get("/people?filter=" + encode("{\"limit\":1000}")).status()).isEqualTo(200);
    }

    @Test
    void malformedFilterJsonIsA400() {
        Reply r = http.get("/people?filter=" + encode("{\"where\":"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().get("code").asText()).isEqualTo("INVALID_FILTER");
    }

    @Test
    void aTenMegabyteBodyIsA413() {
        String big = "{\"name\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        Reply r = http.post("/people", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error().get("code").asText()).isEqualTo("BODY_TOO_LARGE");
        assertThat(http.get("/people/count").status()).isEqualTo(200);
    }

    @Test
    void aWrongIdTypeIsA400() {
        for (String id : List.of("abc", "1.5", "12abc", "%ZZ")) {
            Reply r = http.get("/people/" + id);
            assertThat(r.status()).as(id).isEqualTo(400);
            assertThat(r.error().get("code").asText()).isEqualTo("INVALID_ID");
            assertThat(r.error().get("path").asText()).isEqualTo("id");
        }
        assertThat(http.delete("/people/abc").status()).isEqualTo(400);
        assertThat(http.patch("/people/abc", "{\"age\":1}").status()).isEqualTo(400);
    }

    @Test
    void aDuplicateIsA409NamingTheConstraintWithoutTheValueOrTheSql() {
        Reply r = http.post("/people", "{\"name\":\"dup\",\"email\":\"p3@x.io\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error().get("code").asText()).isEqualTo("UNIQUE_VIOLATION");
        assertThat(r.error().get("message").asText()).contains("people_email_key");
        assertThat(r.text()).doesNotContain("p3@x.io").doesNotContainIgnoringCase("insert").doesNotContain("$1");
    }

    @Test
    void aMissingReferenceIsA409NamingTheForeignKey() {
        Reply r = http.post("/notes", "{\"personId\":987654,\"body\":\"orphan\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error().get("code").asText()).isEqualTo("FOREIGN_KEY_VIOLATION");
        assertThat(r.error().get("message").asText()).contains("notes_person_fk");
        assertThat(r.text()).doesNotContain("987654");
    }

    @Test
    void aClosedDataSourceIsA503WithoutDetails(EmberDatabase db) {
        PostgresDataSource closed = db.newDataSource(b -> b.maxSize(1));
        closed.close();
        CrudRoutes<Person, Long> routes = CrudRoutes.of("/people", new DefaultCrudRepository<>(Person.class, closed));
        DisposableServer other = HttpServer.create().host("127.0.0.1").port(0).route(routes).bindNow(Duration.ofSeconds(30));
        try {
            Reply r = new HttpCalls(other.port()).get("/people");
            assertThat(r.status()).isEqualTo(503);
            JsonNode error = r.error();
            assertThat(error.get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(r.text()).doesNotContain("Exception").doesNotContain("at io.");
        } finally {
            other.disposeNow(Duration.ofSeconds(10));
        }
    }

    @Test
    void aStreamAnswersOneJsonObjectPerLine() {
        Reply r = http.get("/people/stream?filter=" + encode("{\"where\":{\"age\":{\"lt\":20}},\"fields\":[\"name\"],\"order\":[\"age\"]}"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("Content-Type")).isEqualTo("application/x-ndjson");
        assertThat(r.text().lines()).containsExactly("{\"id\":" + idOf("p0@x.io") + ",\"name\":\"p0\"}",
                "{\"id\":" + idOf("p1@x.io") + ",\"name\":\"p1\"}", "{\"id\":" + idOf("p2@x.io") + ",\"name\":\"p2\"}",
                "{\"id\":" + idOf("p3@x.io") + ",\"name\":\"p3\"}");
        assertThat(http.get("/people/stream?filter=" + encode("{\"where\":{\"secret\":\"x\"}}")).status()).isEqualTo(400);
    }

    @Test
    void aClientThatGoesAwayMidStreamStopsTheReadAndGivesTheConnectionBack(EmberDatabase db, PostgresDataSource ds) {
        long before = db.queryLong("SELECT last_value FROM line_reads_seq");
        java.util.List<String> first = reactor.netty.http.client.HttpClient.create().baseUrl("http://127.0.0.1:" + server.port())
                .get().uri("/lines/stream")
                .response((response, body) -> {
                    assertThat(response.status().code()).isEqualTo(200);
                    return body.asString();
                })
                .take(3)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(first).isNotEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ds.stats().acquired() > 0 && System.nanoTime() < deadline) {
            reactor.core.publisher.Mono.delay(Duration.ofMillis(20)).block();
        }
        assertThat(ds.stats().acquired()).as("connections acquired after the client left").isZero();
        long produced = db.queryLong("SELECT last_value FROM line_reads_seq") - before;
        System.out.println("CrudHttpIT: a client that left after 3 chunks; the server had produced " + produced + " of " + LINES + " rows");
        assertThat(produced).as("rows produced for a client that left").isLessThan(LINES);
    }
}
