package io.ember.r2dbc.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A write that its caller cancels runs at most once on the server: nothing that cleans up after the
 * cancel (the driver drains a released result by subscribing to its statement again) may send the
 * statement a second time.
 */
@ExtendWith(EmberDatabaseExtension.class)
class CancelledWriteRunsOnceIT {

    private static final int TRIALS = Integer.getInteger("ember.cancelledWrites", 400);

    private static PostgresDataSource pool;

    @BeforeAll
    static void table(EmberDatabase db) {
        pool = db.newDataSource(b -> b.maxSize(2).initialSize(1));
        db.execute("CREATE TABLE runs_once (n serial PRIMARY KEY, tag text NOT NULL)");
    }

    @Test
    void aCancelledWriteWithBindValuesIsNeverSentTwice() {
        Flux.range(0, TRIALS).flatMap(i -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            double sleep = r.nextInt(0, 30) / 1000.0;
            return Sql.update(pool, "INSERT INTO runs_once (tag) SELECT $1 FROM pg_sleep($2)", "t" + i, sleep)
                    .take(Duration.ofMillis(r.nextInt(0, 30)))
                    .onErrorResume(e -> Mono.empty());
        }, 4).blockLast(Duration.ofMinutes(2));
        Sql.awaitIdle(pool);
        Mono.delay(Duration.ofSeconds(1)).block();
        List<Object> twice = Sql.query(pool, "SELECT tag FROM runs_once GROUP BY tag HAVING count(*) > 1")
                .collectList().block(Duration.ofSeconds(10));
        long stored = Sql.number(pool, "SELECT count(*) FROM runs_once").block(Duration.ofSeconds(10));
        System.out.printf("CancelledWriteRunsOnceIT: %d of %d cancelled writes stored%n", stored, TRIALS);
        assertThat(twice).as("writes stored twice").isEmpty();
    }
}
