package io.ember.examples.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown file, each with its language, the line it starts on and the
 * {@code <!-- snippet: ... -->} marker on the last non-blank line before its fence, if any.
 */
final class MarkdownBlocks {

    private static final Pattern MARKER = Pattern.compile("^<!--\\s*snippet:\\s*(.*?)\\s*-->$");

    /** One fenced block: {@code line} is the 1-based line of its first code line. */
    record Block(String language, int line, String marker, String code) {

        /** Where the block is, for messages: {@code README.md line 71}. */
        String where() {
            return "README.md line " + line;
        }
    }

    private MarkdownBlocks() {
    }

    /** The repository's README.md (the build passes its path; from a module's folder it is {@code ../README.md}). */
    static Path readme() {
        return Path.of(System.getProperty("ember.readme", "../README.md"));
    }

    static List<Block> read(Path markdown) {
        try {
            return parse(Files.readAllLines(markdown));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Block> parse(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        String marker = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                String language = line.substring(3).trim();
                StringBuilder code = new StringBuilder();
                int first = i + 2;
                i++;
                while (i < lines.size() && !lines.get(i).startsWith("```")) {
                    code.append(lines.get(i)).append('\n');
                    i++;
                }
                if (i == lines.size()) {
                    throw new IllegalStateException("Unclosed code block at line " + (first - 1));
                }
                blocks.add(new Block(language, first, marker, code.toString()));
                marker = "";
            } else if (!line.isBlank()) {
                Matcher m = MARKER.matcher(line.trim());
                marker = m.matches() ? m.group(1) : "";
            }
        }
        return blocks;
    }

    /** The blocks of one language ({@code java}, {@code text}, {@code xml}). */
    static List<Block> of(List<Block> blocks, String language) {
        return blocks.stream().filter(b -> b.language().equals(language)).toList();
    }
}
