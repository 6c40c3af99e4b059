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
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cancels {@code createAll}s whose chunks go through COPY (three chunks of 1,000 rows: per chunk the
 * ids from the sequence, then the COPY, in one transaction) at a random point: while acquiring, during
 * BEGIN, while the ids are read, during a COPY's data, between chunks, during COMMIT. Afterwards every
 * {@code createAll} is stored whole or not at all, every one that reported success is stored, the ids
 * it returned are the ids stored, and no connection is acquired or idle in a transaction.
 *
 * <p>{@code -Dember.storm.copies=N} sets the number of {@code createAll}s, and of loads in the second
 * storm (default 150 each, a size for CI).
 */
@ExtendWith(EmberDatabaseExtension.class)
class CopyCancelStormIT {

    private static final int CREATE_ALLS = Integer.getInteger("ember.storm.copies", 150);
    private static final int CHUNK = 1_000;
    private static final int ROWS = 3 * CHUNK;
    /** The load storm's batch numbers start here, apart from the createAll storm's. */
    private static final int LOAD_BATCHES = 1_000_000;

    @Model(table = "copy_storm_rows")
    record StormRow(@Id Long id, int batch, int n) {
    }

    private static EmberDatabase db;
    private static PostgresDataSource ds;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        ds = db.newDataSource(b -> b.maxSize(4));
        SchemaGenerator.createTables(ds, StormRow.class).block(Duration.ofSeconds(30));
    }

    @Test
    void cancelledCopyCreateAllsAreWholeOrAbsentAndLeaveNoConnectionBehind() {
        Random random = new Random(7);
        long[] cancelAfter = random.longs(CREATE_ALLS, 0, 400_000_001).toArray();
        var rows = new DefaultCrudRepository<>(StormRow.class, ds, RepositorySettings.defaults().withBatchSize(CHUNK));
        Map<Integer, Long> returnedIdSums = new ConcurrentHashMap<>();
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        Map<String, Integer> failures = storm(0, cancelAfter, batch -> rows.createAll(
                        Flux.range(0, ROWS).map(n -> new StormRow(null, batch, n)))
                .reduce(0L, (sum, row) -> sum + row.id())
                .doOnNext(sum -> {
                    returnedIdSums.put(batch, sum);
                    done.add(batch);
                }));

        Map<Integer, Long> rowsPerBatch = Sql.query(ds, "SELECT batch FROM copy_storm_rows WHERE batch < $1", LOAD_BATCHES)
                .map(v -> ((Number) v).intValue()).collect(Collectors.groupingBy(n -> n, Collectors.counting()))
                .block(Duration.ofMinutes(1));
        Map<Integer, Long> idSums = Sql.query(ds, "SELECT batch || ':' || sum(id) FROM copy_storm_rows WHERE batch < $1"
                        + " GROUP BY batch", LOAD_BATCHES)
                .map(String::valueOf)
                .collectMap(s -> Integer.valueOf(s.substring(0, s.indexOf(':'))), s -> Long.valueOf(s.substring(s.indexOf(':') + 1)))
                .block(Duration.ofMinutes(1));
        System.out.printf("COPY cancel storm: %d createAlls of %d rows; stored %d, reported success %d; failures %s%n",
                CREATE_ALLS, ROWS, rowsPerBatch.size(), done.size(), failures);
        assertThat(failures).as("no createAll fails: they complete or are cancelled").isEmpty();
        assertThat(rowsPerBatch.values()).as("every createAll whole or not at all").containsOnly((long) ROWS);
        assertThat(rowsPerBatch.keySet()).as("every createAll that reported success is stored").containsAll(done);
        for (int batch : done) {
            assertThat(idSums.get(batch)).as("the ids createAll %d returned are the ids stored", batch)
                    .isEqualTo(returnedIdSums.get(batch));
        }
        assertThat(done).as("some createAlls succeed, some are cancelled").isNotEmpty().hasSizeLessThan(CREATE_ALLS);
        assertThat(ds.stats().acquired()).as("connections acquired after the storm").isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
                + " AND datname = current_database()")).as("connections idle in transaction").isZero();
    }

    /**
     * The same for {@code load} on connections of its own (no transaction): one COPY each, cancelled at a
     * random point; a COPY that ended early discards its connection. Every load whole or absent, no
     * connection left acquired.
     */
    @Test
    void cancelledLoadsAreWholeOrAbsentAndLeaveNoConnectionBehind() {
        Random random = new Random(11);
        long[] cancelAfter = random.longs(CREATE_ALLS, 0, 150_000_001).toArray();
        var rows = new DefaultCrudRepository<>(StormRow.class, ds);
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        Map<String, Integer> failures = storm(LOAD_BATCHES, cancelAfter, batch -> rows.load(
                        Flux.range(0, ROWS).map(n -> new StormRow(null, batch, n)))
                .doOnNext(count -> {
                    assertThat(count).isEqualTo(ROWS);
                    done.add(batch);
                }));
        Map<Integer, Long> rowsPerBatch = Sql.query(ds, "SELECT batch FROM copy_storm_rows WHERE batch >= $1", LOAD_BATCHES)
                .map(v -> ((Number) v).intValue()).collect(Collectors.groupingBy(n -> n, Collectors.counting()))
                .block(Duration.ofMinutes(1));
        System.out.printf("COPY load cancel storm: %d loads of %d rows; stored %d, reported success %d; failures %s%n",
                CREATE_ALLS, ROWS, rowsPerBatch.size(), done.size(), failures);
        assertThat(failures).as("no load fails: they complete or are cancelled").isEmpty();
        assertThat(rowsPerBatch.values()).as("every load whole or not at all").containsOnly((long) ROWS);
        assertThat(rowsPerBatch.keySet()).as("every load that reported success is stored").containsAll(done);
        assertThat(done).as("some loads succeed, some are cancelled").isNotEmpty().hasSizeLessThan(CREATE_ALLS);
        assertThat(ds.stats().acquired()).as("connections acquired after the storm").isZero();
    }

    /**
     * Runs one operation per batch number from {@code first}, 16 at a time, the i-th cancelled
     * {@code cancelAfter[i]} ns after its subscription; waits until no connection is acquired (at most
     * 10 s) and returns the errors met, by class name.
     */
    private static Map<String, Integer> storm(int first, long[] cancelAfter, IntFunction<Mono<?>> operation) {
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        Flux.range(first, cancelAfter.length)
                .flatMap(batch -> operation.apply(batch)
                        .takeUntilOther(Mono.delay(Duration.ofNanos(cancelAfter[batch - first])))
                        .onErrorResume(e -> {
                            failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                            return Mono.empty();
                        }), 16)
                .then()
                .block(Duration.ofMinutes(10));
        Sql.awaitIdle(ds);
        return failures;
    }
}
