package io.ember.benchmarks;

import io.ember.core.filter.Filter;
import io.ember.core.filter.Where;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.repository.CrudRepository;
import io.ember.core.repository.Options;
import io.ember.core.repository.RepositorySettings;
import io.ember.r2dbc.datasource.DataSourceObserver;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Ember: {@code DefaultCrudRepository} over {@link PostgresDataSource} with the same pool size and
 * the driver options of {@link Tuning} that the datasource exposes. {@code -Dbench.ember.batchSize=N}
 * sets the {@code createAll} chunk size (the library's default otherwise). {@code ember-coalesce} is the
 * same with {@code coalescePointReads(true)}.
 */
final class EmberPeer implements Peer {

    /** {@code bench_item} for Ember. */
    @Model(table = "bench_item")
    public record EmberItem(@Id Long id, String name, int qty, Instant createdAt) {
    }

    /** {@code bench_insert} for Ember. */
    @Model(table = "bench_insert")
    public record EmberNewItem(@Id Long id, String name, int qty, Instant createdAt) {
    }

    private final PostgresDataSource dataSource;
    private final CrudRepository<EmberItem, Long> items;
    private final DefaultCrudRepository<EmberNewItem, Long> newItems;
    private List<EmberNewItem> rows = List.of();

    EmberPeer(TestDatabase.Server server) {
        this(server, null, false);
    }

    /** With an observer on the datasource (metrics, tracing), or none. */
    EmberPeer(TestDatabase.Server server, @Nullable DataSourceObserver observer) {
        this(server, observer, false);
    }

    /** Coalescing point reads, or not. */
    EmberPeer(TestDatabase.Server server, boolean coalesce) {
        this(server, null, coalesce);
    }

    private EmberPeer(TestDatabase.Server server, @Nullable DataSourceObserver observer, boolean coalesce) {
        this.dataSource = EmberDatabase.builderFor(server)
                .observer(observer)
                .coalescePointReads(coalesce)
                .name("bench-ember")
                .applicationName("bench")
                .initialSize(BenchDatabase.POOL_SIZE)
                .maxSize(BenchDatabase.POOL_SIZE)
                .acquireTimeout(Duration.ofSeconds(30))
                .forceBinary(Tuning.FORCE_BINARY)
                .preparedStatementCacheSize(Tuning.STATEMENT_CACHE)
                .build();
        this.items = repository(EmberItem.class, dataSource);
        Integer batchSize = Integer.getInteger("bench.ember.batchSize");
        this.newItems = batchSize == null ? new DefaultCrudRepository<>(EmberNewItem.class, dataSource)
                : new DefaultCrudRepository<>(EmberNewItem.class, dataSource,
                        new RepositorySettings(false, null, batchSize));
        // Open all connections before measuring, as the other peers do.
        dataSource.withConnection(c -> reactor.core.publisher.Mono.just(1))
                .repeat(BenchDatabase.POOL_SIZE - 1L).blockLast(Duration.ofSeconds(30));
    }

    private static <T> CrudRepository<T, Long> repository(Class<T> model, PostgresDataSource dataSource) {
        return new DefaultCrudRepository<>(model, dataSource);
    }

    @Override
    public long findById(long[] ids, int inFlight) {
        return Concurrency.reactive(ids.length, inFlight, i -> items.findById(ids[i]).map(item -> (long) item.qty()));
    }

    @Override
    public long find(int[] bounds, int inFlight) {
        return Concurrency.reactive(bounds.length, inFlight, i -> items.find(
                        Filter.of(Where.where("qty").gt(bounds[i])).orderBy("id").limit(100))
                .count());
    }

    @Override
    public long count(int[] bounds, int inFlight) {
        return Concurrency.reactive(bounds.length, inFlight, i -> items.count(Where.where("qty").gt(bounds[i])));
    }

    @Override
    public void prepareInserts(List<Item> source) {
        this.rows = source.stream().map(r -> new EmberNewItem(null, r.name(), r.qty(), r.createdAt())).toList();
    }

    @Override
    public long create(int n, int inFlight) {
        return Concurrency.reactive(n, inFlight, i -> newItems.create(rows.get(i)).map(EmberNewItem::id));
    }

    @Override
    public long createAll() {
        return newItems.createAll(rows).count().block();
    }

    /** The prepared rows through {@code load} (COPY); returns the rows stored. */
    public long loadAll() {
        return newItems.load(Flux.fromIterable(rows)).block();
    }

    /** The prepared rows through {@code createAllCount} (chunks of unnest inserts, nothing returned); returns the rows stored. */
    public long createAllCount() {
        return newItems.createAllCount(Flux.fromIterable(rows), Options.defaults()).block();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
