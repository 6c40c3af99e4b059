package io.ember.examples.service;

import io.ember.core.application.Application;
import io.ember.examples.blog.BlogApplication;
import io.ember.examples.blog.CommentRepository;
import io.ember.examples.blog.PostRepository;
import io.ember.examples.blog.UserRepository;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.TestDatabase;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import sun.misc.Signal;

/**
 * The example service: the blog ({@link io.ember.examples.blog}) in an {@link Application}, served over
 * HTTP by Reactor Netty ({@link BlogRoutes}). {@code main} starts it on the database the tests use (the
 * environment's, else Testcontainers, else an embedded PostgreSQL) with a fresh, seeded blog
 * ({@link BlogSeed}), on port {@code $PORT} (8080 by default), and prints where it listens.
 *
 * <p>SIGTERM (or Ctrl-C) stops it gracefully: the server stops accepting connections, the requests in
 * flight get up to {@link #DEADLINE} to finish, then the application closes its pools.
 */
public final class BlogService {

    /** How long a stop waits for the requests in flight, then for the pools. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(BlogService.class);

    private final Application application;
    private final DisposableServer server;

    private BlogService(Application application, DisposableServer server) {
        this.application = application;
        this.server = server;
    }

    /**
     * Starts the application on a datasource (recreating and seeding the blog's tables), then the HTTP
     * server on {@code 127.0.0.1:port} (0 for any free port). Cold.
     */
    public static Mono<BlogService> start(PostgresDataSource dataSource, int port) {
        return Mono.defer(() -> {
            Application application = BlogApplication.create("db", dataSource, (ds, models) -> BlogSeed.recreate(ds));
            BlogRoutes routes = new BlogRoutes(application.repository(UserRepository.class),
                    application.repository(PostRepository.class), application.repository(CommentRepository.class));
            return application.start()
                    .then(HttpServer.create()
                            .host("127.0.0.1")
                            .port(port)
                            // the connections a graceful stop waits for
                            .channelGroup(new DefaultChannelGroup(new DefaultEventExecutor()))
                            .route(routes)
                            .bind())
                    .map(server -> new BlogService(application, server))
                    .onErrorResume(e -> application.stop(Duration.ZERO).then(Mono.error(e)));
        });
    }

    /** The port the service listens on. */
    public int port() {
        return server.port();
    }

    /**
     * Stops gracefully, blocking up to twice the deadline: no new connection is accepted, the requests in
     * flight get {@code deadline} to finish, then the application's pools close (their work in flight gets
     * {@code deadline} too).
     */
    public void stop(Duration deadline) {
        try {
            server.disposeNow(deadline);
        } catch (IllegalStateException e) {
            LOG.warn("Requests still in flight after {}; closing their connections", deadline);
        }
        application.stop(deadline).block();
    }

    /** Starts the service and serves until SIGTERM or Ctrl-C. */
    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        TestDatabase.Server database = TestDatabase.server();
        PostgresDataSource dataSource = EmberDatabase.builderFor(database).name("blog").maxSize(10).build();
        BlogService service = start(dataSource, port).block(Duration.ofMinutes(2));
        System.out.println("Blog service on http://localhost:" + service.port() + " (database: " + database.source()
                + "); stop it with Ctrl-C or SIGTERM");
        // Handled here rather than in a shutdown hook, so the service stops before the embedded database's hook runs.
        Signal.handle(new Signal("TERM"), signal -> stopAndExit(service));
        Signal.handle(new Signal("INT"), signal -> stopAndExit(service));
        service.server.onDispose().block();
    }

    private static void stopAndExit(BlogService service) {
        System.out.println("Stopping: finishing the requests in flight (up to " + DEADLINE.toSeconds() + " s)");
        service.stop(DEADLINE);
        System.out.println("Stopped");
        System.exit(0);
    }
}
