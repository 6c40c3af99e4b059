package io.ember.r2dbc.datasource;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.ConnectionLostException;
import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/**
 * A backend terminated while its connection is idle in the pool (pg_terminate_backend, as a
 * failover or restart does): the next call, made at once, does not fail for a read, and a dead
 * connection is never handed out twice.
 */
@ExtendWith(EmberDatabaseExtension.class)
class DeadConnectionIT {

    private static final int TRIALS = 100;

    @BeforeAll
    static void schema(EmberDatabase db) {
        db.execute("CREATE TABLE dead_writes (n int)");
    }

    private static Mono<Integer> read(PostgresDataSource ds, String sql) {
        SqlStatement statement = SqlStatement.of(sql);
        return ds.withConnection(c -> ds.runner().query(c, statement, 0, (row, m) -> row.get(0, Integer.class)))
                .next();
    }

    private static void terminate(EmberDatabase db, int pid) {
        db.queryLong("SELECT count(*) FROM (SELECT pg_terminate_backend(" + pid + ")) t");
    }

    @Test
    void aReadRightAfterItsBackendWasTerminatedSucceeds(EmberDatabase db) {
        PostgresDataSource ds = db.newDataSource(b -> b.name("dying").maxSize(1));
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        int succeeded = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            int pid = read(ds, "SELECT pg_backend_pid()").block(Duration.ofSeconds(30));
            terminate(db, pid);
            try {
                Integer one = read(ds, "SELECT 1").block(Duration.ofSeconds(30));
                assertThat(one).isEqualTo(1);
                succeeded++;
            } catch (RuntimeException e) {
                failures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
            }
        }
        System.out.printf("terminate, then read at once: %d of %d succeeded; failures %s%n", succeeded, TRIALS, failures);
        assertThat(failures).as("failed reads").isEmpty();
    }

    @Test
    void aWriteRightAfterItsBackendWasTerminatedSucceedsOrFailsTypedAndTheNextCallWorks(EmberDatabase db) {
        PostgresDataSource ds = db.newDataSource(b -> b.name("dying-writes").maxSize(1));
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        int succeeded = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            int pid = read(ds, "SELECT pg_backend_pid()").block(Duration.ofSeconds(30));
            terminate(db, pid);
            SqlStatement insert = new SqlStatement("INSERT INTO dead_writes VALUES ($1)", List.of(trial));
            try {
                ds.withConnection(c -> ds.runner().update(c, insert)).blockLast(Duration.ofSeconds(30));
                succeeded++;
            } catch (ConnectionLostException e) {
                failures.merge(e.getClass().getSimpleName() + " retryable=" + e.isRetryable(), 1, Integer::sum);
            }
            assertThat(read(ds, "SELECT 1").block(Duration.ofSeconds(30))).as("the call after, trial " + trial)
                    .isEqualTo(1);
        }
        System.out.printf("terminate, then write at once: %d of %d succeeded; typed failures %s%n", succeeded,
                TRIALS, failures);
        assertThat(succeeded + failures.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(TRIALS);
    }
}
