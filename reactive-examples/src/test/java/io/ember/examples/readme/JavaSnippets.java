package io.ember.examples.readme;

import io.ember.examples.readme.MarkdownBlocks.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's Java blocks as compilation units. The convention, stated in the README's source:
 * <ul>
 *   <li>a block that starts with {@code package} is a source file, compiled as it is; marked
 *       {@code <!-- snippet: test file -->}, it is a source file of the user's tests (compiled here against
 *       the test classpath, run by {@code UserProjectIT} in the user project's {@code src/test/java});</li>
 *   <li>any other block is a fragment: its leading {@code import} lines are its imports, the rest is
 *       the body of a method of a class in the source files' package (so the quickstart's types are in
 *       scope); a {@code <!-- snippet: given Type name, ... -->} marker before it declares the method's
 *       parameters, the values the fragment takes as given;</li>
 *   <li>a block marked {@code <!-- snippet: not compiled: why -->} is not compiled, and the test
 *       lists it.</li>
 * </ul>
 */
final class JavaSnippets {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern PUBLIC_TYPE =
            Pattern.compile("^public\\s+(?:final\\s+|abstract\\s+|sealed\\s+)*(?:class|record|interface|enum)\\s+(\\w+)",
                    Pattern.MULTILINE);

    /** A source file to compile: its path under the source root, its text, and the README block it came from. */
    record Source(String path, String text, Block block, int bodyOffset) {

        /** The README line of a line of this source file (1-based), for error messages. */
        long readmeLine(long sourceLine) {
            return block.line() + sourceLine - 1 - bodyOffset;
        }
    }

    /** What became of the blocks: the sources to compile (main, fragments, tests) and the blocks deliberately left out. */
    record Snippets(List<Source> files, List<Source> fragments, List<Source> testFiles, List<Block> notCompiled) {

        List<Source> all() {
            List<Source> all = new ArrayList<>(files);
            all.addAll(fragments);
            all.addAll(testFiles);
            return all;
        }
    }

    private JavaSnippets() {
    }

    static Snippets of(List<Block> javaBlocks) {
        List<Source> files = new ArrayList<>();
        List<Source> testFiles = new ArrayList<>();
        List<Block> fragmentBlocks = new ArrayList<>();
        List<Block> notCompiled = new ArrayList<>();
        for (Block b : javaBlocks) {
            if (b.marker().startsWith("not compiled")) {
                notCompiled.add(b);
            } else if (b.marker().equals("test file")) {
                testFiles.add(file(b));
            } else if (b.code().stripLeading().startsWith("package ")) {
                files.add(file(b));
            } else {
                fragmentBlocks.add(b);
            }
        }
        String pkg = files.isEmpty() ? "readme" : packageOf(files.get(0).text());
        List<Source> fragments = new ArrayList<>();
        for (Block b : fragmentBlocks) {
            fragments.add(fragment(b, pkg));
        }
        return new Snippets(files, fragments, testFiles, notCompiled);
    }

    static String packageOf(String source) {
        Matcher m = PACKAGE.matcher(source);
        if (!m.find()) {
            throw new IllegalArgumentException("No package declaration in\n" + source);
        }
        return m.group(1);
    }

    private static Source file(Block b) {
        Matcher type = PUBLIC_TYPE.matcher(b.code());
        if (!type.find()) {
            throw new IllegalArgumentException(b.where() + ": a source file block declares no public type");
        }
        String path = packageOf(b.code()).replace('.', '/') + "/" + type.group(1) + ".java";
        return new Source(path, b.code(), b, 0);
    }

    private static Source fragment(Block b, String pkg) {
        List<String> lines = b.code().lines().toList();
        int bodyStart = 0;
        while (bodyStart < lines.size()
                && (lines.get(bodyStart).isBlank() || lines.get(bodyStart).startsWith("import "))) {
            bodyStart++;
        }
        String imports = String.join("\n", lines.subList(0, bodyStart));
        String body = String.join("\n", lines.subList(bodyStart, lines.size()));
        String given = b.marker().startsWith("given ") ? b.marker().substring("given ".length()) : "";
        String className = "ReadmeLine" + b.line();
        String header = "package " + pkg + ";\n" + imports + "\n"
                + "@SuppressWarnings(\"unused\")\n"
                + "final class " + className + " {\n"
                + "    void snippet(" + given + ") throws Exception {\n";
        int headerLines = (int) header.lines().count();
        String text = header + body + "\n    }\n}\n";
        // source line headerLines + 1 is README line b.line() + bodyStart
        return new Source(pkg.replace('.', '/') + "/" + className + ".java", text, b, headerLines - bodyStart);
    }
}
