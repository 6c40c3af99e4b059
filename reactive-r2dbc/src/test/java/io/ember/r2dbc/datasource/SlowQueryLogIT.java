package io.ember.r2dbc.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ember.core.error.PersistenceException;
import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import reactor.test.StepVerifier;

/** The slow-query log: statements over the threshold logged once at WARN, with their SQL and never their values. */
@ExtendWith(EmberDatabaseExtension.class)
class SlowQueryLogIT {

    private static final String SLEEPY = "SELECT $1::text AS v, pg_sleep(0.3) FROM generate_series(1, 2)";

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger slowLog = (Logger) LoggerFactory.getLogger("io.ember.sql.slow");

    @BeforeEach
    void capture() {
        captured.start();
        slowLog.addAppender(captured);
    }

    @AfterEach
    void release() {
        slowLog.detachAppender(captured);
    }

    @Test
    void aStatementOverTheThresholdIsLoggedOnceWithItsSqlDurationAndRowsButNoValues(EmberDatabase db) {
        PostgresDataSource ds = db.newDataSource(b -> b.slowQueryThreshold(Duration.ofMillis(200)));
        SqlStatement sleepy = new SqlStatement(SLEEPY, List.of("private-value-42"));

        StepVerifier.create(ds.withConnection(c -> ds.runner().query(c, sleepy, 0, (row, meta) -> row.get("v", String.class))))
                .expectNext("private-value-42", "private-value-42")
                .verifyComplete();

        List<ILoggingEvent> slow = logged(ds);
        assertThat(slow).hasSize(1);
        ILoggingEvent event = slow.get(0);
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        String message = event.getFormattedMessage();
        assertThat(message).contains(SLEEPY).contains("2 rows returned").doesNotContain("private-value-42");
        long millis = Long.parseLong(message.replaceAll(".*: (\\d+) ms,.*", "$1"));
        assertThat(millis).isBetween(550L, 60_000L);
    }

    @Test
    void aStatementUnderTheThresholdIsNotLogged(EmberDatabase db) {
        PostgresDataSource ds = db.newDataSource(b -> b.slowQueryThreshold(Duration.ofSeconds(30)));

        StepVerifier.create(ds.withConnection(c -> ds.runner().update(c, SqlStatement.of("SELECT pg_sleep(0.05)"))))
                .expectNextCount(1)
                .verifyComplete();

        assertThat(logged(ds)).isEmpty();
    }

    @Test
    void aSlowFailureIsLoggedWithItsSqlState(EmberDatabase db) {
        PostgresDataSource ds = db.newDataSource(b -> b.slowQueryThreshold(Duration.ofMillis(100)));
        SqlStatement failing = SqlStatement.of("SELECT pg_sleep(0.3), 1 / (random() * 0)::int");

        StepVerifier.create(ds.withConnection(c -> ds.runner().query(c, failing, 0, (row, meta) -> 1)))
                .expectError(PersistenceException.class)
                .verify();

        assertThat(logged(ds)).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("failed with SQLSTATE 22012").contains(failing.sql());
    }

    @Test
    void withoutAThresholdNothingIsLogged(EmberDatabase db) {
        PostgresDataSource ds = db.newDataSource(b -> { });

        StepVerifier.create(ds.withConnection(c -> ds.runner().update(c, SqlStatement.of("SELECT pg_sleep(0.2)"))))
                .expectNextCount(1)
                .verifyComplete();

        assertThat(ds.config().slowQueryThreshold()).isNull();
        assertThat(logged(ds)).isEmpty();
        assertThatThrownBy(() -> PostgresDataSource.builder().slowQueryThreshold(Duration.ofMillis(-1)).buildConfig())
                .hasMessageContaining("slowQueryThreshold");
    }

    private List<ILoggingEvent> logged(PostgresDataSource ds) {
        String name = ds.config().name();
        return List.copyOf(captured.list).stream()
                .filter(e -> e.getFormattedMessage().startsWith("Slow statement on " + name + ":"))
                .toList();
    }
}
