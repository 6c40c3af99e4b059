package io.ember.benchmarks;

import io.r2dbc.pool.ConnectionPool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import io.r2dbc.spi.Readable;
import io.ember.r2dbc.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The floor: r2dbc-postgresql with r2dbc-pool, hand-written SQL and mapping. */
final class RawR2dbcPeer implements Peer {

    static final String FIND_BY_ID = "SELECT " + BenchDatabase.COLUMNS + " FROM bench_item WHERE id = $1";
    static final String FIND = "SELECT " + BenchDatabase.COLUMNS
            + " FROM bench_item WHERE qty > $1 ORDER BY id LIMIT 100";
    static final String COUNT = "SELECT count(*) FROM bench_item WHERE qty > $1";
    static final String INSERT = "INSERT INTO bench_insert (name, qty, created_at) VALUES ($1, $2, $3) RETURNING id";
    static final String INSERT_UNNEST = "INSERT INTO bench_insert (name, qty, created_at) "
            + "SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[]) RETURNING id";

    private final ConnectionPool pool;
    private List<Item> rows = List.of();

    RawR2dbcPeer(TestDatabase.Server server) {
        this.pool = Tuning.r2dbcPool(server);
    }

    static Item item(Readable row) {
        return new Item(row.get(0, Long.class), row.get(1, String.class), row.get(2, Integer.class),
                row.get(3, Instant.class));
    }

    private <T> Flux<T> withConnection(java.util.function.Function<Connection, Flux<T>> work) {
        return Flux.usingWhen(pool.create(), work, Connection::close, (c, e) -> c.close(), Connection::close);
    }

    @Override
    public long findById(long[] ids, int inFlight) {
        return Concurrency.reactive(ids.length, inFlight, i -> withConnection(c -> Flux.from(
                        c.createStatement(FIND_BY_ID).bind(0, ids[i]).execute())
                .flatMap(r -> r.map(RawR2dbcPeer::item)))
                .singleOrEmpty()
                .map(item -> (long) item.qty()));
    }

    @Override
    public long find(int[] bounds, int inFlight) {
        return Concurrency.reactive(bounds.length, inFlight, i -> withConnection(c -> Flux.from(
                        c.createStatement(FIND).bind(0, bounds[i]).execute())
                .flatMap(r -> r.map(RawR2dbcPeer::item)))
                .count());
    }

    @Override
    public long count(int[] bounds, int inFlight) {
        return Concurrency.reactive(bounds.length, inFlight, i -> withConnection(c -> Flux.from(
                        c.createStatement(COUNT).bind(0, bounds[i]).execute())
                .flatMap(r -> r.map(row -> row.get(0, Long.class))))
                .singleOrEmpty());
    }

    @Override
    public void prepareInserts(List<Item> rows) {
        this.rows = rows;
    }

    @Override
    public long create(int n, int inFlight) {
        return Concurrency.reactive(n, inFlight, i -> {
            Item item = rows.get(i);
            return withConnection(c -> Flux.from(c.createStatement(INSERT)
                            .bind(0, item.name()).bind(1, item.qty()).bind(2, item.createdAt()).execute())
                    .flatMap(r -> r.map(row -> new Item(row.get(0, Long.class), item.name(), item.qty(),
                            item.createdAt()))))
                    .singleOrEmpty()
                    .map(Item::id);
        });
    }

    @Override
    public long createAll() {
        List<Item> all = rows;
        Long created = Mono.defer(() -> {
            int n = all.size();
            String[] names = new String[n];
            Integer[] qtys = new Integer[n];
            Instant[] times = new Instant[n];
            for (int i = 0; i < n; i++) {
                Item item = all.get(i);
                names[i] = item.name();
                qtys[i] = item.qty();
                times[i] = item.createdAt();
            }
            int[] index = new int[1];
            return withConnection(c -> Flux.from(c.createStatement(INSERT_UNNEST)
                            .bind(0, names).bind(1, qtys).bind(2, times).execute())
                    .flatMap(r -> r.map(row -> {
                        Item item = all.get(index[0]++);
                        return new Item(row.get(0, Long.class), item.name(), item.qty(), item.createdAt());
                    })))
                    .count();
        }).block();
        return created;
    }

    static final String COPY = "COPY bench_insert (name, qty, created_at) FROM STDIN";

    /**
     * The prepared rows through r2dbc-postgresql's {@code copyIn}, hand-written text rows (no escaping:
     * the benchmark's names need none) in CopyData messages of 64 KB; returns the rows copied.
     */
    public long copyAll() {
        List<Item> all = rows;
        Long copied = withConnection(c -> ((PostgresqlConnection) ((Wrapped<?>) c).unwrap())
                .copyIn(COPY).fromMany(Flux.defer(() -> {
                    ByteBuf[] current = new ByteBuf[1];
                    return Flux.fromIterable(all).<ByteBuf>handle((item, sink) -> {
                        ByteBuf b = current[0];
                        if (b == null) {
                            b = ByteBufAllocator.DEFAULT.buffer(80 * 1024);
                            current[0] = b;
                        }
                        b.writeCharSequence(item.name(), StandardCharsets.UTF_8);
                        b.writeByte('\t');
                        b.writeCharSequence(Integer.toString(item.qty()), StandardCharsets.US_ASCII);
                        b.writeByte('\t');
                        b.writeCharSequence(item.createdAt().toString(), StandardCharsets.US_ASCII);
                        b.writeByte('\n');
                        if (b.readableBytes() >= 64 * 1024) {
                            current[0] = null;
                            sink.next(b);
                        }
                    }).concatWith(Mono.fromSupplier(() -> {
                        ByteBuf rest = current[0];
                        current[0] = null;
                        return rest;
                    }));
                }).map(Mono::just)).build().flux())
                .single().block();
        return copied;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
