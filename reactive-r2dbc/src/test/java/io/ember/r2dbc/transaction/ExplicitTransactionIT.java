package io.ember.r2dbc.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.TransactionStateException;
import io.ember.core.error.UniqueViolationException;
import io.ember.core.repository.Options;
import io.ember.core.repository.Patch;
import io.ember.core.transaction.Isolation;
import io.ember.core.transaction.Transaction;
import io.ember.core.transaction.TransactionOptions;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The explicit handle, used the way the TypeScript guide uses it: begin, calls naming it, commit or rollback. */
@ExtendWith(EmberDatabaseExtension.class)
class ExplicitTransactionIT {

    private static EmberDatabase db;
    private static PostgresDataSource ds;
    private static DefaultCrudRepository<Account, Long> accounts;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        ds = db.dataSource();
        accounts = new DefaultCrudRepository<>(Account.class, ds);
        db.execute(Account.DDL);
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE accounts");
    }

    private static long count() {
        Sql.awaitIdle(ds);
        return db.queryLong("SELECT count(*) FROM accounts");
    }

    @Test
    void beginTwoWritesNamingTheHandleCommit() {
        Transaction tx = ds.beginTransaction(TransactionOptions.defaults().isolation(Isolation.REPEATABLE_READ)).block();
        assertThat(tx.isActive()).isTrue();
        assertThat(tx.isolation()).isEqualTo(Isolation.REPEATABLE_READ);
        Options inTx = Options.defaults().transaction(tx);

        Account ann = accounts.create(Account.of("ann", 100), inTx).block();
        accounts.create(Account.of("bob", 50), inTx).block();
        accounts.updateById(ann.id(), Patch.of("balance", 90), inTx).block();
        assertThat(db.queryLong("SELECT count(*) FROM accounts")).as("invisible before commit").isZero();
        assertThat(accounts.count(null, inTx).block()).isEqualTo(2);

        StepVerifier.create(tx.commit()).verifyComplete();
        assertThat(tx.isActive()).isFalse();
        assertThat(count()).isEqualTo(2);
        assertThat(db.queryLong("SELECT balance FROM accounts WHERE owner = 'ann'")).isEqualTo(90);
    }

    @Test
    void failedWriteThenRollback() {
        Transaction tx = ds.beginTransaction().block();
        Options inTx = Options.defaults().transaction(tx);
        Mono<Account> writes = accounts.create(Account.of("ann", 100), inTx)
                .then(accounts.create(Account.of("ann", 5), inTx));
        StepVerifier.create(writes.onErrorResume(e -> tx.rollback().then(Mono.error(e))))
                .expectError(UniqueViolationException.class)
                .verify();
        assertThat(tx.isActive()).isFalse();
        assertThat(count()).isZero();
    }

    @Test
    void reactiveStyleOfTheSameFlow() {
        Mono<Void> flow = ds.beginTransaction().flatMap(tx -> {
            Options inTx = Options.defaults().transaction(tx);
            return accounts.create(Account.of("ann", 1), inTx)
                    .then(accounts.create(Account.of("bob", 2), inTx))
                    .then(tx.commit())
                    .onErrorResume(e -> tx.rollback().then(Mono.error(e)));
        });
        StepVerifier.create(flow).verifyComplete();
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void endingTwiceOrUsingAnEndedHandleIsAnError() {
        Transaction tx = ds.beginTransaction().block();
        StepVerifier.create(tx.commit()).verifyComplete();
        StepVerifier.create(tx.commit())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransactionStateException.class)
                        .hasMessageContaining("already committed"))
                .verify();
        StepVerifier.create(tx.rollback()).expectError(TransactionStateException.class).verify();
        StepVerifier.create(accounts.create(Account.of("ann", 1), Options.defaults().transaction(tx)))
                .expectError(TransactionStateException.class)
                .verify();

        Transaction rolledBack = ds.beginTransaction().block();
        StepVerifier.create(rolledBack.rollback()).verifyComplete();
        StepVerifier.create(rolledBack.rollback())
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("already rolled back"))
                .verify();
        assertThat(count()).isZero();
    }

    @Test
    void aHandleOfAnotherDataSourceIsRefused() {
        PostgresDataSource other = db.newDataSource(b -> b.maxSize(1));
        Transaction tx = other.beginTransaction().block();
        StepVerifier.create(accounts.count(null, Options.defaults().transaction(tx)))
                .expectError(TransactionStateException.class)
                .verify();
        StepVerifier.create(tx.rollback()).verifyComplete();
    }

    @Test
    void failedCommitEndsTheHandleWithAnError() {
        db.execute("CREATE TABLE IF NOT EXISTS dd (id int, CONSTRAINT dd_key UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)");
        Transaction tx = ds.beginTransaction().block();
        Sql.update(ds, tx, "INSERT INTO dd VALUES (1)").then(Sql.update(ds, tx, "INSERT INTO dd VALUES (1)")).block();
        StepVerifier.create(tx.commit()).expectError(UniqueViolationException.class).verify();
        assertThat(tx.isActive()).isFalse();
        Sql.awaitIdle(ds);
        assertThat(db.queryLong("SELECT count(*) FROM dd")).isZero();
    }

    @Test
    void theHandleIsNotAmbient() {
        Transaction tx = ds.beginTransaction().block();
        accounts.create(Account.of("ann", 1), Options.defaults().transaction(tx)).block();
        StepVerifier.create(accounts.count(null)).expectNext(0L).verifyComplete();
        StepVerifier.create(tx.rollback()).verifyComplete();
    }
}
