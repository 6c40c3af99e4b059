package io.ember.benchmarks;

import static org.springframework.data.relational.core.query.Criteria.where;
import static org.springframework.data.relational.core.query.Query.query;

import io.ember.r2dbc.testing.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.repository.support.R2dbcRepositoryFactory;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;

/**
 * Spring Data R2DBC over the same pool as the raw peer: repositories for {@code findById},
 * {@code save} and {@code saveAll}, {@link R2dbcEntityTemplate} for the queries with a where.
 * {@code transactional} wraps {@code saveAll} in one transaction ({@code spring-tx}).
 */
final class SpringDataPeer implements Peer {

    /** {@code bench_item} for Spring Data. */
    @Table("bench_item")
    public record SpringItem(@Id Long id, String name, int qty, Instant createdAt) {
    }

    /** {@code bench_insert} for Spring Data. */
    @Table("bench_insert")
    public record SpringNewItem(@Id Long id, String name, int qty, Instant createdAt) {
    }

    /** Reads. */
    public interface ItemRepository extends ReactiveCrudRepository<SpringItem, Long> {
    }

    /** Writes. */
    public interface NewItemRepository extends ReactiveCrudRepository<SpringNewItem, Long> {
    }

    private final ConnectionPool pool;
    private final R2dbcEntityTemplate template;
    private final ItemRepository items;
    private final NewItemRepository newItems;
    private final TransactionalOperator tx;
    private final boolean transactional;
    private List<SpringNewItem> rows = List.of();

    SpringDataPeer(TestDatabase.Server server, boolean transactional) {
        this.pool = Tuning.r2dbcPool(server);
        this.template = new R2dbcEntityTemplate(pool);
        R2dbcRepositoryFactory factory = new R2dbcRepositoryFactory(template);
        this.items = factory.getRepository(ItemRepository.class);
        this.newItems = factory.getRepository(NewItemRepository.class);
        this.tx = TransactionalOperator.create(new R2dbcTransactionManager(pool));
        this.transactional = transactional;
    }

    @Override
    public long findById(long[] ids, int inFlight) {
        return Concurrency.reactive(ids.length, inFlight, i -> items.findById(ids[i]).map(item -> (long) item.qty()));
    }

    @Override
    public long find(int[] bounds, int inFlight) {
        return Concurrency.reactive(bounds.length, inFlight, i -> template.select(SpringItem.class)
                .matching(query(where("qty").greaterThan(bounds[i])).sort(Sort.by("id")).limit(100))
                .all()
                .count());
    }

    @Override
    public long count(int[] bounds, int inFlight) {
        return Concurrency.reactive(bounds.length, inFlight, i -> template.select(SpringItem.class)
                .matching(query(where("qty").greaterThan(bounds[i])))
                .count());
    }

    @Override
    public void prepareInserts(List<Item> source) {
        this.rows = source.stream().map(r -> new SpringNewItem(null, r.name(), r.qty(), r.createdAt())).toList();
    }

    @Override
    public long create(int n, int inFlight) {
        return Concurrency.reactive(n, inFlight, i -> newItems.save(rows.get(i)).map(SpringNewItem::id));
    }

    @Override
    public long createAll() {
        Flux<SpringNewItem> saved = newItems.saveAll(rows);
        return (transactional ? tx.transactional(saved) : saved).count().block();
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
