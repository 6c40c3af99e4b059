package io.ember.r2dbc.relation;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.PoolExhaustedException;
import io.ember.core.filter.Filter;
import io.ember.core.model.HasMany;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Which connections an include runs on, seen from the server: the rows are read through views that
 * add {@code pg_backend_pid()}, so each user and each post says which backend (connection) read it.
 */
@ExtendWith(EmberDatabaseExtension.class)
class IncludeConnectionsIT {

    private static final int USERS = 300;
    private static final int POSTS_PER_USER = 3;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** A user read through {@code pin_user_v}; {@code backend} is the reading connection's pid. */
    @Model(table = "pin_user_v")
    record PinUser(@Id Long id, String name, Integer backend, @HasMany(foreignKey = "userId") List<PinPost> posts) {
    }

    /** A post read through {@code pin_post_v}. */
    @Model(table = "pin_post_v")
    record PinPost(@Id Long id, Long userId, String title, Integer backend) {
    }

    private static EmberDatabase db;

    @BeforeAll
    static void seed(EmberDatabase database) {
        db = database;
        db.execute(
                "CREATE TABLE pin_user (id bigint PRIMARY KEY, name text NOT NULL)",
                "CREATE TABLE pin_post (id bigint PRIMARY KEY, user_id bigint NOT NULL, title text NOT NULL)",
                "INSERT INTO pin_user SELECT g, 'user-' || g FROM generate_series(1, " + USERS + ") g",
                "INSERT INTO pin_post SELECT (u - 1) * " + POSTS_PER_USER + " + k, u, 'post-' || u || '-' || k"
                        + " FROM generate_series(1, " + USERS + ") u, generate_series(1, " + POSTS_PER_USER + ") k",
                "CREATE VIEW pin_user_v AS SELECT id, name, pg_backend_pid() AS backend FROM pin_user",
                "CREATE VIEW pin_post_v AS SELECT id, user_id, title, pg_backend_pid() AS backend FROM pin_post");
    }

    private static void assertComplete(List<PinUser> users, int count) {
        assertThat(users).hasSize(count);
        for (PinUser u : users) {
            assertThat(u.posts()).hasSize(POSTS_PER_USER).allMatch(p -> p.userId().equals(u.id()));
        }
    }

    @Test
    void includeWhoseParentsFitInOneChunkRunsBothStatementsOnOneConnection() {
        DefaultCrudRepository<PinUser, Long> users = new DefaultCrudRepository<>(PinUser.class, db.dataSource());
        for (int round = 0; round < 20; round++) {
            long first = 1 + round * 10L;
            List<PinUser> found = users.find(Filter.of(where("id").between(first, first + 29)).orderBy("id ASC")
                    .include("posts")).collectList().block(LIMIT);
            assertComplete(found, 30);
            Set<Integer> backends = new HashSet<>();
            found.forEach(u -> {
                backends.add(u.backend());
                u.posts().forEach(p -> backends.add(p.backend()));
            });
            assertThat(backends).as("backends of the users and posts statements, round %d", round).hasSize(1);
        }
    }

    @Test
    void includeOverSeveralChunksHoldsAtMostTwoConnectionsAndLoadsTheLastChunkOnTheParentsConnection() {
        AtomicReference<PostgresDataSource> ref = new AtomicReference<>();
        AtomicInteger peak = new AtomicInteger();
        PostgresDataSource ds = db.newDataSource(b -> b.initialSize(4).maxSize(4)
                .queryListener(e -> peak.accumulateAndGet(ref.get().stats().acquired(), Math::max)));
        ref.set(ds);
        DefaultCrudRepository<PinUser, Long> users = new DefaultCrudRepository<>(PinUser.class, ds);
        List<PinUser> found = users.find(Filter.empty().orderBy("id ASC").include("posts"),
                Options.defaults().fetchSize(70)).collectList().block(LIMIT);
        assertComplete(found, USERS);
        assertThat(peak.get()).as("connections acquired at once, seen at each statement's end").isEqualTo(2);
        // 300 parents in chunks of 70: four full chunks read while the parents stream, the last (20) after
        List<PinUser> last = found.subList(280, USERS);
        assertThat(last).allMatch(u -> u.posts().stream().allMatch(p -> p.backend().equals(u.backend())));
        List<PinUser> streaming = found.subList(0, 210);
        assertThat(streaming).allMatch(u -> u.posts().stream().noneMatch(p -> p.backend().equals(u.backend())));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ds.stats().acquired() > 0 && System.nanoTime() < deadline) {
            Mono.delay(Duration.ofMillis(20)).block();
        }
        assertThat(ds.stats().acquired()).as("connections acquired after the include: %s", ds.stats()).isZero();
    }

    @Test
    void multiChunkIncludesAsManyAsThePoolFailWithPoolExhaustedAfterTheAcquireTimeoutInsteadOfHanging() {
        PostgresDataSource ds = db.newDataSource(b -> b.initialSize(2).maxSize(2).acquireTimeout(Duration.ofSeconds(1)));
        DefaultCrudRepository<PinUser, Long> users = new DefaultCrudRepository<>(PinUser.class, ds);
        Flux<PinUser> streaming = users.find(Filter.empty().orderBy("id ASC").include("posts"),
                Options.defaults().fetchSize(70));
        long start = System.nanoTime();
        StepVerifier.create(Flux.merge(streaming, streaming))
                .thenConsumeWhile(u -> true)
                .expectError(PoolExhaustedException.class)
                .verify(LIMIT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        // the same two reads in a transaction each, or one at a time, complete
        StepVerifier.create(Flux.merge(ds.transactions().transactional(streaming), ds.transactions().transactional(streaming))
                        .count())
                .expectNext(2L * USERS)
                .expectComplete().verify(LIMIT);
    }

    @Test
    void includeInATransactionRunsEveryChunkOnTheTransactionsConnection() {
        PostgresDataSource ds = db.dataSource();
        DefaultCrudRepository<PinUser, Long> users = new DefaultCrudRepository<>(PinUser.class, ds);
        List<PinUser> found = ds.transactions().transactional(users.find(Filter.empty().orderBy("id ASC")
                .include("posts"), Options.defaults().fetchSize(70)).collectList()).block(LIMIT);
        assertComplete(found, USERS);
        Set<Integer> backends = new HashSet<>();
        found.forEach(u -> {
            backends.add(u.backend());
            u.posts().forEach(p -> backends.add(p.backend()));
        });
        assertThat(backends).hasSize(1);
    }
}
