package io.ember.r2dbc.testing;

import io.ember.r2dbc.datasource.PostgresDataSource;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import reactor.core.publisher.Flux;

/**
 * Gives an integration test class a real PostgreSQL ({@link TestDatabase}) and a schema of its own,
 * created before the class and dropped after it, so classes can run in any order. Injects
 * {@link EmberDatabase} and {@link PostgresDataSource} parameters. After every test it fails the
 * test if any pooled connection is still acquired.
 *
 * <pre>{@code
 * @ExtendWith(EmberDatabaseExtension.class)
 * class UserRepositoryIT {
 *     @BeforeAll static void schema(EmberDatabase db) { db.execute("CREATE TABLE ..."); }
 *     @Test void findsById(PostgresDataSource ds) { ... }
 * }
 * }</pre>
 */
public final class EmberDatabaseExtension implements BeforeAllCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EmberDatabaseExtension.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        database(context).assertNoAcquiredConnection();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmberDatabase.class || type == PostgresDataSource.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        EmberDatabase db = database(context);
        return parameter.getParameter().getType() == EmberDatabase.class ? db : db.dataSource();
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
        try (PostgresDataSource admin = EmberDatabase.builderFor(server).name("it-admin").build()) {
            admin.withConnection(c -> Flux.from(c.createStatement("CREATE SCHEMA \"" + schema + "\"").execute())
                            .concatMap(r -> r.getRowsUpdated()))
                    .then()
                    .block(Duration.ofSeconds(60));
        }
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
            try (PostgresDataSource admin = EmberDatabase.builderFor(db.server()).name("it-admin").build()) {
                admin.withConnection(c -> Flux.from(
                                c.createStatement("DROP SCHEMA IF EXISTS \"" + db.schema() + "\" CASCADE").execute())
                                .concatMap(r -> r.getRowsUpdated()))
                        .then()
                        .block(Duration.ofSeconds(60));
            }
        }
    }
}
