package io.ember.benchmarks;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.ember.r2dbc.testing.TestDatabase;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import reactor.netty.resources.LoopResources;

/**
 * Driver and pool options under study, read from system properties so that one jar measures every
 * variant ({@code -jvmArgsAppend -Dbench.forceBinary=false}). Defaults are Ember's defaults, applied to
 * every R2DBC peer so that ratios compare the same driver settings.
 * They apply to the raw driver and to Spring Data (which share {@link #r2dbcPool}) and, where
 * Ember's datasource exposes the option, to Ember.
 *
 * <ul>
 *   <li>{@code bench.forceBinary} (true, Ember's default; r2dbc-postgresql's own default is false):
 *       binary format for every parameter and column;</li>
 *   <li>{@code bench.stmtCache} (-1): r2dbc-postgresql {@code preparedStatementCacheQueries};</li>
 *   <li>{@code bench.loops} ({@code default}): {@code default} = Reactor Netty's shared loops;
 *       {@code nocolocate} = a dedicated {@link LoopResources} with colocation off, so connections
 *       spread over the event loops instead of sticking to the loop that created them;</li>
 *   <li>{@code bench.acquireTimeout} (30000 ms): r2dbc-pool {@code maxAcquireTime}; 0 = none (raw and
 *       Spring Data only: Ember's datasource always sets one);</li>
 *   <li>{@code bench.loopThreads} (number of cores): event-loop threads when {@code bench.loops} is not default.</li>
 * </ul>
 */
public final class Tuning {

    public static final boolean FORCE_BINARY = Boolean.parseBoolean(System.getProperty("bench.forceBinary", "true"));
    public static final int STATEMENT_CACHE = Integer.getInteger("bench.stmtCache", -1);
    public static final String LOOPS = System.getProperty("bench.loops", "default");
    /** {@code bench.acquireTimeout} in ms (30000); 0 = none, so r2dbc-pool arms no timer on each acquire. */
    public static final long ACQUIRE_TIMEOUT_MS = Long.getLong("bench.acquireTimeout", 30_000);
    public static final int LOOP_THREADS = Integer.getInteger("bench.loopThreads",
            Runtime.getRuntime().availableProcessors());

    private static volatile LoopResources loops;

    private Tuning() {
    }

    /** One line naming the variant, printed in every fork's setup. */
    public static String describe() {
        return "forceBinary=" + FORCE_BINARY + " stmtCache=" + STATEMENT_CACHE + " acquireTimeout=" + ACQUIRE_TIMEOUT_MS
                + "ms loops=" + LOOPS
                + (LOOPS.equals("default") ? "" : "(" + LOOP_THREADS + ")");
    }

    /** The driver configuration every R2DBC peer starts from. */
    public static PostgresqlConnectionConfiguration.Builder driver(TestDatabase.Server s) {
        PostgresqlConnectionConfiguration.Builder b = PostgresqlConnectionConfiguration.builder()
                .host(s.host()).port(s.port()).database(s.database())
                .username(s.user()).password(s.password())
                .applicationName("bench")
                .forceBinary(FORCE_BINARY)
                .preparedStatementCacheQueries(STATEMENT_CACHE);
        LoopResources lr = loopResources();
        if (lr != null) {
            b.loopResources(lr);
        }
        return b;
    }

    /** The r2dbc-pool over the driver that the raw and Spring Data peers use: 8 connections, warmed. */
    public static ConnectionPool r2dbcPool(TestDatabase.Server s) {
        return r2dbcPool(s, ACQUIRE_TIMEOUT_MS);
    }

    /** The same pool with the given r2dbc-pool {@code maxAcquireTime} in ms; 0 = none. */
    public static ConnectionPool r2dbcPool(TestDatabase.Server s, long acquireTimeoutMs) {
        return r2dbcPool(new PostgresqlConnectionFactory(driver(s).build()), acquireTimeoutMs);
    }

    /** The same pool over the given factory. */
    static ConnectionPool r2dbcPool(ConnectionFactory factory, long acquireTimeoutMs) {
        ConnectionPoolConfiguration.Builder config = ConnectionPoolConfiguration.builder(factory)
                .name("bench-raw")
                .initialSize(BenchDatabase.POOL_SIZE)
                .maxSize(BenchDatabase.POOL_SIZE)
                .validationDepth(ValidationDepth.LOCAL);
        if (acquireTimeoutMs > 0) {
            config.maxAcquireTime(Duration.ofMillis(acquireTimeoutMs));
        }
        ConnectionPool pool = new ConnectionPool(config.build());
        pool.warmup().block(Duration.ofSeconds(30));
        return pool;
    }

    static synchronized LoopResources loopResources() {
        if (LOOPS.equals("default")) {
            return null;
        }
        if (loops == null) {
            boolean colocate = !LOOPS.equals("nocolocate");
            loops = LoopResources.create("bench-r2dbc", LOOP_THREADS, colocate);
        }
        return loops;
    }
}
