package io.ember.r2dbc.http;

import static io.ember.r2dbc.http.HttpCalls.encode;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.http.HttpCalls.Reply;
import io.ember.r2dbc.http.HttpModels.Note;
import io.ember.r2dbc.http.HttpModels.Person;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Many clients at once: reads and writes mixed, no error, no connection left acquired. */
@ExtendWith(EmberDatabaseExtension.class)
class CrudHttpConcurrencyIT {

    private static final int REQUESTS = Integer.getInteger("ember.http.concurrent", 200);

    @Test
    void twoHundredConcurrentReadsAndWritesAllSucceedAndLeaveNoConnectionAcquired(EmberDatabase db, PostgresDataSource ds) {
        SchemaGenerator.createTables(ds, Person.class, Note.class).block(Duration.ofSeconds(30));
        db.execute(HttpModels.DDL);
        DefaultCrudRepository<Person, Long> people = new DefaultCrudRepository<>(Person.class, ds);
        List<Long> ids = new ArrayList<>();
        people.createAll(Flux.range(0, 50).map(i -> Person.of("seed" + i, "seed" + i + "@x.io", 20 + i)))
                .map(Person::id).collectList().block(Duration.ofSeconds(30)).forEach(ids::add);
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .route(CrudRoutes.of("/people", people)).bindNow(Duration.ofSeconds(30));
        try {
            HttpCalls http = new HttpCalls(server.port());
            long started = System.nanoTime();
            List<Reply> replies = Flux.range(0, REQUESTS)
                    .flatMap(i -> request(http, i, ids.get(i % ids.size())), REQUESTS)
                    .collectList()
                    .block(Duration.ofSeconds(120));
            long millis = (System.nanoTime() - started) / 1_000_000;
            Map<Integer, Long> byStatus = new TreeMap<>(replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting())));
            System.out.println("CrudHttpConcurrencyIT: " + REQUESTS + " concurrent requests in " + millis + " ms, statuses "
                    + byStatus + ", pool afterwards " + ds.stats());
            assertThat(replies).hasSize(REQUESTS);
            assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.text()).isBetween(200, 201));
            assertThat(people.count(io.ember.core.filter.Where.where("name").like("new%")).block(Duration.ofSeconds(30)))
                    .isEqualTo(REQUESTS / 5 + (REQUESTS % 5 > 0 ? 1 : 0));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ds.stats().acquired() > 0 && System.nanoTime() < deadline) {
                Mono.delay(Duration.ofMillis(20)).block();
            }
            assertThat(ds.stats().acquired()).isZero();
        } finally {
            server.disposeNow(Duration.ofSeconds(10));
        }
    }

    private static Mono<Reply> request(HttpCalls http, int i, long id) {
        return switch (i % 5) {
            case 0 -> http.call(HttpMethod.POST, "/people", "{\"name\":\"new" + i + "\",\"email\":\"new" + i + "@x.io\",\"age\":" + i + "}");
            case 1 -> http.call(HttpMethod.GET, "/people?filter=" + encode("{\"where\":{\"age\":{\"gte\":30}},\"order\":[\"age DESC\"],\"limit\":10}"), null);
            case 2 -> http.call(HttpMethod.PATCH, "/people/" + id, "{\"tags\":[\"t" + i + "\"],\"metadata.hits\":" + i + "}");
            case 3 -> http.call(HttpMethod.GET, "/people/" + id, null);
            default -> http.call(HttpMethod.GET, "/people/count?where=" + encode("{\"age\":{\"lt\":40}}"), null);
        };
    }
}
