package io.ember.r2dbc.relation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming {@code find} with include over 100,000 parents (users -> posts -> comments) in a JVM
 * limited to {@code -Xmx128m}: it completes, and the peak heap is reported. More parents by hand with
 * {@code -Dember.relations.streamUsers=1000000}.
 */
@ExtendWith(EmberDatabaseExtension.class)
class StreamingIncludeMemoryIT {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingIncludeMemoryIT.class);
    private static final int USERS = Integer.getInteger("ember.relations.streamUsers", 100_000);

    @Test
    void streamingIncludeOverAHundredThousandParentsRunsIn128Megabytes(EmberDatabase db)
            throws IOException, InterruptedException {
        Blog.seed(db, USERS, false);
        long expectedPosts = db.queryLong("SELECT count(*) FROM posts WHERE deleted_at IS NULL");
        var server = db.server();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), StreamingInclude.class.getName(), server.host(),
                String.valueOf(server.port()), server.database(), server.user(), server.password(), db.schema()))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        Matcher m = Pattern.compile("users=(\\d+) posts=(\\d+) peakHeapBytes=(\\d+) maxHeapBytes=(\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(USERS);
        assertThat(Long.parseLong(m.group(2))).isEqualTo(expectedPosts);
        long peak = Long.parseLong(m.group(3));
        LOG.info("Streaming include over {} users ({} posts) with -Xmx128m: peak heap {} MB of {} MB", USERS,
                expectedPosts, peak / (1024 * 1024), Long.parseLong(m.group(4)) / (1024 * 1024));
    }
}
