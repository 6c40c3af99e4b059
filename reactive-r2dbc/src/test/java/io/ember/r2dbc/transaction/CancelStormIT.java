package io.ember.r2dbc.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.repository.RepositorySettings;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Cancels transactions at every point of their life (while acquiring, during BEGIN, between and
 * during statements, during COMMIT): afterwards every unit is stored whole or not at all, every unit
 * that reported success is stored (a unit cancelled while its COMMIT was already on the wire may be
 * stored too: the client cannot know), and no pooled connection is left inside a transaction.
 *
 * <p>The storm's size is {@code -Dember.storm.units} units of each kind (default 2,000, a size for
 * CI; the full size is 40,000).
 */
@ExtendWith(EmberDatabaseExtension.class)
class CancelStormIT {

    /** Units of each kind in {@link #stormOfUnitsAndMultiChunkCreateAllsLeavesEveryUnitWholeOrAbsent()}. */
    private static final int STORM_UNITS = Integer.getInteger("ember.storm.units", 2_000);
    private static final int ROWS_PER_CREATE_ALL = 30;
    private static final int CHUNK = 10;

    @Model(table = "storm_rows")
    record StormRow(@Id Long id, int batch, int n) {
    }

    private static EmberDatabase db;
    private static PostgresDataSource ds;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        ds = db.newDataSource(b -> b.maxSize(4));
        db.execute("CREATE TABLE storm (n int PRIMARY KEY)",
                "CREATE TABLE storm_parts (unit int NOT NULL, part int NOT NULL,"
                        // where a part was stored, so that a unit stored in part says how it happened
                        + " xid bigint NOT NULL DEFAULT txid_current(), pid int NOT NULL DEFAULT pg_backend_pid(),"
                        + " at timestamptz NOT NULL DEFAULT clock_timestamp(), PRIMARY KEY (unit, part))");
        SchemaGenerator.createTables(ds, StormRow.class).block(Duration.ofSeconds(30));
    }

    /**
     * The storm: units of three inserts in a transaction and multi-chunk {@code createAll}s
     * (three chunks, hence a transaction), interleaved, cancelled at a random point 0-10 ms after a
     * clock starts, 32 at a time on a pool of 4. For half of them the clock starts at subscription,
     * so most are cancelled while waiting for a connection or during BEGIN (the race of a cancel with
     * the connection's delivery); for the other half it starts when the unit's work starts, after
     * BEGIN, so the cancel lands during the statements or the COMMIT whatever the load of the machine.
     * Every unit is stored whole or not at all, every reported success is stored, and afterwards no
     * connection is acquired or idle in a transaction.
     */
    /** The parts of units stored in part, and every part stored in the same transactions (unit:part@pid at time). */
    private static String partialUnits() {
        return Sql.query(ds, "SELECT coalesce(string_agg(format('xid %s: %s', xid, parts), E'\\n'), 'none') FROM (SELECT xid,"
                        + " string_agg(format('%s:%s@%s at %s', unit, part, pid, at), ', ' ORDER BY at) AS parts"
                        + " FROM storm_parts WHERE xid IN (SELECT xid FROM storm_parts WHERE unit IN"
                        + " (SELECT unit FROM storm_parts GROUP BY unit HAVING count(*) <> 3)) GROUP BY xid) t")
                .map(String::valueOf).blockLast(Duration.ofMinutes(1));
    }

    @Test
    void stormOfUnitsAndMultiChunkCreateAllsLeavesEveryUnitWholeOrAbsent() {
        Random random = new Random(42);
        long[] cancelAfter = random.longs(2L * STORM_UNITS, 0, 10_000_001).toArray();
        var rows = new DefaultCrudRepository<>(StormRow.class, ds, RepositorySettings.defaults().withBatchSize(CHUNK));
        Set<Integer> unitsDone = ConcurrentHashMap.newKeySet();
        Set<Integer> batchesDone = ConcurrentHashMap.newKeySet();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        Flux.range(0, 2 * STORM_UNITS)
                .flatMap(i -> {
                    int number = i / 2;
                    Sinks.Empty<Void> started = Sinks.empty();
                    Mono<Integer> work = i % 2 == 0
                            ? ds.transactions().transactional(Mono.defer(() -> {
                                        started.tryEmitEmpty();
                                        return Sql.update(ds, "INSERT INTO storm_parts VALUES ($1, 0)", number)
                                                .then(Sql.update(ds, "INSERT INTO storm_parts VALUES ($1, 1)", number))
                                                .then(Sql.update(ds, "INSERT INTO storm_parts VALUES ($1, 2)", number))
                                                .thenReturn(number);
                                    }))
                                    .doOnNext(unitsDone::add)
                            : rows.createAll(Flux.defer(() -> {
                                        started.tryEmitEmpty();
                                        return Flux.range(0, ROWS_PER_CREATE_ALL).map(n -> new StormRow(null, number, n));
                                    }))
                                    .count()
                                    .doOnNext(count -> {
                                        assertThat(count).isEqualTo(ROWS_PER_CREATE_ALL);
                                        batchesDone.add(number);
                                    })
                                    .thenReturn(number);
                    Duration delay = Duration.ofNanos(cancelAfter[i]);
                    Mono<Long> cancel = (i / 2) % 2 == 0 ? Mono.delay(delay) : started.asMono().then(Mono.delay(delay));
                    return work.takeUntilOther(cancel)
                            .onErrorResume(e -> {
                                failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                                return Mono.empty();
                            });
                }, 32)
                .then()
                .block(Duration.ofMinutes(30));
        long stormMillis = (System.nanoTime() - start) / 1_000_000;
        Sql.awaitIdle(ds);

        Map<Integer, Long> partsPerUnit = Sql.query(ds, "SELECT unit FROM storm_parts")
                .map(v -> ((Number) v).intValue()).collect(Collectors.groupingBy(n -> n, Collectors.counting()))
                .block(Duration.ofMinutes(1));
        Map<Integer, Long> rowsPerBatch = Sql.query(ds, "SELECT batch FROM storm_rows")
                .map(v -> ((Number) v).intValue()).collect(Collectors.groupingBy(n -> n, Collectors.counting()))
                .block(Duration.ofMinutes(1));
        System.out.printf("cancel storm: %d units + %d createAlls in %d ms; stored %d units, %d createAlls;"
                        + " reported success %d units, %d createAlls; failures %s%n", STORM_UNITS, STORM_UNITS,
                stormMillis, partsPerUnit.size(), rowsPerBatch.size(), unitsDone.size(), batchesDone.size(), failures);
        assertThat(failures).as("no unit fails: they complete or are cancelled").isEmpty();
        assertThat(partsPerUnit.values()).as("every unit of three inserts whole or not at all; units stored in part,"
                + " with the transaction of each part and every row of those transactions:%n%s", partialUnits())
                .containsOnly(3L);
        assertThat(rowsPerBatch.values()).as("every createAll whole or not at all")
                .containsOnly((long) ROWS_PER_CREATE_ALL);
        assertThat(partsPerUnit.keySet()).as("every unit that reported success is stored").containsAll(unitsDone);
        assertThat(rowsPerBatch.keySet()).as("every createAll that reported success is stored")
                .containsAll(batchesDone);
        assertThat(unitsDone).as("some units succeed, some are cancelled").isNotEmpty()
                .hasSizeLessThan(STORM_UNITS);
        assertThat(batchesDone).as("some createAlls succeed, some are cancelled").isNotEmpty()
                .hasSizeLessThan(STORM_UNITS);
        assertThat(ds.stats().acquired()).as("connections acquired after the storm").isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
                + " AND datname = current_database()")).as("connections idle in transaction").isZero();
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
            // every fourth unit gets up to 400 ms, so that some succeed even on a loaded machine
            int bound = number % 4 == 0 ? 400_000_000 : 40_000_000;
            units.add(unit.timeout(Duration.ofNanos(random.nextInt(bound)), Mono.empty())
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
