package io.ember.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.examples.readme.MarkdownBlocks.Block;
import io.ember.examples.service.BlogService;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's service section tells the truth: its service command is the {@code -Pservice} profile, and
 * every {@code $ curl ...} line of its blocks marked {@code <!-- snippet: service curl -->}, run as written
 * with curl (only the port changed) against a freshly started service, in README order, prints exactly
 * the lines below it, where {@code <time>} stands for any timestamp.
 */
@ExtendWith(EmberDatabaseExtension.class)
class ServiceReadmeIT {

    private static final String MARKER = "service curl";
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";
    private static final String COMMAND = "mvn -B -q -Pservice package -DskipTests";

    /** One {@code $ curl} line and the output the README shows for it. */
    record Example(String command, String output, String where) {
    }

    static List<Example> examples(List<Block> blocks) {
        List<Example> examples = new ArrayList<>();
        for (Block block : blocks) {
            if (!block.marker().equals(MARKER)) {
                continue;
            }
            List<String> lines = block.code().lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).startsWith("$ ")) {
                    throw new AssertionError("README.md line " + (block.line() + i) + ": expected a '$ ' command line");
                }
                int j = i + 1;
                while (j < lines.size() && !lines.get(j).startsWith("$ ")) {
                    j++;
                }
                examples.add(new Example(lines.get(i).substring(2), String.join("\n", lines.subList(i + 1, j)),
                        "README.md line " + (block.line() + i)));
                i = j - 1;
            }
        }
        return examples;
    }

    @Test
    void theReadmesServiceCommandIsTheServiceProfile() throws IOException {
        List<Block> blocks = MarkdownBlocks.read(MarkdownBlocks.readme());
        assertThat(MarkdownBlocks.of(blocks, "sh")).extracting(b -> b.code().strip()).contains(COMMAND);
        String pom = Files.readString(MarkdownBlocks.readme().resolveSibling("reactive-examples/pom.xml"), StandardCharsets.UTF_8);
        assertThat(pom).contains("<id>service</id>").contains("<argument>io.ember.examples.service.BlogService</argument>");
    }

    @Test
    void everyCurlExampleOfTheReadmeAnswersWhatTheReadmeShows(EmberDatabase db) throws Exception {
        List<Example> examples = examples(MarkdownBlocks.read(MarkdownBlocks.readme()));
        assertThat(examples).as("the README's curl examples").hasSizeGreaterThanOrEqualTo(15);
        BlogService service = BlogService.start(db.newDataSource(b -> { }), 0).block(Duration.ofSeconds(60));
        try {
            for (Example example : examples) {
                assertThat(example.command()).as(example.where()).startsWith("curl ").contains("http://localhost:8080/");
                String command = example.command().replace("localhost:8080", "localhost:" + service.port());
                String actual = run(command);
                assertThat(actual).as("%s: %s%nprinted:%n%s", example.where(), example.command(), actual)
                        .matches(pattern(example.output()));
            }
        } finally {
            service.stop(Duration.ofSeconds(10));
        }
    }

    /** The expected output as a pattern: literal, except {@code <time>}. */
    private static Pattern pattern(String expected) {
        String[] parts = expected.strip().split("<time>", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(TIME);
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static String run(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new String(out, StandardCharsets.UTF_8).replace("\r\n", "\n").strip();
    }
}
