package io.ember.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.examples.readme.JavaSnippets.Source;
import io.ember.examples.readme.MarkdownBlocks.Block;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user's project, standing alone: {@code src/it/quickstart/pom.xml} imports only ember-bom (then
 * Reactor's and Jackson's BOMs at other versions) and depends on Ember without versions; its sources
 * are the README's quickstart, and its test is the README's first repository test, which uses ember-test.
 * A Maven of its own builds, runs and tests it, as the README says, with Ember taken from a private
 * repository (target/it-repo, filled by invoker:install) and everything else from the build's local
 * repository or Maven Central, never from the build's reactor or classpath.
 */
class UserProjectIT {

    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>.*?</dependency>", Pattern.DOTALL);

    /** Artifacts whose version the BOM fixes, checked in the user project's resolved repository. */
    private static final List<String> PINNED = List.of("io/projectreactor/reactor-core",
            "com/fasterxml/jackson/core/jackson-databind", "org/postgresql/r2dbc-postgresql", "io/r2dbc/r2dbc-pool",
            "io/netty/netty-handler");

    private static final Path WORK = Path.of("target", "it", "quickstart").toAbsolutePath();
    private static final Path IT_REPO = Path.of(System.getProperty("ember.it.repo", "target/it-repo")).toAbsolutePath();

    private static List<Block> readme;
    private static String userPom;

    @BeforeAll
    static void copyTheUserProject() throws IOException {
        readme = MarkdownBlocks.read(MarkdownBlocks.readme());
        deleteRecursively(WORK);
        Path template = Path.of(System.getProperty("ember.it.projects", "src/it"), "quickstart", "pom.xml");
        userPom = Files.readString(template, StandardCharsets.UTF_8).replace("@ember.version@", emberVersion());
        Files.createDirectories(WORK);
        Files.writeString(WORK.resolve("pom.xml"), userPom, StandardCharsets.UTF_8);
        for (Source s : ReadmeSnippetsIT.quickstartFiles()) {
            Path file = WORK.resolve("src/main/java").resolve(s.path());
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.text(), StandardCharsets.UTF_8);
        }
        for (Source s : ReadmeSnippetsIT.quickstartTestFiles()) {
            Path file = WORK.resolve("src/test/java").resolve(s.path());
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.text(), StandardCharsets.UTF_8);
        }
        Files.writeString(WORK.resolve("settings.xml"), settings(), StandardCharsets.UTF_8);
    }

    @Test
    void theUserPomDeclaresEmberAsTheReadmeSays() {
        List<Block> xml = MarkdownBlocks.of(readme, "xml").stream().filter(b -> b.marker().equals("user pom")).toList();
        assertThat(xml).as("the README's <!-- snippet: user pom --> block").hasSize(1);
        List<String> readmeDependencies = dependencies(xml.get(0).code());   // with the version being built
        List<String> pomDependencies = dependencies(userPom);
        assertThat(readmeDependencies).isNotEmpty();
        assertThat(pomDependencies).containsAll(readmeDependencies);
        assertThat(pomDependencies.get(0)).as("ember-bom is the first import").contains("<artifactId>ember-bom</artifactId>");
        assertThat(userPom).doesNotContain("ember-parent");
    }

    @Test
    void theUserPomDeclaresTheTestArtifactAsTheReadmeSays() {
        List<Block> xml = MarkdownBlocks.of(readme, "xml").stream().filter(b -> b.marker().equals("user test pom")).toList();
        assertThat(xml).as("the README's <!-- snippet: user test pom --> block").hasSize(1);
        List<String> readmeDependencies = dependencies(xml.get(0).code());
        assertThat(readmeDependencies).singleElement().asString().contains("<artifactId>ember-test</artifactId>")
                .contains("<scope>test</scope>").doesNotContain("<version>");
        assertThat(dependencies(userPom)).containsAll(readmeDependencies);
    }

    @Test
    void userProjectRunsItsOwnRepositoryTestOnEmbeddedPostgresql() throws IOException {
        assertThat(IT_REPO.resolve("io/ember/ember-test/" + emberVersion())).as("installed by invoker:install").isDirectory();
        List<Source> tests = ReadmeSnippetsIT.quickstartTestFiles();
        assertThat(tests).as("the README's test files").isNotEmpty();
        long testMethods = tests.stream().mapToLong(s -> s.text().lines().filter(l -> l.strip().equals("@Test")).count()).sum();
        // ember.test.db=embedded: whatever this build's server is (an external one, a container), the user's test
        // starts an embedded PostgreSQL of its own, as on a machine with no database and no Docker
        ProgramRun run = ProgramRun.run(List.of(mvn(), "-B", "-ntp", "-Dstyle.color=never", "-s",
                        WORK.resolve("settings.xml").toString(), "test", "-Dember.test.db=embedded"),
                WORK, Map.of(), Duration.ofMinutes(5));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String output = run.stdout() + run.stderr();
        assertThat(output).as(run.toString())
                .contains("Ember database: embedded PostgreSQL (zonky)")
                .contains("Tests run: " + testMethods + ", Failures: 0, Errors: 0, Skipped: 0");
        Path report = WORK.resolve("target/surefire-reports");
        try (Stream<Path> reports = Files.list(report)) {
            assertThat(reports.map(p -> p.getFileName().toString()))
                    .contains("TEST-" + JavaSnippets.packageOf(tests.get(0).text()) + "."
                            + tests.get(0).path().replaceAll(".*/|\\.java$", "") + ".xml");
        }
    }

    @Test
    void userProjectBuildsAndRunsTheQuickstartWithOnlyTheBom() throws IOException {
        assertThat(IT_REPO.resolve("io/ember/ember-bom/" + emberVersion())).as("installed by invoker:install").isDirectory();
        Path settings = WORK.resolve("settings.xml");
        for (String artifact : PINNED) {
            removeOtherVersions(IT_REPO.resolve(artifact), versionOnThisClasspath(artifact));   // left by an earlier run
        }
        Block expected = ReadmeSnippetsIT.expectedOutput(readme);
        String mainClass = expected.marker().substring("output of ".length()).trim();
        try (ScratchDatabase db = ScratchDatabase.create("user_project")) {
            ProgramRun run = ProgramRun.run(List.of(mvn(), "-B", "-ntp", "-q", "-Dstyle.color=never", "-s", settings.toString(),
                            "compile", "exec:java", "-Dexec.mainClass=" + mainClass),
                    WORK, Map.of("EMBER_DB_URL", db.url()), Duration.ofMinutes(5));
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.stdoutLines()).as(run.toString()).containsExactlyElementsOf(expected.code().lines().toList());
        }
        // the user's later Reactor and Jackson BOMs did not change what Ember was built and tested with
        for (String artifact : PINNED) {
            assertThat(versionsWithJar(IT_REPO.resolve(artifact))).as(artifact + " in the user project's repository")
                    .containsExactly(versionOnThisClasspath(artifact));
        }
    }

    private static String settings() {
        String outer = Path.of(System.getProperty("ember.outer.repo", System.getProperty("user.home") + "/.m2/repository"))
                .toUri().toString();
        String repository = """
                    <id>%s</id>
                    <url>%s</url>
                    <releases><enabled>true</enabled></releases>
                    <snapshots><enabled>false</enabled></snapshots>
                """.formatted("build-local-repository", outer);
        return """
                <settings>
                  <localRepository>%s</localRepository>
                  <profiles>
                    <profile>
                      <id>reuse-the-build-local-repository</id>
                      <repositories><repository>%s</repository></repositories>
                      <pluginRepositories><pluginRepository>%s</pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>reuse-the-build-local-repository</activeProfile></activeProfiles>
                </settings>
                """.formatted(IT_REPO, repository, repository);
    }

    private static String mvn() {
        String home = System.getProperty("maven.home");
        if (home == null) {
            return "mvn";
        }
        return Path.of(home, "bin", "mvn").toString();
    }

    private static String emberVersion() {
        return System.getProperty("ember.version", "0.1.0-SNAPSHOT");
    }

    private static List<String> dependencies(String xml) {
        List<String> found = new ArrayList<>();
        Matcher m = DEPENDENCY.matcher(xml.replaceAll("<!--.*?-->", ""));
        while (m.find()) {
            found.add(m.group().replaceAll("\\s+", ""));
        }
        return found;
    }

    private static List<String> versionsWithJar(Path artifactDir) throws IOException {
        if (!Files.isDirectory(artifactDir)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(artifactDir)) {
            return versions.filter(v -> hasJar(v)).map(v -> v.getFileName().toString()).sorted().toList();
        }
    }

    private static void removeOtherVersions(Path artifactDir, String keep) throws IOException {
        for (String version : versionsWithJar(artifactDir)) {
            if (!version.equals(keep)) {
                deleteRecursively(artifactDir.resolve(version));
            }
        }
    }

    private static boolean hasJar(Path versionDir) {
        try (Stream<Path> files = Files.list(versionDir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The version of an artifact on this test's classpath: what Ember's build resolved. */
    private static String versionOnThisClasspath(String artifact) {
        String marker = artifact + "/";
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String path = entry.replace(File.separatorChar, '/');
            int at = path.indexOf(marker);
            if (at >= 0) {
                return path.substring(at + marker.length(), path.indexOf('/', at + marker.length()));
            }
        }
        throw new AssertionError(artifact + " is not on the test classpath");
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
