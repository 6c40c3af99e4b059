package io.ember.r2dbc.testing;

import io.ember.r2dbc.datasource.PostgresDataSource;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a real PostgreSQL ({@link TestDatabase}) and a schema of its own, created before
 * the class and dropped after it, so classes can run in any order. Injects {@link EmberDatabase},
 * {@link PostgresDataSource} (on the class's schema) and {@link QueryCounter} parameters into
 * constructors, lifecycle methods and test methods. Right before each test method it resets the
 * counter; after every test it fails the test if any pooled connection of the class's datasources is
 * still acquired (waiting up to 5 seconds for connections that go back asynchronously).
 *
 * <pre>{@code
 * @ExtendWith(EmberDatabaseExtension.class)
 * class UserRepositoryTest {
 *     @BeforeAll static void schema(EmberDatabase db) { db.createTables(User.class); }
 *     @Test void findsById(PostgresDataSource ds, QueryCounter queries) { ... }
 * }
 * }</pre>
 *
 * <p>Nested test classes share their outer class's schema.
 */
public final class EmberDatabaseExtension
        implements BeforeAllCallback, BeforeTestExecutionCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EmberDatabaseExtension.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** Created by JUnit from {@code @ExtendWith}. */
    public EmberDatabaseExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        database(context).queries().reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        database(context).assertNoAcquiredConnection();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmberDatabase.class || type == PostgresDataSource.class || type == QueryCounter.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        EmberDatabase db = database(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == EmberDatabase.class) {
            return db;
        }
        return type == QueryCounter.class ? db.queries() : db.dataSource();
    }

    private static EmberDatabase database(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NS).getOrComputeIfAbsent("db", k -> new Resource(create(classContext)),
                Resource.class).db;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestClass().isPresent() && c.getParent().isPresent()
                && c.getParent().get().getTestClass().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static EmberDatabase create(ExtensionContext context) {
        TestDatabase.Server server = TestDatabase.server();
        String name = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
        String schema = "it_" + name.replaceAll("[^a-z0-9_]", "_") + "_" + ProcessHandle.current().pid()
                + "_" + COUNTER.incrementAndGet();
        EmberDatabase.executeOnServer(server, "CREATE SCHEMA \"" + schema + "\"");
        return new EmberDatabase(server, schema);
    }

    /** Closes the class's datasources and drops its schema when the class is done. */
    private static final class Resource implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        final EmberDatabase db;

        Resource(EmberDatabase db) {
            this.db = db;
        }

        @Override
        public void close() {
            db.close();
            EmberDatabase.executeOnServer(db.server(), "DROP SCHEMA IF EXISTS \"" + db.schema() + "\" CASCADE");
        }
    }
}
