package io.ember.r2dbc.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cancels transactions at every point of their life (while acquiring, during BEGIN, between and
 * during statements, during COMMIT): afterwards every unit is stored whole or not at all, every unit
 * that reported success is stored (a unit cancelled while its COMMIT was already on the wire may be
 * stored too: the client cannot know), and no pooled connection is left inside a transaction.
 */
@ExtendWith(EmberDatabaseExtension.class)
class CancelStormIT {

    private static EmberDatabase db;
    private static PostgresDataSource ds;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        ds = db.newDataSource(b -> b.maxSize(4));
        db.execute("CREATE TABLE storm (n int PRIMARY KEY)");
    }

    @Test
    void cancelledUnitsLeaveNothingBehind() {
        Random random = new Random(7);
        Set<Integer> succeeded = ConcurrentHashMap.newKeySet();
        List<Mono<Integer>> units = new java.util.ArrayList<>();
        for (int n = 0; n < 400; n++) {
            int number = n;
            Mono<Integer> unit = ds.transactions().transactional(
                    Sql.update(ds, "INSERT INTO storm VALUES ($1)", number)
                            .then(Sql.update(ds, "SELECT pg_sleep(0.001)"))
                            .then(Sql.update(ds, "INSERT INTO storm VALUES ($1)", 1_000 + number))
                            .thenReturn(number));
            units.add(unit.timeout(Duration.ofNanos(random.nextInt(40_000_000)), Mono.empty())
                    .doOnNext(succeeded::add)
                    .onErrorResume(e -> Mono.empty()));
        }
        Flux.merge(Flux.fromIterable(units), 16).then().block(Duration.ofSeconds(120));
        Sql.awaitIdle(ds);

        List<Integer> stored = Sql.query(ds, "SELECT n FROM storm ORDER BY n").map(v -> ((Number) v).intValue())
                .collectList().block();
        List<Integer> firsts = stored.stream().filter(n -> n < 1_000).toList();
        List<Integer> seconds = stored.stream().filter(n -> n >= 1_000).map(n -> n - 1_000).toList();
        assertThat(seconds).as("every unit whole or not at all").containsExactlyElementsOf(firsts);
        assertThat(firsts).as("every unit that reported success is stored").containsAll(succeeded);
        assertThat(succeeded).isNotEmpty().hasSizeLessThan(400);
        assertThat(db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
                + " AND datname = current_database()")).isZero();
        // every pooled connection is outside a transaction: a statement on each sees a new transaction id
        for (int i = 0; i < 8; i++) {
            assertThat(Sql.text(ds, "SELECT CASE WHEN now() = statement_timestamp() THEN 'fresh' ELSE 'stale' END")
                    .block()).isEqualTo("fresh");
        }
    }
}
