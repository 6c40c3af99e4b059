package io.ember.r2dbc.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import io.ember.r2dbc.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * {@code GET /lines/stream} read by a slow client from a server in a JVM of its own with a small heap
 * ({@value #XMX}) and little direct memory: the client pauses after {@value #PAUSE_AT} lines, and while it
 * waits the server has produced only a bounded number of rows more (the view counts them in a sequence),
 * and its heap after GC stays small; then every row arrives. {@code -Dember.stream.rows} sets the size
 * (20,000 rows of ~1 KB here; the full size is 100,000).
 */
@ExtendWith(EmberDatabaseExtension.class)
class CrudStreamIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = Integer.getInteger("ember.stream.rows", 20_000);
    private static final int PAUSE_AT = 2_000;
    private static final String XMX = "-Xmx48m";
    /** Rows the server may produce beyond what the client has read while it pauses: buffers and a fetch. */
    private static final long MAX_AHEAD = 10_000;

    @Test
    void aSlowClientSlowsTheDatabaseReadAndTheServerHeapStaysBounded(EmberDatabase db) throws Exception {
        db.execute(HttpModels.lineDdl(ROWS));
        TestDatabase.Server pg = db.server();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), XMX, "-XX:MaxDirectMemorySize=32m",
                "-Dio.netty.maxDirectMemory=0", "-cp", System.getProperty("java.class.path"),
                "-Ddb.host=" + pg.host(), "-Ddb.port=" + pg.port(), "-Ddb.database=" + pg.database(),
                "-Ddb.user=" + pg.user(), "-Ddb.password=" + pg.password(), "-Ddb.schema=" + db.schema(),
                StreamServerMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("PORT ")) {
                    port = Integer.parseInt(line.substring(5).trim());
                    break;
                }
            }
            assertThat(port).as("the forked server's port").isPositive();
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "stream-server-output");
            drain.setDaemon(true);
            drain.start();

            HttpClient client = HttpClient.create().baseUrl("http://127.0.0.1:" + port);
            AtomicLong lines = new AtomicLong();
            AtomicLong lastId = new AtomicLong();
            AtomicReference<long[]> atPause = new AtomicReference<>();
            StringBuilder partial = new StringBuilder();
            long started = System.nanoTime();
            client.get().uri("/lines/stream").responseContent().asString(StandardCharsets.UTF_8)
                    .concatMap(chunk -> {
                        long before = lines.get();
                        count(chunk, partial, lines, lastId);
                        if (before < PAUSE_AT && lines.get() >= PAUSE_AT) {
                            // stop reading for a while: the server's socket fills, its cursor should stop
                            return Mono.delay(Duration.ofSeconds(2))
                                    .then(Mono.fromCallable(() -> new long[] {lines.get(), db.queryLong("SELECT last_value FROM line_reads_seq"),
                                            memory(client).get("usedAfterGc").asLong()}).subscribeOn(Schedulers.boundedElastic()))
                                    .doOnNext(atPause::set)
                                    .thenReturn(chunk);
                        }
                        return Mono.just(chunk);
                    }, 1)
                    .then()
                    .block(Duration.ofMinutes(5));
            long millis = (System.nanoTime() - started) / 1_000_000;
            JsonNode after = memory(client);
            long[] pause = atPause.get();
            System.out.printf("CrudStreamIT: %d rows in %d ms; at the pause the client had %d lines, the server had produced %d rows"
                            + " (%d ahead), heap after GC %d KB; at the end heap after GC %d KB, peak %d KB, max %d KB%n",
                    lines.get(), millis, pause[0], pause[1], pause[1] - pause[0], pause[2] / 1024,
                    after.get("usedAfterGc").asLong() / 1024, after.get("peakSum").asLong() / 1024, after.get("max").asLong() / 1024);

            assertThat(lines.get()).isEqualTo(ROWS);
            assertThat(lastId.get()).isEqualTo(ROWS);
            assertThat(pause[1]).as("rows produced while the client paused").isLessThan(ROWS).isLessThanOrEqualTo(pause[0] + MAX_AHEAD);
            assertThat(pause[2]).as("server heap after GC while streaming").isLessThan(32L << 20);
            assertThat(db.queryLong("SELECT last_value FROM line_reads_seq")).isEqualTo(ROWS);
        } finally {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void count(String chunk, StringBuilder partial, AtomicLong lines, AtomicLong lastId) {
        partial.append(chunk);
        int start = 0;
        for (int nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n", start)) {
            String line = partial.substring(start, nl);
            lines.incrementAndGet();
            try {
                lastId.set(JSON.readTree(line).get("id").asLong());
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            start = nl + 1;
        }
        partial.delete(0, start);
    }

    private static JsonNode memory(HttpClient client) throws Exception {
        String text = client.get().uri("/memory").responseContent().aggregate().asString().block(Duration.ofSeconds(30));
        return JSON.readTree(text);
    }
}
