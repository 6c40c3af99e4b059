package io.ember.r2dbc.http;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A server of its own JVM for {@link CrudStreamIT}: the {@code /lines} resource over the view
 * {@code line_reads}, and {@code GET /memory} answering the heap in use after a full GC, the heap's
 * peak so far and the maximum. Prints {@code PORT <n>} when it listens; stops when its input closes.
 * Connection details come as system properties ({@code db.host}, {@code db.port}...).
 */
public final class StreamServerMain {

    /** Reads the heap, the way the test wants it. */
    static Map<String, Long> memory() {
        System.gc();
        long used = 0;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return Map.of("usedAfterGc", used, "peakSum", peak, "max", Runtime.getRuntime().maxMemory());
    }

    public static void main(String[] args) throws Exception {
        try (PostgresDataSource ds = PostgresDataSource.builder()
                .host(System.getProperty("db.host")).port(Integer.getInteger("db.port"))
                .database(System.getProperty("db.database")).user(System.getProperty("db.user"))
                .password(System.getProperty("db.password")).schema(System.getProperty("db.schema"))
                .maxSize(2).name("stream-server").build()) {
            CrudRoutes<HttpModels.LineRead, Long> lines = CrudRoutes.of("/lines",
                    new DefaultCrudRepository<>(HttpModels.LineRead.class, ds));
            DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                    .route(routes -> {
                        lines.accept(routes);
                        routes.get("/memory", (request, response) -> response.header("Content-Type", "application/json")
                                .sendByteArray(Mono.fromCallable(() -> JsonWriter.value(memory()))));
                    })
                    .bindNow(Duration.ofSeconds(30));
            System.out.println("PORT " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our input
            }
            server.disposeNow(Duration.ofSeconds(10));
        }
    }
}
