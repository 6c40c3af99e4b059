package io.ember.r2dbc.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.PersistenceException;
import io.ember.core.error.QueryTimeoutException;
import io.ember.core.error.ReadOnlyException;
import io.ember.core.error.UniqueViolationException;
import io.ember.core.transaction.Isolation;
import io.ember.core.transaction.TransactionOptions;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Outcomes of ambient transactions: commit, rollback on error, cancel and timeout, failed COMMIT, isolation, read-only. */
@ExtendWith(EmberDatabaseExtension.class)
class TransactionIT {

    private static EmberDatabase db;
    private static PostgresDataSource ds;
    private static ReactiveTransactions tx;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        ds = db.newDataSource(b -> b.applicationName("ember-tx-it"));
        tx = ds.transactions();
        db.execute("CREATE TABLE t (id int PRIMARY KEY)",
                "CREATE TABLE d (id int, CONSTRAINT d_id_key UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)");
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE t, d");
    }

    private static Mono<Long> insert(int id) {
        return Sql.update(ds, "INSERT INTO t VALUES ($1)", id);
    }

    private static long rows() {
        Sql.awaitIdle(ds);
        return db.queryLong("SELECT count(*) FROM t");
    }

    /** Connections of this test's datasource that the server sees inside a transaction. */
    private static long openTransactionsOnServer() {
        Sql.awaitIdle(ds);
        return db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'ember-tx-it'"
                + " AND state LIKE 'idle in transaction%'");
    }

    @Test
    void completionCommits() {
        StepVerifier.create(tx.transactional(insert(1).then(insert(2))))
                .expectNext(1L)
                .verifyComplete();
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void allStatementsOfTheUnitRunOnOneConnection() {
        Flux<Object> pids = tx.transactional(Flux.range(0, 5).concatMap(i -> Sql.query(ds, "SELECT pg_backend_pid()")));
        StepVerifier.create(pids.distinct().count()).expectNext(1L).verifyComplete();
    }

    @Test
    void errorRollsBackAndReEmitsTheError() {
        Mono<Long> unit = insert(1).then(insert(2)).then(Mono.error(new IllegalStateException("boom")));
        StepVerifier.create(tx.transactional(unit)).expectErrorMessage("boom").verify();
        assertThat(rows()).isZero();
        assertThat(openTransactionsOnServer()).isZero();
    }

    @Test
    void databaseErrorRollsBackTheEarlierWrites() {
        StepVerifier.create(tx.transactional(insert(1).then(insert(2)).then(insert(1))))
                .expectError(UniqueViolationException.class)
                .verify();
        assertThat(rows()).isZero();
    }

    @Test
    void cancelHalfWayRollsBack() {
        Flux<Long> hundredInserts = tx.transactional(Flux.range(1, 100).concatMap(TransactionIT::insert));
        StepVerifier.create(hundredInserts, 0)
                .thenRequest(50)
                .expectNextCount(50)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        assertThat(rows()).isZero();
        assertThat(openTransactionsOnServer()).isZero();
    }

    @Test
    void takeOnAStreamingReadRollsBackTheWritesBeforeIt() {
        Flux<Object> unit = insert(1).thenMany(Sql.query(ds, "SELECT generate_series(1, 10000)"));
        StepVerifier.create(tx.transactional(unit).take(10)).expectNextCount(10).verifyComplete();
        assertThat(rows()).isZero();
    }

    @Test
    void timeoutOnTheServerRollsBack() {
        TransactionOptions options = TransactionOptions.defaults().timeout(Duration.ofMillis(300));
        Mono<Long> slow = insert(1).then(Sql.update(ds, "SELECT pg_sleep(5)"));
        long start = System.nanoTime();
        StepVerifier.create(tx.transactional(slow, options))
                .expectError(QueryTimeoutException.class)
                .verify(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(rows()).isZero();
    }

    @Test
    void timeoutOutsideTheDatabaseRollsBack() {
        TransactionOptions options = TransactionOptions.defaults().timeout(Duration.ofMillis(200));
        Mono<Long> slow = insert(1).delayElement(Duration.ofSeconds(5));
        StepVerifier.create(tx.transactional(slow, options))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(QueryTimeoutException.class)
                        .hasMessageContaining("timed out"))
                .verify(Duration.ofSeconds(10));
        assertThat(rows()).isZero();
    }

    @Test
    void failedCommitIsAnError() {
        Mono<Long> duplicates = Sql.update(ds, "INSERT INTO d VALUES (1)").then(Sql.update(ds, "INSERT INTO d VALUES (1)"));
        StepVerifier.create(tx.transactional(duplicates))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UniqueViolationException.class)
                        .satisfies(u -> assertThat(((PersistenceException) u).constraint()).isEqualTo("d_id_key")))
                .verify(Duration.ofSeconds(10));
        assertThat(db.queryLong("SELECT count(*) FROM d")).isZero();
        assertThat(openTransactionsOnServer()).isZero();
    }

    @Test
    void commitAfterASwallowedStatementErrorIsAnError() {
        Mono<Long> swallowing = insert(1).then(insert(1).onErrorResume(UniqueViolationException.class, e -> Mono.empty()));
        StepVerifier.create(tx.transactional(swallowing))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(PersistenceException.class)
                        .hasMessageContaining("ROLLBACK"))
                .verify(Duration.ofSeconds(10));
        assertThat(rows()).isZero();
    }

    @Test
    void setRollbackOnlyRollsBackAndCompletes() {
        Flux<Long> unit = tx.inTransaction(status -> insert(1).doOnSuccess(n -> status.setRollbackOnly()));
        StepVerifier.create(unit).expectNext(1L).verifyComplete();
        assertThat(rows()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"READ_COMMITTED, read committed", "REPEATABLE_READ, repeatable read", "SERIALIZABLE, serializable"})
    void isolationLevelIsTheOneAskedFor(Isolation isolation, String shown) {
        Mono<String> level = tx.transactional(Sql.text(ds, "SHOW transaction_isolation"),
                TransactionOptions.defaults().isolation(isolation));
        StepVerifier.create(level).expectNext(shown).verifyComplete();
    }

    @Test
    void readCommittedIsTheDefault() {
        StepVerifier.create(tx.transactional(Sql.text(ds, "SHOW transaction_isolation")))
                .expectNext("read committed")
                .verifyComplete();
    }

    @Test
    void readOnlyRefusesWrites() {
        TransactionOptions readOnly = TransactionOptions.defaults().readOnly();
        StepVerifier.create(tx.transactional(Sql.text(ds, "SHOW transaction_read_only"), readOnly))
                .expectNext("on")
                .verifyComplete();
        StepVerifier.create(tx.transactional(insert(1), readOnly))
                .expectError(ReadOnlyException.class)
                .verify();
        assertThat(rows()).isZero();
    }

    @Test
    void nothingHappensUntilSubscription() {
        Mono<Long> unit = tx.transactional(insert(1));
        assertThat(ds.stats().acquired()).isZero();
        assertThat(rows()).isZero();
        StepVerifier.create(unit.then(unit)).expectError(UniqueViolationException.class).verify();
        assertThat(rows()).isEqualTo(1);
    }
}
