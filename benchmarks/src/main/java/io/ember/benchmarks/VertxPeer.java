package io.ember.benchmarks;

import io.ember.r2dbc.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/** The Vert.x pg client (reads only), with prepared statements cached; futures bridged to Reactor. */
final class VertxPeer implements Peer {

    private final Vertx vertx;
    private final Pool pool;

    VertxPeer(TestDatabase.Server server) {
        this.vertx = Vertx.vertx();
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(server.host()).setPort(server.port()).setDatabase(server.database())
                .setUser(server.user()).setPassword(server.password())
                .setCachePreparedStatements(true);
        this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(BenchDatabase.POOL_SIZE))
                .connectingTo(connect).using(vertx).build();
    }

    private static Item item(Row row) {
        OffsetDateTime t = row.getOffsetDateTime(3);
        Instant at = t == null ? null : t.toInstant();
        return new Item(row.getLong(0), row.getString(1), row.getInteger(2), at);
    }

    @Override
    public long findById(long[] ids, int inFlight) {
        return Concurrency.reactive(ids.length, inFlight, i -> Mono.fromCompletionStage(() -> pool
                .preparedQuery(RawR2dbcPeer.FIND_BY_ID).execute(Tuple.of(ids[i])).toCompletionStage())
                .map(rows -> {
                    long sum = 0;
                    for (Row row : rows) {
                        sum += item(row).qty();
                    }
                    return sum;
                }));
    }

    @Override
    public long find(int[] bounds, int inFlight) {
        return Concurrency.reactive(bounds.length, inFlight, i -> Mono.fromCompletionStage(() -> pool
                .preparedQuery(RawR2dbcPeer.FIND).execute(Tuple.of(bounds[i])).toCompletionStage())
                .map(rows -> {
                    long n = 0;
                    for (Row row : rows) {
                        item(row);
                        n++;
                    }
                    return n;
                }));
    }

    @Override
    public long count(int[] bounds, int inFlight) {
        return Concurrency.reactive(bounds.length, inFlight, i -> Mono.fromCompletionStage(() -> pool
                .preparedQuery(RawR2dbcPeer.COUNT).execute(Tuple.of(bounds[i])).toCompletionStage())
                .map(rows -> rows.iterator().next().getLong(0)));
    }

    @Override
    public void prepareInserts(List<Item> rows) {
        throw new UnsupportedOperationException("Vert.x is measured for reads only");
    }

    @Override
    public long create(int n, int inFlight) {
        throw new UnsupportedOperationException("Vert.x is measured for reads only");
    }

    @Override
    public long createAll() {
        throw new UnsupportedOperationException("Vert.x is measured for reads only");
    }

    @Override
    public void close() {
        try {
            pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Vert.x did not close", e);
        }
    }
}
