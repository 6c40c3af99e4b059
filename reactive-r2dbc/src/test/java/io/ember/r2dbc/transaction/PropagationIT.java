package io.ember.r2dbc.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.TransactionStateException;
import io.ember.core.transaction.Propagation;
import io.ember.core.transaction.TransactionOptions;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** REQUIRED, REQUIRES_NEW, NESTED and MANDATORY; and two datasources with a transaction each in one pipeline. */
@ExtendWith(EmberDatabaseExtension.class)
class PropagationIT {

    private static EmberDatabase db;
    private static PostgresDataSource ds;
    private static ReactiveTransactions tx;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        ds = db.dataSource();
        tx = ds.transactions();
        db.execute("CREATE TABLE t (id int PRIMARY KEY)");
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE t");
    }

    private static TransactionOptions with(Propagation propagation) {
        return TransactionOptions.defaults().propagation(propagation);
    }

    private static Mono<Long> insert(PostgresDataSource on, int id) {
        return Sql.update(on, "INSERT INTO t VALUES ($1)", id);
    }

    private static Mono<Long> pid(PostgresDataSource on) {
        return Sql.number(on, "SELECT pg_backend_pid()");
    }

    private static List<Long> ids() {
        Sql.awaitIdle(ds);
        return Sql.query(ds, "SELECT id FROM t ORDER BY id").map(v -> ((Number) v).longValue()).collectList().block();
    }

    @Test
    void requiredJoinsTheAmbientTransaction() {
        Mono<List<Long>> pids = tx.transactional(pid(ds).zipWith(
                tx.transactional(pid(ds), with(Propagation.REQUIRED)), List::of));
        StepVerifier.create(pids).assertNext(p -> assertThat(p.get(0)).isEqualTo(p.get(1))).verifyComplete();
        Flux<Boolean> statuses = tx.inTransaction(outer -> tx.inTransaction(inner ->
                Flux.just(outer.isNewTransaction(), inner.isNewTransaction())));
        StepVerifier.create(statuses).expectNext(true, false).verifyComplete();
    }

    @Test
    void requiredInnerFailureRollsBackTheWholeTransaction() {
        Mono<Long> unit = insert(ds, 1).then(tx.transactional(insert(ds, 2).then(Mono.error(new IllegalStateException("inner")))));
        StepVerifier.create(tx.transactional(unit)).expectErrorMessage("inner").verify();
        assertThat(ids()).isEmpty();
    }

    @Test
    void requiresNewRunsOnItsOwnConnectionAndCommitsAlone() {
        Mono<List<Long>> pids = tx.transactional(pid(ds).zipWith(
                tx.transactional(pid(ds), with(Propagation.REQUIRES_NEW)), List::of));
        StepVerifier.create(pids).assertNext(p -> assertThat(p.get(0)).isNotEqualTo(p.get(1))).verifyComplete();

        Mono<Long> outerFails = insert(ds, 1)
                .then(tx.transactional(insert(ds, 2), with(Propagation.REQUIRES_NEW)))
                .then(Mono.error(new IllegalStateException("outer")));
        StepVerifier.create(tx.transactional(outerFails)).expectErrorMessage("outer").verify();
        assertThat(ids()).containsExactly(2L);
    }

    @Test
    void requiresNewFailureLeavesTheOuterTransactionAlone() {
        Mono<Long> unit = insert(ds, 1)
                .then(tx.transactional(insert(ds, 2).then(Mono.<Long>error(new IllegalStateException("inner"))),
                        with(Propagation.REQUIRES_NEW)).onErrorReturn(0L))
                .then(insert(ds, 3));
        StepVerifier.create(tx.transactional(unit)).expectNext(1L).verifyComplete();
        assertThat(ids()).containsExactly(1L, 3L);
    }

    @Test
    void nestedFailureRollsBackOnlyItsSavepoint() {
        Mono<Long> nested = tx.transactional(insert(ds, 2).then(insert(ds, 1)), with(Propagation.NESTED));
        Mono<Long> unit = insert(ds, 1)
                .then(nested.onErrorReturn(0L))
                .then(insert(ds, 3));
        StepVerifier.create(tx.transactional(unit)).expectNext(1L).verifyComplete();
        assertThat(ids()).containsExactly(1L, 3L);
    }

    @Test
    void nestedSuccessIsCommittedWithTheOuterTransaction() {
        Mono<Long> unit = insert(ds, 1).then(tx.transactional(insert(ds, 2), with(Propagation.NESTED)));
        Flux<Boolean> nestedFlag = tx.inTransaction(outer -> tx.inTransaction(inner -> Mono.just(inner.isNested()),
                with(Propagation.NESTED)));
        StepVerifier.create(nestedFlag).expectNext(true).verifyComplete();
        StepVerifier.create(tx.transactional(unit)).expectNext(1L).verifyComplete();
        assertThat(ids()).containsExactly(1L, 2L);
    }

    @Test
    void nestedRollbackOnlyRollsBackTheSavepointAndCompletes() {
        Flux<Long> nested = tx.inTransaction(s -> insert(ds, 2).doOnSuccess(n -> s.setRollbackOnly()),
                with(Propagation.NESTED));
        StepVerifier.create(tx.transactional(insert(ds, 1).thenMany(nested))).expectNext(1L).verifyComplete();
        assertThat(ids()).containsExactly(1L);
    }

    @Test
    void nestedWithoutAnAmbientTransactionStartsOne() {
        Flux<Boolean> status = tx.inTransaction(s -> Mono.just(s.isNewTransaction()), with(Propagation.NESTED));
        StepVerifier.create(status).expectNext(true).verifyComplete();
    }

    @Test
    void mandatoryFailsWithoutAnAmbientTransaction() {
        StepVerifier.create(tx.transactional(insert(ds, 1), with(Propagation.MANDATORY)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransactionStateException.class)
                        .hasMessageContaining("MANDATORY"))
                .verify();
        assertThat(ids()).isEmpty();
    }

    @Test
    void mandatoryJoinsTheAmbientTransaction() {
        Mono<List<Long>> pids = tx.transactional(pid(ds).zipWith(
                tx.transactional(pid(ds), with(Propagation.MANDATORY)), List::of));
        StepVerifier.create(pids).assertNext(p -> assertThat(p.get(0)).isEqualTo(p.get(1))).verifyComplete();
    }

    @Test
    void twoDataSourcesEachJoinOnlyTheirOwnTransaction() {
        PostgresDataSource other = db.newDataSource(b -> b.maxSize(2));
        ReactiveTransactions otherTx = other.transactions();
        // other's transaction inside ds's: each datasource's calls run on its own transaction's connection
        Mono<List<Long>> pids = tx.transactional(pid(ds).flatMap(outerPid -> otherTx.transactional(
                Mono.zip(pid(other), pid(other), pid(ds)).map(t -> List.of(outerPid, t.getT1(), t.getT2(), t.getT3())))));
        StepVerifier.create(pids)
                .assertNext(p -> {
                    assertThat(p.get(0)).isEqualTo(p.get(3));
                    assertThat(p.get(1)).isEqualTo(p.get(2)).isNotEqualTo(p.get(0));
                })
                .verifyComplete();
        // a rollback of ds's transaction does not touch other's committed one
        Mono<Long> unit = insert(ds, 1)
                .then(otherTx.transactional(insert(other, 2)))
                .then(Mono.error(new IllegalStateException("ds fails")));
        StepVerifier.create(tx.transactional(unit)).expectErrorMessage("ds fails").verify();
        Sql.awaitIdle(other);
        assertThat(ids()).containsExactly(2L);
        // and a call of other without a transaction of its own inside ds's one does not join it
        Mono<Long> outside = insert(other, 3).then(Mono.error(new IllegalStateException("again")));
        StepVerifier.create(tx.transactional(outside)).expectErrorMessage("again").verify();
        Sql.awaitIdle(other);
        assertThat(ids()).containsExactly(2L, 3L);
    }
}
