package io.ember.examples.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A program run in a process of its own, with its exit code, standard output and standard error. */
record ProgramRun(int exitCode, String stdout, String stderr) {

    /** Runs the command in {@code dir} with extra environment variables; kills it after the timeout. */
    static ProgramRun run(List<String> command, Path dir, Map<String, String> env, Duration timeout) {
        try {
            Path out = Files.createTempFile(dir, "stdout", ".txt");
            Path err = Files.createTempFile(dir, "stderr", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                throw new AssertionError("Timed out after " + timeout + ": " + command + "\nstdout:\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new ProgramRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Standard output as lines, without trailing blanks (nor blank lines at the end) and without the terminal's colour-reset codes
     * (Maven 3.8 writes {@code ESC[0m} around a program's output even in batch mode).
     */
    List<String> stdoutLines() {
        return stdout.replaceAll("\u001B\\[[;\\d]*m", "").stripTrailing().lines().map(String::stripTrailing).toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
