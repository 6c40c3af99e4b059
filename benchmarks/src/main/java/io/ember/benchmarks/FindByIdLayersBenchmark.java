package io.ember.benchmarks;

import io.ember.r2dbc.testing.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.reactivestreams.Publisher;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where a findById's cost comes from, layer by layer, for the allocation profile of
 * {@code RESULTS.md} (read with {@code -prof gc}): the same lookup, mapped to the same {@link Item},
 * <ul>
 *   <li>{@code driver}: r2dbc-postgresql alone, on {@link BenchDatabase#POOL_SIZE} connections taken
 *       in turn, no pool;</li>
 *   <li>{@code pool}: through r2dbc-pool without {@code maxAcquireTime};</li>
 *   <li>{@code pool-timer}: through r2dbc-pool with it (30 s), the raw peer of the other benchmarks;</li>
 *   <li>{@code pool-timer-named}: the same over a factory whose {@code toString()} is short (r2dbc-pool
 *       names every acquire after it, and the timeout copies that name per acquire), as Ember's is;</li>
 *   <li>{@code ember}: {@code findById} of Ember's repository (coalescing off).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FindByIdLayersBenchmark {

    @Param({"driver", "pool", "pool-timer", "pool-timer-named", "ember"})
    public String layer;

    @Param({"1", "8"})
    public int inFlight;

    private final long[] ids = new long[FindByIdBenchmark.LOOKUPS];
    private PostgresqlConnection[] connections = new PostgresqlConnection[0];
    private ConnectionPool pool;
    private Peer ember;

    @Setup(Level.Trial)
    public void open() {
        TestDatabase.Server server = BenchDatabase.server();
        System.out.println("# bench variant: " + Tuning.describe());
        switch (layer) {
            case "driver" -> {
                PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(Tuning.driver(server).build());
                connections = Flux.range(0, BenchDatabase.POOL_SIZE).concatMap(i -> factory.create())
                        .collectList().block(Duration.ofSeconds(30)).toArray(PostgresqlConnection[]::new);
            }
            case "pool" -> pool = Tuning.r2dbcPool(server, 0);
            case "pool-timer" -> pool = Tuning.r2dbcPool(server, 30_000);
            case "pool-timer-named" -> pool = Tuning.r2dbcPool(named(Tuning.driver(server).build()), 30_000);
            case "ember" -> ember = new EmberPeer(server);
            default -> throw new IllegalArgumentException("Unknown layer: " + layer);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        for (PostgresqlConnection c : connections) {
            Mono.from(c.close()).block(Duration.ofSeconds(10));
        }
        if (pool != null) {
            pool.dispose();
        }
        if (ember != null) {
            ember.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(FindByIdBenchmark.LOOKUPS)
    public long findById() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + random.nextInt(BenchDatabase.SEED_ROWS);
        }
        if (ember != null) {
            return ember.findById(ids, inFlight);
        }
        if (pool != null) {
            return Concurrency.reactive(ids.length, inFlight, i -> Flux.usingWhen(pool.create(),
                            c -> lookup(c, ids[i]), Connection::close, (c, e) -> c.close(), Connection::close)
                    .singleOrEmpty());
        }
        return Concurrency.reactive(ids.length, inFlight,
                i -> lookup(connections[i % connections.length], ids[i]).singleOrEmpty());
    }

    private static ConnectionFactory named(PostgresqlConnectionConfiguration configuration) {
        ConnectionFactory driver = new PostgresqlConnectionFactory(configuration);
        return new ConnectionFactory() {
            @Override
            public Publisher<? extends io.r2dbc.spi.Connection> create() {
                return driver.create();
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return driver.getMetadata();
            }

            @Override
            public String toString() {
                return "bench";
            }
        };
    }

    private static Flux<Long> lookup(Connection c, long id) {
        return Flux.from(c.createStatement(RawR2dbcPeer.FIND_BY_ID).bind(0, id).execute())
                .flatMap(r -> r.map(RawR2dbcPeer::item))
                .map(item -> (long) item.qty());
    }
}
