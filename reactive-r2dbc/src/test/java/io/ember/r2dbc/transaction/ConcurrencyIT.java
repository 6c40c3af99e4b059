package io.ember.r2dbc.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.ConcurrencyFailureException;
import io.ember.core.repository.Patch;
import io.ember.core.transaction.Isolation;
import io.ember.core.transaction.TransactionOptions;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.core.publisher.Sinks;

/** Many transactions at once: transfers with failures and cancellations, and a serializable write skew. */
@ExtendWith(EmberDatabaseExtension.class)
class ConcurrencyIT {

    private static final int ACCOUNTS = 10;
    private static final long OPENING = 1_000;

    private static EmberDatabase db;
    private static PostgresDataSource ds;
    private static DefaultCrudRepository<Account, Long> accounts;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        ds = db.dataSource();
        accounts = new DefaultCrudRepository<>(Account.class, ds);
        db.execute(Account.DDL,
                "CREATE TABLE transfers (n int PRIMARY KEY, from_id bigint NOT NULL, to_id bigint NOT NULL, amount bigint NOT NULL)",
                "CREATE TABLE on_call (doctor text PRIMARY KEY, on_call boolean NOT NULL)");
    }

    private enum Outcome { COMMIT, FAIL, CANCEL }

    /** Debit, log, credit: row locks taken in id order, balances read and written through the repository. */
    private static Mono<Void> transfer(int n, long from, long to, long amount, Outcome outcome) {
        Mono<Void> debit = move(from, -amount)
                .then(Sql.update(ds, "INSERT INTO transfers VALUES ($1, $2, $3, $4)", n, from, to, amount))
                .then();
        Mono<Void> trouble = switch (outcome) {
            case COMMIT -> Mono.empty();
            case FAIL -> Mono.error(new IllegalStateException("transfer " + n + " fails half way"));
            case CANCEL -> Mono.delay(Duration.ofSeconds(30)).then();
        };
        Mono<Void> unit = Sql.query(ds, "SELECT id FROM accounts WHERE id IN ($1, $2) ORDER BY id FOR UPDATE",
                        from, to).then()
                .then(debit)
                .then(trouble)
                .then(move(to, amount))
                .then();
        Mono<Void> inTx = ds.transactions().transactional(unit);
        return outcome == Outcome.CANCEL ? inTx.timeout(Duration.ofMillis(50 + n % 150), Mono.empty()) : inTx;
    }

    private static Mono<Account> move(long id, long delta) {
        return accounts.findById(id)
                .flatMap(a -> accounts.updateById(id, Patch.of("balance", a.balance() + delta)));
    }

    @Test
    void concurrentTransfersKeepTheBooksBalanced() {
        db.execute("TRUNCATE accounts, transfers RESTART IDENTITY");
        List<Long> ids = Flux.range(1, ACCOUNTS)
                .concatMap(i -> accounts.create(Account.of("acct-" + i, OPENING)))
                .map(Account::id).collectList().block();
        Random random = new Random(42);
        Set<Integer> committed = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        List<Mono<Void>> transfers = new java.util.ArrayList<>();
        for (int n = 0; n < 200; n++) {
            int r = random.nextInt(100);
            Outcome outcome = r < 70 ? Outcome.COMMIT : r < 85 ? Outcome.FAIL : Outcome.CANCEL;
            long from = ids.get(random.nextInt(ACCOUNTS));
            long to = ids.get((ids.indexOf(from) + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS);
            int number = n;
            transfers.add(transfer(n, from, to, 1 + random.nextInt(50), outcome)
                    .doOnSuccess(v -> {
                        if (outcome == Outcome.COMMIT) {
                            committed.add(number);
                        }
                    })
                    .onErrorResume(e -> {
                        failed.incrementAndGet();
                        return Mono.empty();
                    }));
        }
        Flux.merge(transfers).then().block(Duration.ofSeconds(120));
        Sql.awaitIdle(ds);

        assertThat(ds.stats().acquired()).isZero();
        assertThat(db.queryLong("SELECT sum(balance) FROM accounts")).isEqualTo(ACCOUNTS * OPENING);
        List<Integer> logged = Sql.query(ds, "SELECT n FROM transfers ORDER BY n").map(v -> ((Number) v).intValue())
                .collectList().block();
        assertThat(logged).containsExactlyInAnyOrderElementsOf(committed);
        assertThat(committed).hasSizeGreaterThan(100);
        assertThat(failed.get()).isGreaterThan(10);
        // every committed transfer is whole: each balance is the opening plus its logged moves, nothing else
        long mismatched = db.queryLong("SELECT count(*) FROM accounts a WHERE a.balance <> " + OPENING
                + " - coalesce((SELECT sum(amount) FROM transfers WHERE from_id = a.id), 0)"
                + " + coalesce((SELECT sum(amount) FROM transfers WHERE to_id = a.id), 0)");
        assertThat(mismatched).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
                + " AND datname = current_database()")).isZero();
    }

    /** Two doctors on call; each, in SERIALIZABLE, goes off call if the other is still on. */
    private static Flux<Signal<Long>> writeSkew(TransactionOptions options) {
        db.execute("TRUNCATE on_call", "INSERT INTO on_call VALUES ('alice', true), ('bob', true)");
        Sinks.Empty<Void> bothRead = Sinks.empty();
        AtomicInteger reads = new AtomicInteger();
        Mono<Long> alice = goOffCall("alice", bothRead, reads);
        Mono<Long> bob = goOffCall("bob", bothRead, reads);
        return Flux.merge(ds.transactions().transactional(alice, options).materialize(),
                        ds.transactions().transactional(bob, options).materialize())
                .filter(s -> !s.isOnComplete() || s.get() != null)
                .timeout(Duration.ofSeconds(30));
    }

    private static Mono<Long> goOffCall(String doctor, Sinks.Empty<Void> bothRead, AtomicInteger reads) {
        return Sql.number(ds, "SELECT count(*) FROM on_call WHERE on_call")
                .flatMap(onCall -> {
                    if (reads.incrementAndGet() == 2) {
                        bothRead.tryEmitEmpty();
                    }
                    return bothRead.asMono().then(onCall >= 2
                            ? Sql.update(ds, "UPDATE on_call SET on_call = false WHERE doctor = $1", doctor)
                            : Mono.just(0L));
                });
    }

    @Test
    void writeSkewFailsWithoutRetry() {
        TransactionOptions serializable = TransactionOptions.defaults().isolation(Isolation.SERIALIZABLE);
        List<Signal<Long>> outcomes = writeSkew(serializable).collectList().block();
        assertThat(outcomes).filteredOn(Signal::isOnError).singleElement()
                .satisfies(s -> assertThat(s.getThrowable()).isInstanceOf(ConcurrencyFailureException.class)
                        .satisfies(e -> assertThat(((ConcurrencyFailureException) e).isRetryable()).isTrue()));
        Sql.awaitIdle(ds);
        assertThat(db.queryLong("SELECT count(*) FROM on_call WHERE on_call")).isEqualTo(1);
    }

    @Test
    void writeSkewSucceedsWithRetry() {
        TransactionOptions retried = TransactionOptions.defaults().isolation(Isolation.SERIALIZABLE)
                .retry(5, Duration.ofMillis(10));
        List<Signal<Long>> outcomes = writeSkew(retried).collectList().block();
        assertThat(outcomes).noneMatch(Signal::isOnError);
        assertThat(outcomes).filteredOn(Signal::isOnNext).extracting(Signal::get).containsExactlyInAnyOrder(1L, 0L);
        Sql.awaitIdle(ds);
        assertThat(db.queryLong("SELECT count(*) FROM on_call WHERE on_call")).isEqualTo(1);
    }
}
