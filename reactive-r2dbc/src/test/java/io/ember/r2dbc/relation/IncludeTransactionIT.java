package io.ember.r2dbc.relation;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Filter;
import io.ember.core.filter.Inclusion;
import io.ember.core.repository.Options;
import io.ember.core.transaction.Transaction;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.relation.Blog.Post;
import io.ember.r2dbc.relation.Blog.User;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Include inside a transaction, on its one connection: the parents' statement is read to its end
 * before the children's statements go out, so 5,000 parents neither overflow the driver's request
 * queue nor hang, and a cancel half-way gives the connection back.
 */
@ExtendWith(EmberDatabaseExtension.class)
class IncludeTransactionIT {

    private static final int USERS = 5000;
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Filter ALL = Filter.empty().orderBy("id ASC")
            .include(Inclusion.of("posts", Filter.empty().orderBy("rank ASC").include("comments", "author")));
    private static final long LIVE_POSTS = livePosts();

    private static final AtomicInteger STATEMENTS = new AtomicInteger();
    private static PostgresDataSource ds;
    private static DefaultCrudRepository<User, Long> users;

    @BeforeAll
    static void seed(EmberDatabase db) {
        Blog.seed(db, USERS);
        ds = db.newDataSource(b -> b.queryListener(e -> STATEMENTS.incrementAndGet()));
        users = new DefaultCrudRepository<>(User.class, ds);
    }

    @BeforeEach
    void reset() {
        STATEMENTS.set(0);
    }

    private static long livePosts() {
        long total = 0;
        for (long u = 1; u <= USERS; u++) {
            total += Blog.livePosts(u);
        }
        return total;
    }

    private static Mono<long[]> tally(reactor.core.publisher.Flux<User> found) {
        return found.reduce(new long[3], (acc, u) -> {
            acc[0]++;
            acc[1] += u.posts().size();
            for (Post p : u.posts()) {
                acc[2] += p.author().id().equals(u.id()) ? 1 : 0;
            }
            return acc;
        });
    }

    @Test
    void includeOverFiveThousandParentsInAnAmbientTransaction() {
        Mono<long[]> counted = ds.transactions().transactional(tally(users.find(ALL)));
        StepVerifier.create(counted)
                .assertNext(t -> assertThat(t).containsExactly(USERS, LIVE_POSTS, LIVE_POSTS))
                .expectComplete().verify(LIMIT);
        assertThat(STATEMENTS.get()).as("users, posts, comments, authors").isEqualTo(4);
    }

    @Test
    void includeInChunksInAnAmbientTransaction() {
        Mono<long[]> counted = ds.transactions().transactional(
                tally(users.find(ALL, Options.defaults().fetchSize(700))));
        StepVerifier.create(counted)
                .assertNext(t -> assertThat(t).containsExactly(USERS, LIVE_POSTS, LIVE_POSTS))
                .expectComplete().verify(LIMIT);
        assertThat(STATEMENTS.get()).as("users, 8 chunks x (posts, comments, authors)").isEqualTo(1 + 8 * 3);
    }

    @Test
    void includeOverFiveThousandParentsWithAnExplicitTransaction() {
        Mono<long[]> counted = Mono.usingWhen(ds.beginTransaction(),
                tx -> tally(users.find(ALL, Options.defaults().transaction(tx).fetchSize(1000))),
                Transaction::commit, (tx, e) -> tx.rollback(), Transaction::rollback);
        StepVerifier.create(counted)
                .assertNext(t -> assertThat(t).containsExactly(USERS, LIVE_POSTS, LIVE_POSTS))
                .expectComplete().verify(LIMIT);
    }

    @Test
    void cancelledHalfWayInAnAmbientTransactionLeavesNoConnectionAcquired() {
        StepVerifier.create(ds.transactions().transactional(users.find(ALL, Options.defaults().fetchSize(500))), 0)
                .thenRequest(2500)
                .expectNextCount(2500)
                .thenCancel()
                .verify(LIMIT);
        awaitNoConnectionAcquired();
        StepVerifier.create(users.find(Filter.of(where("id").eq(1L)).include("posts")))
                .expectNextMatches(u -> u.posts().size() == Blog.livePosts(1))
                .expectComplete().verify(LIMIT);
    }

    @Test
    void cancelledHalfWayWithAnExplicitTransactionLeavesNoConnectionAcquiredAfterRollback() {
        Mono<List<User>> half = Mono.usingWhen(ds.beginTransaction(),
                tx -> users.find(ALL, Options.defaults().transaction(tx).fetchSize(500)).take(2500).collectList(),
                Transaction::rollback, (tx, e) -> tx.rollback(), Transaction::rollback);
        StepVerifier.create(half)
                .assertNext(list -> assertThat(list).hasSize(2500).last().extracting(User::id).isEqualTo(2500L))
                .expectComplete().verify(LIMIT);
        awaitNoConnectionAcquired();
    }

    @Test
    void cancelledHalfWayOutsideATransactionLeavesNoConnectionAcquired() {
        StepVerifier.create(users.find(ALL, Options.defaults().fetchSize(500)), 0)
                .thenRequest(2500)
                .expectNextCount(2500)
                .thenCancel()
                .verify(LIMIT);
        awaitNoConnectionAcquired();
    }

    private static void awaitNoConnectionAcquired() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ds.stats().acquired() > 0 && System.nanoTime() < deadline) {
            Mono.delay(Duration.ofMillis(20)).block();
        }
        assertThat(ds.stats().acquired()).as("connections acquired: %s", ds.stats()).isZero();
    }
}
