package io.ember.r2dbc.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Filter;
import io.ember.core.repository.Options;
import io.ember.core.repository.Patch;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Queries per row of a result read in the same transaction, on its single connection. Without
 * Ember's statement gate, r2dbc-postgresql fails these with more than 256 rows
 * ({@code RequestQueueException} at flatMap's default concurrency) or hangs (lower concurrency).
 */
@ExtendWith(EmberDatabaseExtension.class)
class NestedQueryIT {

    private static final int ROWS = 1000;
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static PostgresDataSource ds;
    private static ReactiveTransactions tx;
    private static DefaultCrudRepository<Account, Long> accounts;

    @BeforeAll
    static void schema(EmberDatabase db) {
        ds = db.dataSource();
        tx = ds.transactions();
        accounts = new DefaultCrudRepository<>(Account.class, ds);
        db.execute(Account.DDL, "CREATE TABLE big AS SELECT g AS id FROM generate_series(1, " + ROWS + ") g");
        db.execute("INSERT INTO accounts (owner, balance) SELECT 'owner-' || g, g FROM generate_series(1, 300) g");
    }

    private static Flux<Long> allIds() {
        return Sql.query(ds, "SELECT id FROM big ORDER BY id").map(v -> ((Number) v).longValue());
    }

    private static Mono<Long> twice(long id) {
        return Sql.number(ds, "SELECT $1::bigint * 2", id);
    }

    private static final long EXPECTED = (long) ROWS * (ROWS + 1);

    @Test
    void flatMapQueryPerRowAtDefaultConcurrency() {
        Mono<Long> sum = tx.transactional(allIds().flatMap(NestedQueryIT::twice).reduce(0L, Long::sum));
        StepVerifier.create(sum).expectNext(EXPECTED).verifyComplete();
    }

    @Test
    void flatMapQueryPerRowAtLowConcurrency() {
        Mono<Long> sum = tx.transactional(allIds().flatMap(NestedQueryIT::twice, 16).reduce(0L, Long::sum));
        StepVerifier.create(sum).expectNext(EXPECTED).expectComplete().verify(LIMIT);
    }

    @Test
    void concatMapAndZipOfTwoStreamsOnOneConnection() {
        Mono<Long> concat = tx.transactional(allIds().concatMap(NestedQueryIT::twice).count());
        StepVerifier.create(concat).expectNext((long) ROWS).expectComplete().verify(LIMIT);
        Mono<Long> zipped = tx.transactional(allIds().zipWith(allIds(), Long::sum).reduce(0L, Long::sum));
        StepVerifier.create(zipped).expectNext(EXPECTED).expectComplete().verify(LIMIT);
    }

    @Test
    void streamingReadWithAFetchSizeAndQueriesPerRow() {
        SqlStatement select = SqlStatement.of("SELECT id FROM big ORDER BY id");
        Flux<Long> streamed = ds.withConnection(c -> ds.runner().query(c, select, 50,
                (row, meta) -> row.get(0, Long.class)));
        Mono<Long> sum = tx.transactional(streamed.flatMap(NestedQueryIT::twice).reduce(0L, Long::sum));
        StepVerifier.create(sum).expectNext(EXPECTED).expectComplete().verify(LIMIT);
    }

    @Test
    void repositoryUpdatePerFoundRow() {
        Mono<Long> updated = tx.transactional(accounts.find(Filter.empty())
                .flatMap(a -> accounts.updateById(a.id(), Patch.of("balance", a.balance() + 1)))
                .count());
        StepVerifier.create(updated).expectNext(300L).expectComplete().verify(LIMIT);
        StepVerifier.create(Sql.number(ds, "SELECT sum(balance) FROM accounts"))
                .expectNext(300L * 301 / 2 + 300)
                .verifyComplete();
    }

    @Test
    void explicitTransactionNestedReads() {
        Mono<Long> sum = ds.beginTransaction().flatMap(t -> {
            Options in = Options.defaults().transaction(t);
            return accounts.find(Filter.empty(), in)
                    .flatMap(a -> accounts.findById(a.id(), Filter.empty(), in))
                    .map(Account::balance)
                    .reduce(0L, Long::sum)
                    .flatMap(s -> t.commit().thenReturn(s))
                    .onErrorResume(e -> t.rollback().then(Mono.error(e)));
        });
        StepVerifier.create(sum).expectNextCount(1).expectComplete().verify(LIMIT);
    }

    @Test
    void withConnectionInsideAWorkOnTheTransactionConnectionRunsAtOnce() {
        SqlStatement one = SqlStatement.of("SELECT 21");
        Mono<List<Long>> nested = tx.transactional(ds.withConnection(c -> ds.runner()
                        .query(c, one, 0, (row, m) -> ((Number) row.get(0)).longValue())
                        .concatMap(v -> twice(v).map(d -> List.of(v, d))))
                .next());
        StepVerifier.create(nested).expectNext(List.of(21L, 42L)).expectComplete().verify(LIMIT);
    }

    @Test
    void cancellingANestedPipelineRollsBackAndFreesTheConnection() {
        Flux<Long> nested = tx.transactional(allIds().flatMap(NestedQueryIT::twice));
        StepVerifier.create(nested.take(10)).expectNextCount(10).expectComplete().verify(LIMIT);
        Sql.awaitIdle(ds);
        assertThat(ds.stats().acquired()).isZero();
    }

}
