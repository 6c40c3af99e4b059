package io.ember.r2dbc.testing;

import io.ember.r2dbc.datasource.DataSourceConfig;
import io.ember.r2dbc.datasource.PoolStats;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.datasource.QueryListener;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.schema.SchemaGenerator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What {@link EmberDatabaseExtension} gives a test class: the server, a schema of its own, datasources
 * on that schema whose pools are checked for leaked connections after every test, and a
 * {@link QueryCounter} that counts the statements of every one of them.
 *
 * <p>The methods that wait ({@link #execute}, {@link #queryLong}, {@link #createTables}) are for test
 * code, such as {@code @BeforeAll} methods; never call them on a Reactor thread.
 */
public final class EmberDatabase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final TestDatabase.Server server;
    private final String schema;
    private final QueryCounter queries = new QueryCounter();
    private final List<PostgresDataSource> dataSources = new CopyOnWriteArrayList<>();
    private final PostgresDataSource dataSource;

    EmberDatabase(TestDatabase.Server server, String schema) {
        this.server = server;
        this.schema = schema;
        this.dataSource = newDataSource(b -> { });
    }

    /** The server of this JVM. */
    public TestDatabase.Server server() {
        return server;
    }

    /** The schema of this test class (unquoted, lower case). */
    public String schema() {
        return schema;
    }

    /** The class's datasource: pool of 10 on its schema. */
    public PostgresDataSource dataSource() {
        return dataSource;
    }

    /** The statements run on this class's datasources; the extension resets it before each test method. */
    public QueryCounter queries() {
        return queries;
    }

    /** A repository of this model on the class's datasource, with the default settings. */
    public <T, ID> DefaultCrudRepository<T, ID> repository(Class<T> model) {
        return new DefaultCrudRepository<>(model, dataSource);
    }

    /**
     * Creates the tables of these models in the class's schema, with their keys, constraints, foreign
     * keys and indexes ({@link SchemaGenerator#create}), in one transaction, and waits.
     */
    public void createTables(Class<?>... models) {
        SchemaGenerator.create(dataSource, models).block(WAIT);
    }

    /** A builder for the server, without a schema: for tests and tools that set up their own. */
    public static DataSourceConfig.Builder builderFor(TestDatabase.Server server) {
        return PostgresDataSource.builder().host(server.host()).port(server.port()).database(server.database())
                .user(server.user()).password(server.password());
    }

    /**
     * Runs one statement on the server's database outside any test schema ({@code CREATE DATABASE},
     * {@code CREATE SCHEMA}), on a datasource of its own that it closes, and waits.
     */
    public static void executeOnServer(TestDatabase.Server server, String sql) {
        try (PostgresDataSource admin = builderFor(server).name("ember-test-admin").build()) {
            admin.withConnection(c -> Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.getRowsUpdated()))
                    .then()
                    .block(WAIT);
        }
    }

    /**
     * Another datasource on the class's schema, customised; closed and leak-checked like the first, and
     * counted by {@link #queries()} (as well as by a query listener the customizer sets).
     */
    public PostgresDataSource newDataSource(Consumer<DataSourceConfig.Builder> customizer) {
        DataSourceConfig.Builder b = builderFor(server).schema(schema).name("it-" + schema + "-" + dataSources.size());
        customizer.accept(b);
        QueryListener own = b.buildConfig().queryListener();
        b.queryListener(own == null ? queries : event -> {
            queries.onQuery(event);
            own.onQuery(event);
        });
        PostgresDataSource ds = b.build();
        dataSources.add(ds);
        return ds;
    }

    /** Runs SQL statements one after the other on the class's schema, and waits. */
    public void execute(String... statements) {
        Flux.fromArray(statements)
                .concatMap(sql -> dataSource.withConnection(c -> Flux.from(c.createStatement(sql).execute())
                        .concatMap(r -> r.getRowsUpdated())))
                .then()
                .block(WAIT);
    }

    /** The first column of the first row of a query, as a long (0 when there is no row), and waits. */
    public long queryLong(String sql) {
        Long value = dataSource.withConnection(c -> Flux.from(c.createStatement(sql).execute())
                        .concatMap(r -> r.map((row, meta) -> ((Number) row.get(0)).longValue())))
                .next()
                .block(WAIT);
        return value == null ? 0 : value;
    }

    /**
     * Waits until no connection of any datasource of this class is acquired, up to a few seconds
     * (connections go back to the pool asynchronously after a cancel).
     *
     * @throws AssertionError naming the datasource and its pool state when one stays acquired
     */
    void assertNoAcquiredConnection() {
        for (PostgresDataSource ds : dataSources) {
            if (ds.isClosed()) {
                continue;
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            PoolStats stats = ds.stats();
            while (stats.acquired() > 0 && System.nanoTime() < deadline) {
                Mono.delay(Duration.ofMillis(20)).block();
                stats = ds.stats();
            }
            if (stats.acquired() > 0) {
                throw new AssertionError("Connection leak: " + ds + " still has " + stats.acquired()
                        + " acquired connection(s) after the test: " + stats);
            }
        }
    }

    void close() {
        for (PostgresDataSource ds : dataSources) {
            ds.close();
        }
    }
}
