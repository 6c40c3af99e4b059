package io.ember.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ember.r2dbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The blocking baseline: pgjdbc with HikariCP (8 connections). Concurrency comes from worker
 * threads ({@link Concurrency#blocking}); {@code createAll} is one batch with
 * {@code reWriteBatchedInserts=true} in one transaction.
 */
final class JdbcPeer implements Peer {

    private static final String INSERT = "INSERT INTO bench_insert (name, qty, created_at) VALUES (?, ?, ?)";

    private final HikariDataSource pool;
    private List<Item> rows = List.of();

    JdbcPeer(TestDatabase.Server server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(BenchDatabase.POOL_SIZE);
        config.setMinimumIdle(BenchDatabase.POOL_SIZE);
        config.setPoolName("bench-jdbc");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "bench");
        this.pool = new HikariDataSource(config);
    }

    private static Item item(ResultSet rs) throws SQLException {
        return new Item(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getTimestamp(4).toInstant());
    }

    @Override
    public long findById(long[] ids, int inFlight) {
        return Concurrency.blocking(ids.length, inFlight, i -> {
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement(RawR2dbcPeer.FIND_BY_ID.replace("$1", "?"))) {
                ps.setLong(1, ids[i]);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? item(rs).qty() : 0;
                }
            }
        });
    }

    @Override
    public long find(int[] bounds, int inFlight) {
        return Concurrency.blocking(bounds.length, inFlight, i -> {
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement(RawR2dbcPeer.FIND.replace("$1", "?"))) {
                ps.setInt(1, bounds[i]);
                long n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        item(rs);
                        n++;
                    }
                }
                return n;
            }
        });
    }

    @Override
    public long count(int[] bounds, int inFlight) {
        return Concurrency.blocking(bounds.length, inFlight, i -> {
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement(RawR2dbcPeer.COUNT.replace("$1", "?"))) {
                ps.setInt(1, bounds[i]);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            }
        });
    }

    @Override
    public void prepareInserts(List<Item> rows) {
        this.rows = rows;
    }

    @Override
    public long create(int n, int inFlight) {
        return Concurrency.blocking(n, inFlight, i -> {
            Item item = rows.get(i);
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement(INSERT + " RETURNING id")) {
                ps.setString(1, item.name());
                ps.setInt(2, item.qty());
                ps.setTimestamp(3, Timestamp.from(item.createdAt()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Item(rs.getLong(1), item.name(), item.qty(), item.createdAt()).id();
                }
            }
        });
    }

    @Override
    public long createAll() {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            long created = 0;
            try (PreparedStatement ps = c.prepareStatement(INSERT, new String[] {"id"})) {
                for (Item item : rows) {
                    ps.setString(1, item.name());
                    ps.setInt(2, item.qty());
                    ps.setTimestamp(3, Timestamp.from(item.createdAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    int i = 0;
                    while (keys.next()) {
                        Item item = rows.get(i++);
                        new Item(keys.getLong(1), item.name(), item.qty(), item.createdAt());
                        created++;
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
            return created;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
