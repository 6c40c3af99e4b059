package io.ember.r2dbc.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Test classes that use the extension as a user's would, run through the JUnit launcher by the
 * extension's own tests, which then look at what happened. Nested, so Maven's test plugins skip them.
 */
final class Fixtures {

    /** The schemas the fixture classes were given, in the order they ran. */
    static final List<String> SCHEMAS = new CopyOnWriteArrayList<>();
    /** Connections the leaking fixture left acquired, for the test to close afterwards. */
    static final List<Connection> LEAKED = new CopyOnWriteArrayList<>();

    private Fixtures() {
    }

    @Model(table = "notes")
    record Note(@Id Long id, String body) {
    }

    /** Runs test classes with the JUnit launcher and returns the summary (tests run, failures with their exceptions). */
    static TestExecutionSummary run(Class<?>... classes) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> c : classes) {
            request.selectors(selectClass(c));
        }
        LauncherFactory.create().execute(request.build(), listener);
        return listener.getSummary();
    }

    /** Leaves a connection acquired: the leak check must fail this test. */
    @ExtendWith(EmberDatabaseExtension.class)
    static class LeakingTests {

        @Test
        void forgetsToCloseAConnection(PostgresDataSource ds) {
            LEAKED.add(ds.acquire().block(Duration.ofSeconds(10)));
        }
    }

    /** Records its schema and creates a table there; two subclasses create the same table, which must not clash. */
    @ExtendWith(EmberDatabaseExtension.class)
    abstract static class SchemaTests {

        @Test
        void writesANote(EmberDatabase db) {
            SCHEMAS.add(db.schema());
            db.createTables(Note.class);
            db.execute("INSERT INTO notes (body) VALUES ('" + getClass().getSimpleName() + "')");
        }
    }

    static class FirstSchemaTests extends SchemaTests {
    }

    static class SecondSchemaTests extends SchemaTests {
    }
}
