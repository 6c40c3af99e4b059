package io.ember.r2dbc.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.TransactionStateException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.Where;
import io.ember.core.repository.CrudRepository;
import io.ember.core.transaction.Propagation;
import io.ember.core.transaction.TransactionOptions;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.transaction.ReactiveTransactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Issue 14, must-show 3: Ember's repositories and units join transactions Spring's
 * {@code R2dbcTransactionManager} runs ({@code @Transactional}, {@code TransactionalOperator}).
 * Each test writes rows of owners of its own, so the tests are independent of each other's data.
 */
class SpringTransactionIT {

    private final AccountRepository accounts = SpringFixture.bean(AccountRepository.class);
    private final CrudRepository<Entry, Long> entries = SpringFixture.entries();
    private final TransactionalOperator operator = SpringFixture.bean(TransactionalOperator.class);
    private final ReactiveTransactions ember = SpringFixture.bean(PostgresDataSource.class).transactions();

    @AfterEach
    void noConnectionLeft() {
        SpringFixture.assertNoAcquiredConnection();
    }

    private Mono<Void> writeBoth(String owner) {
        return accounts.create(Account.of(owner, 1)).then(entries.create(Entry.of(owner, "written"))).then();
    }

    @Test
    void transactionalMethodThatFailsAfterTwoRepositoryWritesRollsBackBoth() {
        StepVerifier.create(SpringFixture.bean(Opening.class).open("tx-fails", true))
                .verifyErrorMessage("refused after both writes");
        assertThat(SpringFixture.rows("tx-fails")).isZero();
    }

    @Test
    void transactionalMethodThatSucceedsCommitsBothWrites() {
        StepVerifier.create(SpringFixture.bean(Opening.class).open("tx-commits", false))
                .assertNext(a -> assertThat(a.owner()).isEqualTo("tx-commits"))
                .verifyComplete();
        assertThat(SpringFixture.rows("tx-commits")).isEqualTo(2);
    }

    @Test
    void transactionalOperatorRollsBackBothWritesOnErrorAndCommitsThemOnSuccess() {
        StepVerifier.create(operator.transactional(writeBoth("op-fails").then(Mono.error(new IllegalStateException("no")))))
                .verifyErrorMessage("no");
        assertThat(SpringFixture.rows("op-fails")).isZero();

        StepVerifier.create(operator.transactional(writeBoth("op-commits"))).verifyComplete();
        assertThat(SpringFixture.rows("op-commits")).isEqualTo(2);
    }

    @Test
    void emberAndSpringsDatabaseClientShareTheConnectionOfTheSpringTransaction() {
        DatabaseClient client = SpringFixture.bean(DatabaseClient.class);
        Mono<Long> work = client.sql("INSERT INTO accounts (owner, balance) VALUES ('shared', 5)").then()
                .then(accounts.count(Where.where("owner").eq("shared")))
                .flatMap(n -> Mono.<Long>error(new IllegalStateException("seen " + n)));
        StepVerifier.create(operator.transactional(work)).verifyErrorMessage("seen 1");
        assertThat(SpringFixture.rows("shared")).as("rolled back: the uncommitted row was seen on Spring's connection")
                .isZero();
    }

    @Test
    void emberTransactionalInsideASpringTransactionJoinsIt() {
        Mono<Boolean> joined = ember.inTransaction(status -> writeBoth("joined").thenReturn(status.isNewTransaction()))
                .single();
        StepVerifier.create(operator.transactional(joined.flatMap(isNew -> Mono.<Void>error(
                        new IllegalStateException("new transaction: " + isNew)))))
                .verifyErrorMessage("new transaction: false");
        assertThat(SpringFixture.rows("joined")).as("Spring's rollback undid the Ember unit's writes").isZero();
    }

    @Test
    void emberNestedInsideASpringTransactionRollsBackToItsSavepointOnly() {
        Mono<Void> nested = ember.transactional(entries.create(Entry.of("nested", "inner"))
                        .then(Mono.<Void>error(new IllegalStateException("inner fails"))),
                TransactionOptions.defaults().propagation(Propagation.NESTED));
        Mono<Void> outer = accounts.create(Account.of("nested", 3))
                .then(nested.onErrorResume(IllegalStateException.class, e -> Mono.empty()));
        StepVerifier.create(operator.transactional(outer)).verifyComplete();
        assertThat(SpringFixture.rows("nested")).as("the account stays, the nested entry is gone").isEqualTo(1);
    }

    @Test
    void emberRequiresNewInsideASpringTransactionCommitsAlone() {
        Mono<Void> alone = ember.transactional(entries.create(Entry.of("requires-new", "alone")).then(),
                TransactionOptions.defaults().propagation(Propagation.REQUIRES_NEW));
        Mono<Void> outer = accounts.create(Account.of("requires-new", 3)).then(alone)
                .then(Mono.error(new IllegalStateException("outer fails")));
        StepVerifier.create(operator.transactional(outer)).verifyErrorMessage("outer fails");
        assertThat(SpringFixture.rows("requires-new")).as("only the REQUIRES_NEW entry committed").isEqualTo(1);
    }

    @Test
    void emberUnitJoinedToASpringTransactionCannotMarkItRollbackOnly() {
        Mono<Object> unit = ember.inTransaction(status -> Mono.fromRunnable(status::setRollbackOnly)).then(Mono.empty());
        StepVerifier.create(operator.transactional(accounts.create(Account.of("marked", 1)).then(unit)))
                .verifyError(TransactionStateException.class);
        assertThat(SpringFixture.rows("marked")).isZero();
    }

    @Test
    void aWritePerRowOfAReadInOneSpringTransactionRunsOneStatementAtATime() {
        // 300 rows: more than r2dbc-postgresql's queue of 256 statements per connection, which a flatMap
        // of writes per row of a read still streaming would overflow without Ember's gate
        Flux<Account> seed = Flux.range(0, 300).map(i -> Account.of("fan-" + i, i));
        Mono<Long> work = accounts.createAll(seed).then()
                .thenMany(accounts.find(Filter.of(Where.where("owner").like("fan-%"))))
                .flatMap(a -> entries.create(Entry.of(a.owner(), "per row")))
                .count();
        StepVerifier.create(operator.transactional(work)).expectNext(300L).verifyComplete();
        StepVerifier.create(entries.count(Where.where("owner").like("fan-%"))).expectNext(300L).verifyComplete();
    }

    @Test
    void outsideASpringTransactionEachCallCommitsOnItsOwn() {
        StepVerifier.create(writeBoth("no-tx").then(Mono.error(new IllegalStateException("after")))).verifyError();
        assertThat(SpringFixture.rows("no-tx")).isEqualTo(2);
    }
}
