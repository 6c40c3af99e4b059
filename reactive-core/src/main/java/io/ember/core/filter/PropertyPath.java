package io.ember.core.filter;

import io.ember.core.error.InvalidFilterException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A property name, optionally followed by a JSON path into a jsonb property:
 * {@code "metadata.address.city"} is property {@code metadata}, path {@code [address, city]};
 * {@code "items[0].sku"} is property {@code items}, path {@code [0, sku]}.
 *
 * @param property the property name (the first segment)
 * @param jsonPath the segments inside the JSON document; empty for a plain property
 */
public record PropertyPath(String property, List<String> jsonPath) {

    /** The most segments a JSON path may have after the property (a deeper path is refused). */
    public static final int MAX_SEGMENTS = 32;

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern INDEX = Pattern.compile("\\d{1,9}");

    public PropertyPath {
        jsonPath = List.copyOf(jsonPath);
    }

    /** Whether this path points inside a JSON document. */
    public boolean isJson() {
        return !jsonPath.isEmpty();
    }

    /**
     * Parses a path. Segments are separated by dots; {@code [n]} is an array index. Every segment
     * must be a key ({@code [A-Za-z_][A-Za-z0-9_-]*}) or an index; at most {@value #MAX_SEGMENTS}
     * segments follow the property.
     *
     * @param text        the path text
     * @param filterPath  where the text sits in the filter, for the error message
     * @throws InvalidFilterException naming {@code filterPath} when a segment is malformed
     */
    public static PropertyPath parse(String text, String filterPath) {
        String shown = JsonValues.excerpt(text, 100);
        if (text.indexOf('.') < 0 && text.indexOf('[') < 0) {
            if (!KEY.matcher(text).matches()) {
                throw new InvalidFilterException(filterPath, "'" + shown + "' is not a property name");
            }
            return new PropertyPath(text, List.of());
        }
        List<String> segments = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            String key = bracket < 0 ? part : part.substring(0, bracket);
            if (part.isEmpty()) {
                throw new InvalidFilterException(filterPath, "empty path segment in '" + shown + "'");
            }
            if (!key.isEmpty() || segments.isEmpty()) {
                if (!KEY.matcher(key).matches() && !(!segments.isEmpty() && INDEX.matcher(key).matches())) {
                    throw new InvalidFilterException(filterPath, "bad path segment '" + JsonValues.excerpt(key, 100)
                            + "' in '" + shown + "'");
                }
                segments.add(key);
            }
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0) {
                    throw new InvalidFilterException(filterPath, "unclosed '[' in '" + shown + "'");
                }
                String index = part.substring(bracket + 1, close);
                if (!INDEX.matcher(index).matches()) {
                    throw new InvalidFilterException(filterPath, "bad array index '" + JsonValues.excerpt(index, 100)
                            + "' in '" + shown + "'");
                }
                segments.add(index);
                bracket = part.indexOf('[', close);
                if (bracket < 0 && close != part.length() - 1) {
                    throw new InvalidFilterException(filterPath, "unexpected text after ']' in '" + shown + "'");
                }
                if (bracket > close + 1) {
                    throw new InvalidFilterException(filterPath, "unexpected text between ']' and '[' in '" + shown + "'");
                }
            }
        }
        if (segments.size() - 1 > MAX_SEGMENTS) {
            throw new InvalidFilterException(filterPath, "path '" + shown + "' goes deeper than " + MAX_SEGMENTS
                    + " segments into the document");
        }
        return new PropertyPath(segments.get(0), segments.subList(1, segments.size()));
    }

    @Override
    public String toString() {
        return jsonPath.isEmpty() ? property : property + "." + String.join(".", jsonPath);
    }
}
