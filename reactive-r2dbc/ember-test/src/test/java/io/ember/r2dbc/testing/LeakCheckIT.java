package io.ember.r2dbc.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/** The leak check itself: a connection left acquired fails the check, naming the pool. */
@ExtendWith(EmberDatabaseExtension.class)
class LeakCheckIT {

    @Test
    void aConnectionLeftAcquiredFailsTheCheck(EmberDatabase db) {
        var ds = db.newDataSource(b -> b.name("leaky"));
        Connection leaked = ds.acquire().block(Duration.ofSeconds(10));
        try {
            assertThatThrownBy(db::assertNoAcquiredConnection).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("leaky").hasMessageContaining("1 acquired");
        } finally {
            Mono.from(leaked.close()).block(Duration.ofSeconds(10));
        }
    }
}
