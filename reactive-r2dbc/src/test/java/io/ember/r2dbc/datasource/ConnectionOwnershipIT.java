package io.ember.r2dbc.datasource;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.PoolExhaustedException;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A connection that reached a subscriber belongs to that subscriber until it closes it, whatever
 * the subscriber cancels afterwards; a subscriber that cancels before the connection arrives never
 * gets it, and the connection goes back to the pool.
 */
@ExtendWith(EmberDatabaseExtension.class)
class ConnectionOwnershipIT {

    @Test
    void aConnectionDeliveredBeforeACancelStaysWithItsSubscriber(EmberDatabase db) {
        PostgresDataSource ds = db.newDataSource(b -> b.maxSize(1).initialSize(1)
                .acquireTimeout(Duration.ofMillis(300)));
        // take(1) cancels the acquire after onNext and before onComplete: the case of the issue
        Connection first = Flux.from(ds.acquire()).take(1).next().block(Duration.ofSeconds(10));
        assertThat(first).isNotNull();
        try {
            assertThat(ds.stats().acquired()).as("the connection is still held by its subscriber").isEqualTo(1);
            StepVerifier.create(ds.acquire())
                    .expectError(PoolExhaustedException.class)
                    .verify(Duration.ofSeconds(10));
        } finally {
            Mono.from(first.close()).block(Duration.ofSeconds(10));
        }
        assertThat(ds.stats().acquired()).isZero();
        StepVerifier.create(ds.acquire().flatMap(c -> Mono.from(c.close()))).verifyComplete();
    }
}
