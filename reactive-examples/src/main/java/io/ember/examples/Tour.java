package io.ember.examples;

import static io.ember.core.filter.Where.where;

import io.ember.core.error.UniqueViolationException;
import io.ember.core.filter.Filter;
import io.ember.core.repository.Options;
import io.ember.core.repository.Patch;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tour: one pipeline that creates, finds, updates and deletes users on a real PostgreSQL
 * (the external server configured in the environment, else Testcontainers, else an embedded one).
 * Everything is one cold, non-blocking publisher; {@code main} blocks once, at the edge.
 */
public final class Tour {

    private Tour() {
    }

    public static void main(String[] args) {
        TestDatabase.Server server = TestDatabase.server();
        try (PostgresDataSource ds = EmberDatabase.builderFor(server).name("tour").maxSize(4).build()) {
            UserRepository users = new UserRepository(ds);
            Mono<Void> tour = step("Schema", ds.withConnection(c -> c.createStatement("DROP TABLE IF EXISTS users").execute())
                            .then(SchemaGenerator.createTables(ds))
                            .then(ds.withConnection(c -> c.createStatement(
                                    "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)").execute()).then())
                            .thenReturn("table users created from the model"))
                    .then(step("create", users.create(User.of("Ada", "ada@example.com", 36, "math", "code"))))
                    .then(step("createAll (one INSERT ... unnest statement)", users.createAll(List.of(
                            User.of("Bob", "bob@example.com", 17, "music"),
                            User.of("Cy", "cy@example.com", 41),
                            User.of("Dee", "dee@example.com", 52, "code"),
                            User.of("Eve", "eve@example.com", 25, "math"))).collectList()
                            .map(created -> created.size() + " users created")))
                    .then(step("find age >= 18, tags overlap [code, math], by age desc",
                            users.find(Filter.of(where("age").gte(18).and(where("tags").overlaps(List.of("code", "math"))))
                                    .orderBy("age DESC"))))
                    .then(step("findPage (limit 2, skip 1, by name)", users.findPage(Filter.empty().orderBy("name").limit(2).skip(1))
                            .map(page -> page.data().stream().map(User::name).toList() + " " + page.range())))
                    .then(step("findByEmail (a finder of the subclass)", users.findByEmail("cy@example.com")))
                    .then(step("count where age < 30", users.count(where("age").lt(30))))
                    .then(step("updateById (a patch, a key inside the jsonb document)", users.findByEmail("bob@example.com")
                            .flatMap(bob -> users.updateById(bob.id(), Patch.of("age", 18).set("metadata.plan", "pro")))))
                    .then(step("updateAll where age > 40", users.updateAll(Patch.of("tags", List.of("senior")), where("age").gt(40))
                            .map(n -> n + " users updated")))
                    .then(step("a unique violation arrives as a typed error", users.create(User.of("Ada 2", "ada@example.com", 1))
                            .map(Object::toString)
                            .onErrorResume(UniqueViolationException.class,
                                    e -> Mono.just("UniqueViolationException on constraint " + e.constraint()))))
                    .then(step("deleteAll with an empty where is refused", Mono.fromCallable(() -> users.deleteAll(null))
                            .flatMap(m -> m).map(Object::toString).onErrorResume(e -> Mono.just(e.getMessage()))))
                    .then(step("a transaction that fails rolls back both writes", ds.transactions().transactional(
                                    users.create(User.of("Fay", "fay@example.com", 30))
                                            .then(users.create(User.of("Gus", "gus@example.com", 31)))
                                            .then(Mono.error(new IllegalStateException("payment declined"))))
                            .onErrorResume(IllegalStateException.class, e -> Mono.empty())
                            .then(users.count(where("name").inq("Fay", "Gus")))
                            .map(n -> "rolled back on \"payment declined\": " + n + " of them stored")))
                    .then(step("a transaction that completes commits", ds.transactions().transactional(
                                    users.create(User.of("Fay", "fay@example.com", 30))
                                            .then(users.create(User.of("Gus", "gus@example.com", 31))))
                            .then(users.count(where("name").inq("Fay", "Gus")))
                            .map(n -> "committed: " + n + " of them stored")))
                    .then(step("deleteAll where age < 20", users.deleteAll(where("age").lt(20)).map(n -> n + " users deleted")))
                    .then(step("what is left", users.find(Filter.empty().orderBy("name"))))
                    .then(step("deleteAll, forced", users.deleteAll(null, Options.defaults().force()).map(n -> n + " users deleted")));
            tour.block(Duration.ofMinutes(2));
            System.out.println("\nTour finished; pool: " + ds.stats());
        }
    }

    private static Mono<Void> step(String title, org.reactivestreams.Publisher<?> work) {
        return Mono.defer(() -> {
            System.out.println("\n== " + title);
            return Flux.from(work).doOnNext(row -> System.out.println("   " + row)).then();
        });
    }
}
