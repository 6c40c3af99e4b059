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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
 * {@code user_id = ANY($1)} for their posts, grouped in a map) on one connection, mapped to the same
 * records as Ember. Every side has a pool of {@link BenchDatabase#POOL_SIZE} connections, reads the
 * same columns, is checked once per trial against plain JDBC (same users, same posts) and warmed up
 * for the same time before JMH's warm-up. Score: loads per second, {@code inFlight} loads at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class IncludeBenchmark {

    static final int USERS = 10_000;
    static final int POSTS_PER_USER = 10;
    static final long WARMUP_SECONDS = 30;
    /** Loads per benchmark invocation; scores are per load. */
    static final int LOADS = 16;

    @Param({"ember", "raw", "spring"})
    public String library;

    @Param({"10", "100"})
    public int users;

    /**
     * Loads kept running at once: 1 measures a load's latency (the default), more measure the work
     * a load costs client and server (one load's statements no longer have idle connections and
     * cores to themselves).
     */
    @Param({"1"})
    public int inFlight;

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
        checkAndWarm(server);
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

    /**
     * {@value #LOADS} loads of random users with their posts, {@code inFlight} at once
     * ({@link Concurrency#reactive}); each checked to hold users x 10 posts. Returns the posts.
     */
    @Benchmark
    @OperationsPerInvocation(LOADS)
    public long load() {
        return Concurrency.reactive(LOADS, inFlight, i -> loadOne());
    }

    private Mono<Long> loadOne() {
        return Mono.defer(() -> {
            long first = ThreadLocalRandom.current().nextLong(1, USERS - users + 2);
            return load(first, first + users - 1).map(IncludeBenchmark::posts).reduce(0L, Long::sum)
                    .doOnNext(total -> {
                        if (total != (long) users * POSTS_PER_USER) {
                            throw new IllegalStateException(library + " loaded " + total + " posts for " + users + " users");
                        }
                    });
        });
    }

    /** The users {@code first..last} with their posts, in id order, as this trial's library builds them. */
    private Flux<?> load(long first, long last) {
        return switch (library) {
            case "ember" -> emberUsers.find(Filter.of(where("id").between(first, last)).orderBy("id ASC").include("posts"));
            case "spring" -> template.select(Query.query(Criteria.where("id").between(first, last))
                            .sort(Sort.by("id")), SpringUser.class)
                    .flatMap(u -> template.select(Query.query(Criteria.where("userId").is(u.id())), SpringPost.class)
                            .collectList().map(p -> new UserWithPosts<>(u, p)));
            default -> raw(first, last);
        };
    }

    /**
     * What a competent user writes on the raw driver: one connection, the users, then their posts by
     * {@code user_id = ANY($1)}, grouped in a {@code HashMap}, mapped to the same records Ember returns.
     */
    private Flux<EmberUser> raw(long first, long last) {
        return Flux.usingWhen(pool.create(), (Connection c) -> Flux.from(c.createStatement(
                                "SELECT id, name FROM bench_user WHERE id BETWEEN $1 AND $2 ORDER BY id")
                        .bind(0, first).bind(1, last).execute())
                .concatMap(r -> r.map(row -> new RawUser(row.get(0, Long.class), row.get(1, String.class))))
                .collectList()
                .flatMapMany(rows -> {
                    Long[] ids = new Long[rows.size()];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = rows.get(i).id();
                    }
                    return Flux.from(c.createStatement(
                                    "SELECT id, user_id, title, qty FROM bench_post WHERE user_id = ANY($1)")
                                    .bind(0, ids).execute())
                            .concatMap(r -> r.map(row -> new EmberPost(row.get(0, Long.class), row.get(1, Long.class),
                                    row.get(2, String.class), row.get(3, Integer.class))))
                            .collectList()
                            .flatMapIterable(all -> {
                                Map<Long, List<EmberPost>> byUser = new HashMap<>();
                                all.forEach(p -> byUser.computeIfAbsent(p.userId(), k -> new ArrayList<>()).add(p));
                                List<EmberUser> out = new ArrayList<>(rows.size());
                                rows.forEach(u -> out.add(new EmberUser(u.id(), u.name(),
                                        byUser.getOrDefault(u.id(), List.of()))));
                                return out;
                            });
                }), Connection::close);
    }

    /** A row of {@code bench_user} before its posts are attached (raw load). */
    private record RawUser(Long id, String name) {
    }

    private static long posts(Object user) {
        if (user instanceof EmberUser u) {
            return u.posts().size();
        }
        return ((UserWithPosts<?, ?>) user).posts().size();
    }

    /**
     * Every side's users as text, one line each: id, name, then the posts (id, user id, title, qty)
     * sorted by id; the same text for the same data whichever records carried it.
     */
    private static List<String> describe(List<?> loaded) {
        List<String> out = new ArrayList<>();
        for (Object o : loaded) {
            List<String> posts = new ArrayList<>();
            String user;
            if (o instanceof EmberUser u) {
                user = u.id() + "|" + u.name();
                u.posts().forEach(p -> posts.add(p.id() + ":" + p.userId() + ":" + p.title() + ":" + p.qty()));
            } else {
                UserWithPosts<?, ?> w = (UserWithPosts<?, ?>) o;
                SpringUser u = (SpringUser) w.user();
                user = u.id() + "|" + u.name();
                w.posts().forEach(x -> {
                    SpringPost p = (SpringPost) x;
                    posts.add(p.id() + ":" + p.userId() + ":" + p.title() + ":" + p.qty());
                });
            }
            posts.sort(Comparator.comparingLong(t -> Long.parseLong(t.substring(0, t.indexOf(':')))));
            out.add(user + "|" + posts);
        }
        return out;
    }

    /** The same users and posts read with plain JDBC, described as {@link #describe} does. */
    private static List<String> expected(TestDatabase.Server server, long first, long last) {
        List<String> out = new ArrayList<>();
        try (java.sql.Connection c = BenchDatabase.jdbc(server); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT u.id, u.name, p.id, p.user_id, p.title, p.qty FROM bench_user u"
                     + " LEFT JOIN bench_post p ON p.user_id = u.id WHERE u.id BETWEEN " + first + " AND " + last
                     + " ORDER BY u.id, p.id")) {
            long current = -1;
            String user = null;
            List<String> posts = new ArrayList<>();
            while (rs.next()) {
                if (rs.getLong(1) != current) {
                    if (user != null) {
                        out.add(user + "|" + posts);
                    }
                    current = rs.getLong(1);
                    user = current + "|" + rs.getString(2);
                    posts = new ArrayList<>();
                }
                rs.getLong(3);
                if (!rs.wasNull()) {
                    posts.add(rs.getLong(3) + ":" + rs.getLong(4) + ":" + rs.getString(5) + ":" + rs.getInt(6));
                }
            }
            if (user != null) {
                out.add(user + "|" + posts);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Include benchmark check failed: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Checks once per trial that this library returns exactly what plain JDBC reads (so all three
     * return the same data; Spring's users compared in id order, which its
     * {@code flatMap} does not keep), then warms it up for {@value #WARMUP_SECONDS} s (property
     * {@code bench.include.warmupSeconds}) before JMH's own warm-up, every library for the same time:
     * Spring Data's deep call stacks kept getting faster through short warm-ups, and so did Ember's
     * include (after 6 s a 100-user load still cost it about 1,900 µs of CPU, after 30 s 1,200, the
     * raw load 1,100-1,400 either way: JIT compilation still under way counts as the client's CPU).
     */
    private void checkAndWarm(TestDatabase.Server server) {
        long first = 4_321;
        long last = first + users - 1;
        List<String> got = describe(load(first, last).collectList().block(Duration.ofSeconds(30)));
        if (library.equals("spring")) {
            // flatMap emits the users as their queries finish, not in id order (Ember and raw keep the order)
            got.sort(Comparator.comparingLong(t -> Long.parseLong(t.substring(0, t.indexOf('|')))));
        }
        List<String> want = expected(server, first, last);
        if (!got.equals(want)) {
            throw new IllegalStateException(library + " returned other data than JDBC for users " + first + ".." + last
                    + ":\n" + got + "\n" + want);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("bench.include.warmupSeconds", WARMUP_SECONDS));
        while (System.nanoTime() < until) {
            load();
        }
    }

    static synchronized void seed(TestDatabase.Server server) {
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
