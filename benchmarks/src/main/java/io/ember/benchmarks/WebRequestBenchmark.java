package io.ember.benchmarks;

import static io.ember.core.filter.Where.where;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ember.benchmarks.IncludeBenchmark.EmberPost;
import io.ember.benchmarks.IncludeBenchmark.EmberUser;
import io.ember.benchmarks.IncludeBenchmark.SpringPost;
import io.ember.benchmarks.IncludeBenchmark.SpringUser;
import io.ember.core.filter.Filter;
import io.ember.core.filter.Inclusion;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A web request: a user by id and that user's last 10 posts ({@code ORDER BY id DESC LIMIT 10}),
 * {@value #REQUESTS} requests per invocation with {@code inFlight} (256) at once; scores are per
 * request. Each library as its users write it: Ember with one {@code findById} and an include (two
 * statements on one connection); {@code ember-coalesce}, on a datasource that coalesces point reads,
 * with {@code findById} (coalesced) then a {@code find} of the posts; raw r2dbc, JDBC (HikariCP) and
 * Vert.x with the two statements on one connection; Spring Data R2DBC with two template calls (it has
 * no relations). Every pool has {@link BenchDatabase#POOL_SIZE} connections. Every request is
 * checked: the user's name and exactly 10 posts, all of that user.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class WebRequestBenchmark {

    static final int REQUESTS = 1_024;
    static final String USER = "SELECT id, name FROM bench_user WHERE id = $1";
    static final String POSTS = "SELECT id, user_id, title, qty FROM bench_post WHERE user_id = $1 ORDER BY id DESC LIMIT 10";

    @Param({"ember", "ember-coalesce", "raw", "spring", "jdbc", "vertx"})
    public String library;

    @Param({"256"})
    public int inFlight;

    private final long[] ids = new long[REQUESTS];
    private PostgresDataSource ember;
    private DefaultCrudRepository<EmberUser, Long> users;
    private DefaultCrudRepository<EmberPost, Long> posts;
    private ConnectionPool pool;
    private R2dbcEntityTemplate template;
    private HikariDataSource hikari;
    private Vertx vertx;
    private Pool vertxPool;

    @Setup(Level.Trial)
    public void open() {
        TestDatabase.Server server = BenchDatabase.server();
        IncludeBenchmark.seed(server);
        switch (library) {
            case "ember", "ember-coalesce" -> {
                ember = EmberDatabase.builderFor(server).name("bench-web").initialSize(BenchDatabase.POOL_SIZE)
                        .maxSize(BenchDatabase.POOL_SIZE).acquireTimeout(Duration.ofSeconds(30))
                        .forceBinary(Tuning.FORCE_BINARY).coalescePointReads(library.equals("ember-coalesce")).build();
                users = new DefaultCrudRepository<>(EmberUser.class, ember);
                posts = new DefaultCrudRepository<>(EmberPost.class, ember);
            }
            case "raw" -> pool = Tuning.r2dbcPool(server);
            case "spring" -> {
                pool = Tuning.r2dbcPool(server);
                template = new R2dbcEntityTemplate(pool);
            }
            case "jdbc" -> {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(server.jdbcUrl());
                config.setUsername(server.user());
                config.setPassword(server.password());
                config.setMaximumPoolSize(BenchDatabase.POOL_SIZE);
                config.setMinimumIdle(BenchDatabase.POOL_SIZE);
                config.setPoolName("bench-web-jdbc");
                hikari = new HikariDataSource(config);
            }
            case "vertx" -> {
                vertx = Vertx.vertx();
                vertxPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(BenchDatabase.POOL_SIZE))
                        .connectingTo(new PgConnectOptions().setHost(server.host()).setPort(server.port())
                                .setDatabase(server.database()).setUser(server.user()).setPassword(server.password())
                                .setCachePreparedStatements(true))
                        .using(vertx).build();
            }
            default -> throw new IllegalArgumentException("Unknown library: " + library);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        if (ember != null) {
            ember.close();
        }
        if (pool != null) {
            pool.dispose();
        }
        if (hikari != null) {
            hikari.close();
        }
        if (vertx != null) {
            vertxPool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** {@value #REQUESTS} requests; returns the posts read (10 per request). */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public long requests() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + random.nextInt(IncludeBenchmark.USERS);
        }
        long total = library.equals("jdbc") ? Concurrency.blocking(REQUESTS, inFlight, i -> jdbc(ids[i]))
                : Concurrency.reactive(REQUESTS, inFlight, i -> request(ids[i]));
        if (total != (long) REQUESTS * IncludeBenchmark.POSTS_PER_USER) {
            throw new IllegalStateException(library + " read " + total + " posts for " + REQUESTS + " requests");
        }
        return total;
    }

    private Mono<Long> request(long id) {
        return switch (library) {
            case "ember" -> users.findById(id, Filter.empty().include(Inclusion.of("posts",
                            Filter.empty().orderBy("id DESC").limit(10))))
                    .map(u -> check(id, u.name(), u.posts().size(), u.posts().get(0).userId()));
            case "ember-coalesce" -> users.findById(id)
                    .flatMap(u -> posts.find(Filter.of(where("userId").eq(id)).orderBy("id DESC").limit(10)).collectList()
                            .map(p -> check(id, u.name(), p.size(), p.get(0).userId())));
            case "spring" -> template.selectOne(Query.query(Criteria.where("id").is(id)), SpringUser.class)
                    .flatMap(u -> template.select(Query.query(Criteria.where("userId").is(id))
                                    .sort(Sort.by(Sort.Direction.DESC, "id")).limit(10), SpringPost.class).collectList()
                            .map(p -> check(id, u.name(), p.size(), p.get(0).userId())));
            case "raw" -> Flux.usingWhen(pool.create(), (Connection c) -> Flux.from(c.createStatement(USER).bind(0, id)
                                    .execute()).concatMap(r -> r.map(row -> row.get(1, String.class)))
                            .collectList()
                            .flatMap(name -> Flux.from(c.createStatement(POSTS).bind(0, id).execute())
                                    .concatMap(r -> r.map(row -> new EmberPost(row.get(0, Long.class),
                                            row.get(1, Long.class), row.get(2, String.class), row.get(3, Integer.class))))
                                    .collectList()
                                    .map(p -> check(id, name.get(0), p.size(), p.get(0).userId()))),
                    Connection::close).single();
            case "vertx" -> Mono.fromCompletionStage(() -> vertxPool.withConnection(c -> c.preparedQuery(USER)
                            .execute(Tuple.of(id))
                            .compose(u -> c.preparedQuery(POSTS).execute(Tuple.of(id)).map(rows -> {
                                List<EmberPost> p = new ArrayList<>();
                                for (Row row : rows) {
                                    p.add(new EmberPost(row.getLong(0), row.getLong(1), row.getString(2), row.getInteger(3)));
                                }
                                return check(id, u.iterator().next().getString(1), p.size(), p.get(0).userId());
                            })))
                    .toCompletionStage());
            default -> throw new IllegalArgumentException(library);
        };
    }

    private long jdbc(long id) throws Exception {
        try (java.sql.Connection c = hikari.getConnection();
             PreparedStatement user = c.prepareStatement(USER.replace("$1", "?"));
             PreparedStatement latest = c.prepareStatement(POSTS.replace("$1", "?"))) {
            user.setLong(1, id);
            String name;
            try (ResultSet rs = user.executeQuery()) {
                rs.next();
                name = rs.getString(2);
            }
            latest.setLong(1, id);
            List<EmberPost> p = new ArrayList<>();
            try (ResultSet rs = latest.executeQuery()) {
                while (rs.next()) {
                    p.add(new EmberPost(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4)));
                }
            }
            return check(id, name, p.size(), p.get(0).userId());
        }
    }

    /** The posts of a request, after checking that it read that user and 10 posts of theirs. */
    private static long check(long id, String name, int posts, long postUser) {
        if (!name.equals("user-" + id) || postUser != id) {
            throw new IllegalStateException("request for user " + id + " read " + name + " and posts of " + postUser);
        }
        return posts;
    }
}
