package io.ember.benchmarks;

import io.ember.r2dbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The database every benchmark of a fork shares: provisioned once per JVM by the project's rule
 * ({@link TestDatabase}: external server, Testcontainers, else embedded PostgreSQL), with
 * {@value #SEED_ROWS} rows in {@code bench_item} and an empty {@code bench_insert} for the insert
 * scenarios. Setup uses plain JDBC so that no library under test warms up here.
 */
public final class BenchDatabase {

    /** Rows seeded in {@code bench_item}; ids run from 1 to this. */
    public static final int SEED_ROWS = 100_000;

    /** Connections in every library's pool. */
    public static final int POOL_SIZE = 8;

    /** The columns every library reads, in this order. */
    public static final String COLUMNS = "id, name, qty, created_at";

    private static volatile TestDatabase.Server server;

    private BenchDatabase() {
    }

    /** The server, provisioned and seeded on first call in this JVM. */
    public static synchronized TestDatabase.Server server() {
        if (server == null) {
            TestDatabase.Server s = TestDatabase.server();
            seed(s);
            System.out.println("# bench postgres: " + version(s));
            server = s;
        }
        return server;
    }

    /** The server when this JVM provisioned one already, else {@code null} (for profilers). */
    static TestDatabase.Server serverIfStarted() {
        return server;
    }

    /** Empties {@code bench_insert} so insert scenarios do not grow it without bound. */
    public static void truncateInserts() {
        execute(server(), "TRUNCATE bench_insert RESTART IDENTITY");
    }

    /** A JDBC connection outside every pool under test. */
    static Connection jdbc(TestDatabase.Server s) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", s.user());
        p.setProperty("password", s.password());
        return DriverManager.getConnection(s.jdbcUrl(), p);
    }

    private static String version(TestDatabase.Server s) {
        try (Connection c = jdbc(s); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        } catch (SQLException e) {
            return "PostgreSQL (version unknown: " + e.getMessage() + ")";
        }
    }

    private static void seed(TestDatabase.Server s) {
        execute(s,
                "DROP TABLE IF EXISTS bench_item",
                "DROP TABLE IF EXISTS bench_insert",
                "CREATE TABLE bench_item (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, "
                        + "qty int NOT NULL, created_at timestamptz NOT NULL)",
                "CREATE TABLE bench_insert (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, "
                        + "qty int NOT NULL, created_at timestamptz NOT NULL)",
                // qty cycles 0..999 (100 rows per value); names and timestamps vary per row.
                "INSERT INTO bench_item (name, qty, created_at) SELECT 'item-' || g, g % 1000, "
                        + "timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second' "
                        + "FROM generate_series(1, " + SEED_ROWS + ") g",
                "CREATE INDEX bench_item_qty ON bench_item (qty)",
                "VACUUM ANALYZE bench_item",
                "ANALYZE bench_insert");
    }

    private static void execute(TestDatabase.Server s, String... sql) {
        try (Connection c = jdbc(s); Statement st = c.createStatement()) {
            for (String q : sql) {
                st.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Benchmark database setup failed: " + e.getMessage(), e);
        }
    }
}
