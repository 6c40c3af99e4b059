package io.ember.r2dbc.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.transaction.Propagation;
import io.ember.core.transaction.TransactionOptions;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * A unit cancelled while its next statement is being subscribed on another thread: the cancel's
 * ROLLBACK takes the connection's turn first, and the statement, queued behind it, is cancelled by its
 * subscriber only when the subscription gets back to the unit's operator (late when that thread is
 * preempted, on a loaded machine). The statement must never run: started when the ROLLBACK ended (the
 * connection not yet back in the pool), it ran outside the transaction, in autocommit, and stored a
 * part of a unit whose other parts were rolled back, as CancelStormIT once saw (1 part of 3).
 *
 * <p>The interleaving is forced: a slow statement holds the turn, the unit is cancelled from a timer
 * thread right when that thread subscribes part 1 (plain R2DBC work whose {@code flatMap} asks for the
 * result as soon as it is subscribed), and part 1's subscription reaches the unit's operator 300 ms late.
 */
@ExtendWith(EmberDatabaseExtension.class)
class StatementAfterRollbackIT {

    private static PostgresDataSource ds;

    @BeforeAll
    static void table(EmberDatabase db) {
        ds = db.newDataSource(b -> b.maxSize(1));
        db.execute("CREATE TABLE after_rollback (unit int NOT NULL, part int NOT NULL,"
                + " xid bigint NOT NULL DEFAULT txid_current(), PRIMARY KEY (unit, part))");
    }

    @Test
    void aStatementQueuedBehindTheRollbackOfItsCancelledUnitNeverRuns() {
        for (int unit = 0; unit < Integer.getInteger("ember.afterRollback.units", 5); unit++) {
            int number = unit;
            Sinks.Empty<Void> cancel = Sinks.empty();
            // part 0, then the unit is cancelled while part 1 is being subscribed behind a slow statement
            Mono<Integer> work = ds.transactions().transactional(
                    Sql.update(ds, "INSERT INTO after_rollback (unit, part) VALUES ($1, 0)", number)
                            .then(slowWhileALatePartIsSubscribed(number, 1, cancel))
                            .then(Sql.update(ds, "INSERT INTO after_rollback (unit, part) VALUES ($1, 2)", number))
                            .thenReturn(number));
            Integer done = work.takeUntilOther(cancel.asMono().then(Mono.just(1)))
                    .block(Duration.ofSeconds(10));
            assertThat(done).as("unit %d was cancelled", number).isNull();
            Sql.awaitIdle(ds);
        }
        Mono.delay(Duration.ofMillis(500)).block();
        List<Object> stored = Sql.query(ds, "SELECT format('unit %s part %s xid %s', unit, part, xid)"
                + " FROM after_rollback ORDER BY unit, part").collectList().block(Duration.ofSeconds(10));
        assertThat(stored).as("parts of cancelled units (each rolled back)").isEmpty();
    }

    /**
     * The same race inside a NESTED unit: its cancel rolls back to its savepoint and the outer unit goes
     * on and commits. A statement of the nested unit subscribed late must not run after the ROLLBACK TO
     * SAVEPOINT, where it would be committed with the outer unit.
     */
    @Test
    void aStatementQueuedBehindTheRollbackToSavepointOfItsCancelledNestedUnitNeverRuns() {
        TransactionOptions nested = TransactionOptions.defaults().propagation(Propagation.NESTED);
        int units = Integer.getInteger("ember.afterRollback.units", 5);
        for (int unit = 100; unit < 100 + units; unit++) {
            int number = unit;
            Sinks.Empty<Void> cancel = Sinks.empty();
            Mono<Integer> inner = ds.transactions().transactional(
                    Sql.update(ds, "INSERT INTO after_rollback (unit, part) VALUES ($1, 10)", number)
                            .then(slowWhileALatePartIsSubscribed(number, 11, cancel))
                            .then(Sql.update(ds, "INSERT INTO after_rollback (unit, part) VALUES ($1, 12)", number))
                            .thenReturn(number), nested);
            Integer done = ds.transactions().transactional(
                    Sql.update(ds, "INSERT INTO after_rollback (unit, part) VALUES ($1, 0)", number)
                            .then(inner.takeUntilOther(cancel.asMono().then(Mono.just(1))))
                            .then(Sql.update(ds, "INSERT INTO after_rollback (unit, part) VALUES ($1, 1)", number))
                            .thenReturn(number))
                    .block(Duration.ofSeconds(10));
            assertThat(done).as("outer unit %d committed", number).isEqualTo(number);
            Sql.awaitIdle(ds);
        }
        Mono.delay(Duration.ofMillis(500)).block();
        List<Object> stored = Sql.query(ds, "SELECT format('unit %s part %s', unit, part) FROM after_rollback"
                + " WHERE unit >= 100 ORDER BY unit, part").collectList().block(Duration.ofSeconds(10));
        List<Object> expected = new java.util.ArrayList<>();
        for (int unit = 100; unit < 100 + units; unit++) {
            expected.add("unit " + unit + " part 0");
            expected.add("unit " + unit + " part 1");
        }
        assertThat(stored).as("the outer units' parts only (every nested unit was cancelled)").isEqualTo(expected);
    }

    /**
     * A slow statement holding the connection's turn, and meanwhile (100 ms in, on a timer thread)
     * {@code cancel} fires while {@code part} is being subscribed: plain R2DBC work whose {@code flatMap}
     * asks for the result as soon as it is subscribed, its subscription reaching the unit 300 ms late.
     */
    private static Mono<Void> slowWhileALatePartIsSubscribed(int unit, int part, Sinks.Empty<Void> cancel) {
        Mono<Void> slow = Sql.update(ds, "SELECT pg_sleep(0.3)").then();
        Mono<Long> trigger = Mono.delay(Duration.ofMillis(100), Schedulers.boundedElastic()).then(Mono.defer(() -> {
            cancel.tryEmitEmpty();
            return new LateOnSubscribe<>(ds.withConnection(c -> Flux.from(c.createStatement(
                            "INSERT INTO after_rollback (unit, part) VALUES ($1, $2)").bind(0, unit).bind(1, part).execute())
                    .flatMap(Result::getRowsUpdated)).next(), Duration.ofMillis(300));
        }));
        return Mono.when(slow, trigger);
    }

    /** Passes its source's subscription on late, as a thread preempted during the subscription would. */
    private static final class LateOnSubscribe<T> extends Mono<T> {

        private final Mono<T> source;
        private final Duration delay;

        LateOnSubscribe(Mono<T> source, Duration delay) {
            this.source = source;
            this.delay = delay;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            source.subscribe(new CoreSubscriber<T>() {
                @Override
                public Context currentContext() {
                    return actual.currentContext();
                }

                @Override
                public void onSubscribe(Subscription s) {
                    LockSupport.parkNanos(delay.toNanos());
                    actual.onSubscribe(s);
                }

                @Override
                public void onNext(T t) {
                    actual.onNext(t);
                }

                @Override
                public void onError(Throwable t) {
                    actual.onError(t);
                }

                @Override
                public void onComplete() {
                    actual.onComplete();
                }
            });
        }
    }
}
