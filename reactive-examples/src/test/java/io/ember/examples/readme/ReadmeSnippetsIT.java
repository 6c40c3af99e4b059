package io.ember.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.examples.readme.JavaSnippets.Snippets;
import io.ember.examples.readme.JavaSnippets.Source;
import io.ember.examples.readme.MarkdownBlocks.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README can never drift from the code: every ```java block of README.md compiles as written,
 * with its imports, against the built modules, and the quickstart prints what the README says it
 * prints when run on an empty database. The conventions for fragments are in {@link JavaSnippets}.
 */
class ReadmeSnippetsIT {

    /** Blocks marked {@code <!-- snippet: not compiled: ... -->}, by their first line of code. Today: none. */
    private static final List<String> DELIBERATELY_NOT_COMPILED = List.of();

    private static final Path WORK = Path.of("target", "readme-snippets");

    private static List<Block> blocks;
    private static Snippets snippets;
    private static List<String> compileErrors;

    @BeforeAll
    static void compileTheReadme() throws IOException {
        blocks = MarkdownBlocks.read(MarkdownBlocks.readme());
        snippets = JavaSnippets.of(MarkdownBlocks.of(blocks, "java"));
        deleteRecursively(WORK);
        compileErrors = SnippetCompiler.compile(snippets.all(), WORK);
        for (Block b : snippets.notCompiled()) {
            System.out.println("README block not compiled, as marked (" + b.marker() + "): " + b.where());
        }
    }

    @Test
    void everyJavaBlockOfTheReadmeCompilesWithItsImports() {
        assertThat(snippets.files()).as("the quickstart's source files").hasSizeGreaterThanOrEqualTo(3);
        assertThat(snippets.fragments()).as("the README's fragments").isNotEmpty();
        assertThat(snippets.testFiles()).as("the README's test files (the first repository test)").isNotEmpty();
        assertThat(compileErrors).as("compile errors of the README's Java blocks").isEmpty();
    }

    @Test
    void noJavaBlockIsLeftOutUnlessMarkedAndListed() {
        List<Block> java = MarkdownBlocks.of(blocks, "java");
        List<Block> compiled = new ArrayList<>();
        snippets.all().forEach(s -> compiled.add(s.block()));
        assertThat(compiled.size() + snippets.notCompiled().size()).isEqualTo(java.size());
        assertThat(snippets.notCompiled()).extracting(b -> b.code().lines().findFirst().orElse(""))
                .containsExactlyElementsOf(DELIBERATELY_NOT_COMPILED);
        assertThat(blocks).as("blocks whose language is missing (so no test would check them)")
                .noneMatch(b -> b.language().isEmpty());
    }

    @Test
    void quickstartPrintsWhatTheReadmeSays() throws IOException {
        assertThat(compileErrors).as("compile errors of the README's Java blocks").isEmpty();
        Block output = expectedOutput(blocks);
        String mainClass = output.marker().substring("output of ".length()).trim();
        Path logConfig = WORK.resolve("logback-stderr.xml");
        Files.writeString(logConfig, """
                <configuration>
                  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="STDERR"/></root>
                </configuration>
                """);
        String classpath = WORK.resolve("classes").toAbsolutePath() + java.io.File.pathSeparator
                + System.getProperty("java.class.path");
        try (ScratchDatabase db = ScratchDatabase.create("readme_quickstart")) {
            ProgramRun run = ProgramRun.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-Dlogback.configurationFile=" + logConfig.toAbsolutePath(), "-cp", classpath, mainClass),
                    WORK, Map.of("EMBER_DB_URL", db.url()), Duration.ofMinutes(2));
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.stdoutLines()).as(run.toString()).containsExactlyElementsOf(output.code().lines().toList());
        }
    }

    /** The README's {@code <!-- snippet: output of Main -->} block: what the quickstart prints. */
    static Block expectedOutput(List<Block> blocks) {
        List<Block> outputs = blocks.stream().filter(b -> b.marker().startsWith("output of ")).toList();
        assertThat(outputs).as("README blocks marked 'output of'").hasSize(1);
        return outputs.get(0);
    }

    /** The README's source files (blocks that start with {@code package}): the quickstart. */
    static List<Source> quickstartFiles() {
        return JavaSnippets.of(MarkdownBlocks.of(MarkdownBlocks.read(MarkdownBlocks.readme()), "java")).files();
    }

    /** The README's test source files (marked {@code <!-- snippet: test file -->}): the user's first repository test. */
    static List<Source> quickstartTestFiles() {
        return JavaSnippets.of(MarkdownBlocks.of(MarkdownBlocks.read(MarkdownBlocks.readme()), "java")).testFiles();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
