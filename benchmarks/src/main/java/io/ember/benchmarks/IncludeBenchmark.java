package io.ember.benchmarks;

import static io.ember.core.filter.Where.where;

import io.ember.core.filter.Filter;
import io.ember.core.model.HasMany;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * users -> posts: {@code users} consecutive users (random start) with their 10 posts each, mapped
 * to objects. Ember: one {@code find} with {@code include("posts")} (two statements). Spring Data
 * R2DBC, as its users do it today (it has no relations): the users, then a query per user in a
 * {@code flatMap}. Raw: a hand-written two-query load on r2dbc-postgresql (the users, then
 * {@code user_id = ANY($1)} for their posts, grouped in a map) on one connection. Score: loads per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IncludeBenchmark {

    static final int USERS = 10_000;
    static final int POSTS_PER_USER = 10;

    @Param({"ember", "raw", "spring"})
    public String library;

    @Param({"10", "100"})
    public int users;

    /** {@code bench_user} for Ember. */
    @Model(table = "bench_user")
    public record EmberUser(@Id Long id, String name, @HasMany(foreignKey = "userId") List<EmberPost> posts) {
    }

    /** {@code bench_post} for Ember. */
    @Model(table = "bench_post")
    public record EmberPost(@Id Long id, Long userId, String title, int qty) {
    }

    /** {@code bench_user} for Spring Data. */
    @Table("bench_user")
    public record SpringUser(@org.springframework.data.annotation.Id Long id, String name) {
    }

    /** {@code bench_post} for Spring Data. */
    @Table("bench_post")
    public record SpringPost(@org.springframework.data.annotation.Id Long id, Long userId, String title, int qty) {
    }

    /** A user and its posts, as Spring Data and raw users assemble it. */
    public record UserWithPosts<U, P>(U user, List<P> posts) {
    }

    /** A row of {@code bench_post} for the raw load. */
    public record RawPost(long id, long userId, String title, int qty) {
    }

    private PostgresDataSource ember;
    private DefaultCrudRepository<EmberUser, Long> emberUsers;
    private ConnectionPool pool;
    private R2dbcEntityTemplate template;

    @Setup(Level.Trial)
    public void open() {
        TestDatabase.Server server = BenchDatabase.server();
        seed(server);
        switch (library) {
            case "ember" -> {
                ember = EmberDatabase.builderFor(server).name("bench-ember-include").initialSize(BenchDatabase.POOL_SIZE)
                        .maxSize(BenchDatabase.POOL_SIZE).forceBinary(Tuning.FORCE_BINARY).build();
                emberUsers = new DefaultCrudRepository<>(EmberUser.class, ember);
            }
            case "raw" -> pool = Tuning.r2dbcPool(server);
            case "spring" -> {
                pool = Tuning.r2dbcPool(server);
                template = new R2dbcEntityTemplate(pool);
            }
            default -> throw new IllegalArgumentException(library);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (ember != null) {
            ember.close();
        }
        if (pool != null) {
            pool.dispose();
        }
    }

    /** Loads the users and their posts; returns the number of posts (users x 10). */
    @Benchmark
    public long load() {
        long first = ThreadLocalRandom.current().nextLong(1, USERS - users + 2);
        long last = first + users - 1;
        Mono<Long> posts = switch (library) {
            case "ember" -> emberUsers.find(Filter.of(where("id").between(first, last)).orderBy("id ASC").include("posts"))
                    .map(u -> (long) u.posts().size()).reduce(0L, Long::sum);
            case "spring" -> template.select(Query.query(Criteria.where("id").between(first, last))
                            .sort(Sort.by("id")), SpringUser.class)
                    .flatMap(u -> template.select(Query.query(Criteria.where("userId").is(u.id())), SpringPost.class)
                            .collectList().map(p -> new UserWithPosts<>(u, p)))
                    .map(u -> (long) u.posts().size()).reduce(0L, Long::sum);
            default -> raw(first, last);
        };
        long total = posts.block(Duration.ofSeconds(30));
        if (total != (long) users * POSTS_PER_USER) {
            throw new IllegalStateException(library + " loaded " + total + " posts for " + users + " users");
        }
        return total;
    }

    private Mono<Long> raw(long first, long last) {
        return Flux.usingWhen(pool.create(), (Connection c) -> Flux.from(c.createStatement(
                                "SELECT id, name FROM bench_user WHERE id BETWEEN $1 AND $2 ORDER BY id")
                        .bind(0, first).bind(1, last).execute())
                .concatMap(r -> r.map(row -> new Object[] {row.get(0, Long.class), row.get(1, String.class)}))
                .collectList()
                .flatMapMany(rows -> {
                    Long[] ids = rows.stream().map(r -> (Long) r[0]).toArray(Long[]::new);
                    return Flux.from(c.createStatement(
                                    "SELECT id, user_id, title, qty FROM bench_post WHERE user_id = ANY($1)")
                                    .bind(0, ids).execute())
                            .concatMap(r -> r.map(row -> new RawPost(row.get(0, Long.class), row.get(1, Long.class),
                                    row.get(2, String.class), row.get(3, Integer.class))))
                            .collectList()
                            .flatMapMany(all -> {
                                Map<Long, List<RawPost>> byUser = new HashMap<>();
                                all.forEach(p -> byUser.computeIfAbsent(p.userId(), k -> new ArrayList<>()).add(p));
                                return Flux.fromIterable(rows).map(r -> new UserWithPosts<>(r,
                                        byUser.getOrDefault((Long) r[0], List.of())));
                            });
                }), Connection::close)
                .map(u -> (long) u.posts().size()).reduce(0L, Long::sum);
    }

    private static synchronized void seed(TestDatabase.Server server) {
        try (java.sql.Connection c = BenchDatabase.jdbc(server); Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'bench_post'")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            st.execute("CREATE TABLE bench_user (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL)");
            st.execute("CREATE TABLE bench_post (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    + " user_id bigint NOT NULL, title text NOT NULL, qty int NOT NULL)");
            st.execute("INSERT INTO bench_user (name) SELECT 'user-' || g FROM generate_series(1, " + USERS + ") g");
            st.execute("INSERT INTO bench_post (user_id, title, qty) SELECT u, 'post-' || u || '-' || k, k"
                    + " FROM generate_series(1, " + USERS + ") u, generate_series(1, " + POSTS_PER_USER + ") k");
            st.execute("CREATE INDEX bench_post_user ON bench_post (user_id)");
            st.execute("VACUUM ANALYZE bench_user");
            st.execute("VACUUM ANALYZE bench_post");
        } catch (SQLException e) {
            throw new IllegalStateException("Include benchmark setup failed: " + e.getMessage(), e);
        }
    }
}
