package io.ember.benchmarks;

import io.ember.core.filter.Filter;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

/**
 * Streaming {@value #ROWS} rows ({@code SELECT id, name, qty, created_at FROM bench_stream}, no order,
 * no limit) into records, outside a transaction, with a subscriber that asks for 1,000 rows at a time
 * ({@code limitRate(1000)}): Ember's {@code find(Filter.empty())} with its default fetch size (a portal of
 * 1,000 rows), the raw driver with {@code fetchSize(1000)}, and JDBC with {@code setFetchSize(1000)} in a
 * transaction (pgjdbc streams only with autocommit off). One invocation is the whole stream;
 * the score is the time per row ({@code rows/s = 1e9 / score}). About 3-4 minutes with {@code -f 2} on a quiet 2-core machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 4)
@Fork(1)
public class StreamBenchmark {

    static final int ROWS = 1_000_000;
    static final int FETCH = 1_000;
    static final String SELECT = "SELECT " + BenchDatabase.COLUMNS + " FROM bench_stream";

    /** {@code bench_stream} for Ember. */
    @Model(table = "bench_stream")
    public record StreamItem(@Id Long id, String name, int qty, Instant createdAt) {
    }

    @Param({"ember", "raw", "jdbc"})
    public String library;

    private PostgresDataSource ember;
    private DefaultCrudRepository<StreamItem, Long> items;
    private ConnectionPool raw;
    private java.sql.Connection jdbc;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        TestDatabase.Server server = BenchDatabase.server();
        seed(server);
        switch (library) {
            case "ember" -> {
                ember = EmberDatabase.builderFor(server).name("bench-stream").applicationName("bench")
                        .initialSize(1).maxSize(2).acquireTimeout(Duration.ofSeconds(60))
                        .forceBinary(Tuning.FORCE_BINARY).build();
                items = new DefaultCrudRepository<>(StreamItem.class, ember);
            }
            case "raw" -> raw = Tuning.r2dbcPool(server);
            case "jdbc" -> {
                jdbc = BenchDatabase.jdbc(server);
                jdbc.setAutoCommit(false);
            }
            default -> throw new IllegalArgumentException("Unknown library: " + library);
        }
    }

    private static void seed(TestDatabase.Server server) throws SQLException {
        try (java.sql.Connection c = BenchDatabase.jdbc(server); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'bench_stream'")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    try (ResultSet n = st.executeQuery("SELECT count(*) FROM bench_stream")) {
                        n.next();
                        if (n.getLong(1) == ROWS) {
                            return;
                        }
                    }
                }
            }
            st.execute("DROP TABLE IF EXISTS bench_stream");
            st.execute("CREATE TABLE bench_stream (id bigint PRIMARY KEY, name text NOT NULL, qty int NOT NULL,"
                    + " created_at timestamptz NOT NULL)");
            st.execute("INSERT INTO bench_stream SELECT g, 'item-' || g, g % 1000,"
                    + " timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second' FROM generate_series(1, " + ROWS + ") g");
            st.execute("VACUUM ANALYZE bench_stream");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        if (ember != null) {
            ember.close();
        }
        if (raw != null) {
            raw.dispose();
        }
        if (jdbc != null) {
            jdbc.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long stream() throws SQLException {
        long n = switch (library) {
            case "ember" -> items.find(Filter.empty()).limitRate(FETCH).count().block(Duration.ofMinutes(5));
            case "raw" -> Flux.usingWhen(raw.create(),
                            c -> Flux.from(c.createStatement(SELECT).fetchSize(FETCH).execute())
                                    .concatMap(r -> r.map(RawR2dbcPeer::item)),
                            Connection::close, (c, e) -> c.close(), Connection::close)
                    .limitRate(FETCH).count().block(Duration.ofMinutes(5));
            default -> jdbcStream();
        };
        if (n != ROWS) {
            throw new IllegalStateException(library + " streamed " + n + " rows, expected " + ROWS);
        }
        return n;
    }

    private long jdbcStream() throws SQLException {
        long n = 0;
        try (PreparedStatement ps = jdbc.prepareStatement(SELECT)) {
            ps.setFetchSize(FETCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Item item = new Item(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getTimestamp(4).toInstant());
                    n += item.qty() >= 0 ? 1 : 0;
                }
            }
        }
        jdbc.commit();
        return n;
    }
}
