package io.ember.r2dbc.testing;

import io.ember.r2dbc.datasource.DataSourceConfig;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.datasource.PoolStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What {@link EmberDatabaseExtension} gives a test class: the server, a schema of its own, and
 * datasources on that schema whose pools are checked for leaked connections after every test.
 */
public final class EmberDatabase {

    private final TestDatabase.Server server;
    private final String schema;
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

    /** A builder for the server, without a schema: for tests and tools that set up their own. */
    public static DataSourceConfig.Builder builderFor(TestDatabase.Server server) {
        return PostgresDataSource.builder().host(server.host()).port(server.port()).database(server.database())
                .user(server.user()).password(server.password());
    }

    /** Another datasource on the class's schema, customised; closed and leak-checked like the first. */
    public PostgresDataSource newDataSource(Consumer<DataSourceConfig.Builder> customizer) {
        DataSourceConfig.Builder b = builderFor(server).schema(schema).name("it-" + schema + "-" + dataSources.size());
        customizer.accept(b);
        PostgresDataSource ds = b.build();
        dataSources.add(ds);
        return ds;
    }

    /** Runs SQL statements one after the other on the class's schema and waits (test code only). */
    public void execute(String... statements) {
        Flux.fromArray(statements)
                .concatMap(sql -> dataSource.withConnection(c -> Flux.from(c.createStatement(sql).execute())
                        .concatMap(r -> r.getRowsUpdated())))
                .then()
                .block(Duration.ofSeconds(60));
    }

    /** The first column of the first row of a query, as a long (test code only). */
    public long queryLong(String sql) {
        Long value = dataSource.withConnection(c -> Flux.from(c.createStatement(sql).execute())
                        .concatMap(r -> r.map((row, meta) -> ((Number) row.get(0)).longValue())))
                .next()
                .block(Duration.ofSeconds(60));
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
