package io.ember.examples.readme;

import io.ember.examples.readme.JavaSnippets.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles snippet sources in-process (javax.tools) against this test's own classpath: the built modules. */
final class SnippetCompiler {

    private SnippetCompiler() {
    }

    /**
     * Writes the sources under {@code dir/src}, compiles them into {@code dir/classes} and returns
     * every error, each naming the README line it comes from; empty when all compiled.
     */
    static List<String> compile(List<Source> sources, Path dir) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("No system Java compiler: run the tests on a JDK, not a JRE");
        }
        try {
            Path src = dir.toAbsolutePath().resolve("src");
            Path classes = Files.createDirectories(dir.resolve("classes"));
            List<Path> files = new ArrayList<>();
            for (Source s : sources) {
                Path file = src.resolve(s.path());
                Files.createDirectories(file.getParent());
                Files.writeString(file, s.text(), StandardCharsets.UTF_8);
                files.add(file);
            }
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<String> options = List.of("--release", "17", "-proc:none", "-encoding", "UTF-8",
                        "-classpath", System.getProperty("java.class.path"), "-d", classes.toString());
                javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
            }
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(describe(d, sources, src));
                }
            }
            return errors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(Diagnostic<? extends JavaFileObject> d, List<Source> sources, Path src) {
        String message = d.getMessage(Locale.ROOT);
        if (d.getSource() == null) {
            return message;
        }
        Path file = Path.of(d.getSource().toUri());
        for (Source s : sources) {
            if (src.resolve(s.path()).equals(file)) {
                String line = s.text().lines().skip(Math.max(0, d.getLineNumber() - 1)).findFirst().orElse("");
                return "README.md line " + s.readmeLine(d.getLineNumber()) + " (block at " + s.block().where() + "): "
                        + message + "\n    " + line.strip();
            }
        }
        return file + ":" + d.getLineNumber() + ": " + message;
    }
}
