package io.ember.r2dbc.coalesce;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.PersistenceException;
import io.ember.core.model.DeletedAt;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.repository.Options;
import io.ember.core.transaction.Transaction;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Coalesced lookups by id keep the semantics of lookups one by one: each caller gets its own row
 * or empty, errors reach every caller of a batch, a caller that cancels takes only itself out,
 * nothing is coalesced in a transaction, and a lookup issued after a committed write sees it.
 * The pool is made saturated on purpose (its connections held by gates) so that calls would wait.
 */
@ExtendWith(EmberDatabaseExtension.class)
class CoalescedReadsIT {

    static final int ROWS = 1_000;
    static final long SOFT_DELETED = 7;

    @Model(table = "coalesce_items")
    record Item(@Id Long id, String name, int counter, @DeletedAt Instant deletedAt) {
    }

    @Model(table = "coalesce_missing")
    record Missing(@Id Long id, String name) {
    }

    @Model(table = "coalesce_slow")
    record Slow(@Id Long id, String name) {
    }

    private static EmberDatabase db;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        db.execute("CREATE TABLE coalesce_items (id bigint PRIMARY KEY, name text NOT NULL, counter int NOT NULL,"
                        + " deleted_at timestamptz)",
                "INSERT INTO coalesce_items SELECT g, 'item-' || g, 0, NULL FROM generate_series(1, " + ROWS + ") g",
                "UPDATE coalesce_items SET deleted_at = now() WHERE id = " + SOFT_DELETED,
                "CREATE VIEW coalesce_slow AS SELECT i.id, i.name FROM coalesce_items i CROSS JOIN pg_sleep(0.5)");
    }

    /** A datasource of two connections that coalesces, and the statements it ran. */
    private record Setup(PostgresDataSource ds, Statements statements, DefaultCrudRepository<Item, Long> items) {
    }

    private static Setup setup(int maxBatch) {
        Statements statements = new Statements();
        PostgresDataSource ds = db.newDataSource(b -> b.maxSize(2).initialSize(0).coalescePointReads(true)
                .coalesceMaxBatch(maxBatch).queryListener(statements));
        return new Setup(ds, statements, new DefaultCrudRepository<>(Item.class, ds));
    }

    /** Holds {@code n} connections of the pool until the gate opens. */
    private record Hold(Sinks.Empty<Void> gate, CompletableFuture<Void> done) {
        void release() {
            gate.tryEmitEmpty();
            done.orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    private static Hold hold(PostgresDataSource ds, int n) {
        Sinks.Empty<Void> gate = Sinks.empty();
        CompletableFuture<Void> done = Flux.range(0, n).flatMap(i -> ds.withConnection(c -> gate.asMono())).then()
                .toFuture();
        awaitPool(ds, s -> s.acquired() == n);
        return new Hold(gate, done);
    }

    private static void awaitPool(PostgresDataSource ds, Predicate<io.ember.r2dbc.datasource.PoolStats> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.test(ds.stats())) {
            assertThat(System.nanoTime()).as("pool state reached: %s", ds.stats()).isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static Item expected(long id) {
        return new Item(id, "item-" + id, 0, null);
    }

    private static Mono<Optional<Item>> lookup(DefaultCrudRepository<Item, Long> items, long id) {
        return items.findById(id).map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    @Test
    void aLoneLookupRunsAloneAsOneStatementOfItsOwn() {
        Setup s = setup(128);
        StepVerifier.create(s.items().findById(5L)).expectNext(expected(5)).verifyComplete();
        assertThat(s.statements().singles("coalesce_items")).isEqualTo(1);
        assertThat(s.statements().batches("coalesce_items")).isZero();
    }

    @Test
    void lookupsOneAfterAnotherAreNeverBatched() {
        Setup s = setup(128);
        StepVerifier.create(Flux.range(100, 50).concatMap(id -> s.items().findById((long) id)).map(Item::id))
                .expectNextSequence(java.util.stream.LongStream.range(100, 150).boxed().toList())
                .verifyComplete();
        assertThat(s.statements().singles("coalesce_items")).isEqualTo(50);
        assertThat(s.statements().batches("coalesce_items")).isZero();
    }

    @Test
    void lookupsThatFindIdleConnectionsRunAloneUnderConcurrency() {
        Statements statements = new Statements();
        PostgresDataSource ds = db.newDataSource(b -> b.maxSize(20).initialSize(20).coalescePointReads(true)
                .queryListener(statements));
        ds.open().block(Duration.ofSeconds(30));
        DefaultCrudRepository<Item, Long> items = new DefaultCrudRepository<>(Item.class, ds);
        awaitPool(ds, p -> p.idle() == 20);
        List<Item> got = Flux.range(100, 4).flatMapSequential(id -> items.findById((long) id), 4)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(got).extracting(Item::id).containsExactly(100L, 101L, 102L, 103L);
        assertThat(statements.singles("coalesce_items")).as("4 lookups with 20 idle connections").isEqualTo(4);
        assertThat(statements.batches("coalesce_items")).isZero();
    }

    @Test
    void lookupsThatWouldWaitShareOneStatementAndEachGetsItsOwnRowOrEmpty() {
        Setup s = setup(128);
        Hold hold = hold(s.ds(), 2);
        // existing, duplicates, soft-deleted (hidden by the default filter) and missing ids
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= 40; id++) {
            ids.add(id);
        }
        ids.addAll(List.of(3L, 3L, 40L, SOFT_DELETED, ROWS + 1L, ROWS + 2L, ROWS + 1L, -5L));
        CompletableFuture<List<Optional<Item>>> results = Flux.fromIterable(ids)
                .flatMapSequential(id -> lookup(s.items(), id), ids.size())
                .collectList().toFuture();
        awaitPool(s.ds(), p -> p.pending() == 1);
        assertThat(s.ds().stats().pending()).as("one acquire waits for all the lookups").isEqualTo(1);
        hold.release();

        List<Optional<Item>> got = results.orTimeout(30, TimeUnit.SECONDS).join();
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            Optional<Item> want = id >= 1 && id <= ROWS && id != SOFT_DELETED ? Optional.of(expected(id)) : Optional.empty();
            assertThat(got.get(i)).as("lookup %d (id %d)", i, id).isEqualTo(want);
        }
        assertThat(got.get(40).orElseThrow()).as("duplicates get instances of their own")
                .isNotSameAs(got.get(2).orElseThrow()).isNotSameAs(got.get(41).orElseThrow());
        assertThat(s.statements().batches("coalesce_items")).as("statements for %d lookups", ids.size()).isEqualTo(1);
        assertThat(s.statements().singles("coalesce_items")).isZero();
    }

    @Test
    void aBatchHasASizeCap() {
        Setup s = setup(10);
        Hold hold = hold(s.ds(), 2);
        CompletableFuture<List<Item>> results = Flux.range(1, 35)
                .flatMapSequential(id -> s.items().findById((long) id + 100), 35).collectList().toFuture();
        awaitPool(s.ds(), p -> p.pending() == 4);
        hold.release();
        assertThat(results.orTimeout(30, TimeUnit.SECONDS).join()).extracting(Item::id)
                .containsExactlyElementsOf(Flux.range(101, 35).map(Integer::longValue).collectList().block());
        assertThat(s.statements().batches("coalesce_items")).as("batches of at most 10 for 35 lookups").isEqualTo(4);
    }

    @Test
    void anErrorOfTheBatchStatementReachesEveryCaller() {
        Setup s = setup(128);
        DefaultCrudRepository<Missing, Long> missing = new DefaultCrudRepository<>(Missing.class, s.ds());
        Hold hold = hold(s.ds(), 2);
        CompletableFuture<List<Object>> results = Flux.range(1, 10)
                .flatMapSequential(id -> missing.findById((long) id).<Object>map(m -> m)
                        .onErrorResume(e -> Mono.just(e)), 10)
                .collectList().toFuture();
        awaitPool(s.ds(), p -> p.pending() == 1);
        hold.release();
        List<Object> got = results.orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(got).hasSize(10).allSatisfy(e -> assertThat(e).isInstanceOf(PersistenceException.class)
                .asString().contains("coalesce_missing"));
        assertThat(s.statements().batches("coalesce_missing")).isEqualTo(1);
    }

    @Test
    void aCallerThatCancelsLeavesTheOthersAndThePoolIntact() {
        Setup s = setup(128);
        Hold hold = hold(s.ds(), 2);
        List<CompletableFuture<Optional<Item>>> stay = new ArrayList<>();
        List<Disposable> leave = new ArrayList<>();
        for (long id = 11; id <= 20; id++) {
            if (id % 3 == 0) {
                leave.add(s.items().findById(id).subscribe(item -> { throw new AssertionError("cancelled, got " + item); }));
            } else {
                stay.add(lookup(s.items(), id).toFuture());
            }
        }
        awaitPool(s.ds(), p -> p.pending() == 1);
        leave.forEach(Disposable::dispose);
        hold.release();
        for (int i = 0; i < stay.size(); i++) {
            assertThat(stay.get(i).orTimeout(30, TimeUnit.SECONDS).join().orElseThrow().name()).startsWith("item-");
        }
        assertThat(s.statements().batches("coalesce_items")).isEqualTo(1);
        awaitPool(s.ds(), p -> p.acquired() == 0);
        StepVerifier.create(s.items().findById(3L)).expectNext(expected(3)).verifyComplete();
    }

    @Test
    void whenEveryCallerCancelsBeforeTheConnectionArrivesNoStatementIsSent() {
        Setup s = setup(128);
        Hold hold = hold(s.ds(), 2);
        List<Disposable> calls = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            calls.add(s.items().findById(id).subscribe());
        }
        awaitPool(s.ds(), p -> p.pending() == 1);
        calls.forEach(Disposable::dispose);
        hold.release();
        awaitPool(s.ds(), p -> p.acquired() == 0 && p.pending() == 0);
        assertThat(s.statements().batches("coalesce_items")).isZero();
        StepVerifier.create(s.items().findById(3L)).expectNext(expected(3)).verifyComplete();
    }

    @Test
    void whenEveryCallerCancelsDuringTheStatementItIsCancelledAndTheConnectionComesBack() {
        Setup s = setup(128);
        DefaultCrudRepository<Slow, Long> slow = new DefaultCrudRepository<>(Slow.class, s.ds());
        Hold hold = hold(s.ds(), 2);
        List<Disposable> calls = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            calls.add(slow.findById(id).subscribe());
        }
        awaitPool(s.ds(), p -> p.pending() == 1);
        hold.gate().tryEmitEmpty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                + " AND pid <> pg_backend_pid() AND query LIKE '%coalesce_slow%ANY%'") == 0) {   // the batch statement runs on the server
            assertThat(System.nanoTime()).as("the batch statement started").isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
        long start = System.nanoTime();
        calls.forEach(Disposable::dispose);
        hold.done().orTimeout(30, TimeUnit.SECONDS).join();
        awaitPool(s.ds(), p -> p.acquired() == 0);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(s.statements().batches("coalesce_slow")).as("the batch statement, cancelled").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                + " AND pid <> pg_backend_pid() AND query LIKE '%coalesce_slow%ANY%'")).as("the statement stopped on the server").isZero();
        StepVerifier.create(s.items().findById(3L)).expectNext(expected(3)).verifyComplete();
        System.out.printf("every caller cancelled during the batch statement: connection back in %d ms%n", millis);
    }

    @Test
    void nothingIsCoalescedInsideATransaction() {
        Setup s = setup(128);
        DefaultCrudRepository<Item, Long> items = s.items();
        // ambient: the transaction holds one connection, the gate the other: the pool is saturated
        Sinks.Empty<Void> gate = Sinks.empty();
        CompletableFuture<Void> held = s.ds().withConnection(c -> gate.asMono()).then().toFuture();
        List<Item> ambient = s.ds().transactions().transactional(
                        items.updateById(901L, io.ember.core.repository.Patch.of("counter", 5))
                                .thenMany(Flux.range(901, 20).flatMapSequential(id -> items.findById((long) id), 20))
                                .collectList()
                                .flatMap(list -> Mono.<List<Item>>error(new Rollback(list))))
                .onErrorResume(Rollback.class, r -> Mono.just(r.items))
                .block(Duration.ofSeconds(30));
        assertThat(ambient).hasSize(20);
        assertThat(ambient.get(0).counter()).as("the transaction's own write is seen: its connection").isEqualTo(5);
        assertThat(s.statements().batches("coalesce_items")).isZero();
        assertThat(s.statements().singles("coalesce_items")).isEqualTo(20);

        // explicit: a handle named in the options
        s.statements().clear();
        Transaction tx = s.ds().beginTransaction().block(Duration.ofSeconds(30));
        awaitPool(s.ds(), p -> p.acquired() == 2);
        List<Item> explicit = items.updateById(902L, io.ember.core.repository.Patch.of("counter", 6),
                        Options.defaults().transaction(tx))
                .thenMany(Flux.range(901, 20).flatMapSequential(id -> items.findById((long) id, io.ember.core.filter.Filter.empty(), Options.defaults()
                        .transaction(tx)), 20))
                .collectList().block(Duration.ofSeconds(30));
        tx.rollback().block(Duration.ofSeconds(30));
        gate.tryEmitEmpty();
        held.orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(explicit).hasSize(20);
        assertThat(explicit.get(1).counter()).isEqualTo(6);
        assertThat(s.statements().batches("coalesce_items")).isZero();
        assertThat(s.statements().singles("coalesce_items")).isEqualTo(20);
    }

    @Test
    void nothingIsCoalescedInsideASpringTransaction() {
        Statements statements = new Statements();
        PostgresDataSource ds = db.newDataSource(b -> b.maxSize(2).initialSize(0).coalescePointReads(true)
                .externalTransactions(io.ember.r2dbc.spring.SpringTransactions.create()).queryListener(statements));
        DefaultCrudRepository<Item, Long> items = new DefaultCrudRepository<>(Item.class, ds);
        var operator = org.springframework.transaction.reactive.TransactionalOperator.create(
                new org.springframework.r2dbc.connection.R2dbcTransactionManager(ds.connectionFactory()));
        // Spring's transaction holds one connection, the gate the other: the pool is saturated
        Sinks.Empty<Void> gate = Sinks.empty();
        CompletableFuture<Void> held = ds.withConnection(c -> gate.asMono()).then().toFuture();
        awaitPool(ds, p -> p.acquired() == 1);
        List<Item> seen = operator.transactional(items.updateById(903L, io.ember.core.repository.Patch.of("counter", 7))
                        .thenMany(Flux.range(901, 20).flatMapSequential(id -> items.findById((long) id), 20))
                        .collectList()
                        .flatMap(list -> Mono.<List<Item>>error(new Rollback(list))))
                .onErrorResume(Rollback.class, r -> Mono.just(r.items))
                .block(Duration.ofSeconds(30));
        gate.tryEmitEmpty();
        held.orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(seen).hasSize(20);
        assertThat(seen.get(2).counter()).as("the transaction's own write is seen: its connection").isEqualTo(7);
        assertThat(statements.batches("coalesce_items")).isZero();
        assertThat(statements.singles("coalesce_items")).isEqualTo(20);
    }

    /** Rolls an ambient transaction back, carrying what it read. */
    private static final class Rollback extends RuntimeException {
        final transient List<Item> items;

        Rollback(List<Item> items) {
            super("roll back", null, false, false);
            this.items = items;
        }
    }

    @Test
    void aLookupIssuedAfterACommittedWriteSeesItEvenWhenItJoinsABatchOpenedBefore() {
        Setup s = setup(128);
        PostgresDataSource writer = db.newDataSource(b -> b.maxSize(1));
        Hold hold = hold(s.ds(), 2);
        CompletableFuture<Item> before = s.items().findById(500L).toFuture();   // opens the batch
        awaitPool(s.ds(), p -> p.pending() == 1);
        writer.withConnection(c -> Flux.from(c.createStatement("UPDATE coalesce_items SET counter = 42 WHERE id = 501")
                        .execute()).concatMap(r -> r.getRowsUpdated()))
                .then().block(Duration.ofSeconds(30));
        CompletableFuture<Item> after = s.items().findById(501L).toFuture();    // joins it: its statement is not sent yet
        hold.release();
        assertThat(before.orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo(expected(500));
        assertThat(after.orTimeout(30, TimeUnit.SECONDS).join().counter()).isEqualTo(42);
        assertThat(s.statements().batches("coalesce_items")).as("one batch for both").isEqualTo(1);
        db.execute("UPDATE coalesce_items SET counter = 0 WHERE id = 501");
    }
}
