package io.ember.r2dbc.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** PostgreSQL's jsonb behaviour as the evaluator needs it: {@code #>}, {@code #>>}, text output, order of scalars. */
final class Jsonb {

    private Jsonb() {
    }

    /** {@code doc #> path}: {@code null} when the column is NULL or the path leads nowhere. */
    static @Nullable JsonNode at(@Nullable JsonNode doc, List<String> path) {
        JsonNode node = doc;
        for (String segment : path) {
            if (node == null) {
                return null;
            }
            if (node.isObject()) {
                node = node.get(segment);
            } else if (node.isArray()) {
                int index;
                try {
                    index = Integer.parseInt(segment);
                } catch (NumberFormatException e) {
                    return null;
                }
                node = index < node.size() ? node.get(index) : null;
            } else {
                return null;
            }
        }
        return node;
    }

    /**
     * Whether a key segment of the path meets an array on the way ({@code friends.name} where
     * {@code friends} is an array): then the path stands for every element's value.
     */
    static boolean keyMeetsArray(@Nullable JsonNode doc, List<String> path) {
        for (int i = 0; i < path.size(); i++) {
            if (!isIndex(path.get(i))) {
                JsonNode node = at(doc, path.subList(0, i));
                if (node != null && node.isArray()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The values at the path when keys look into arrays: a key applied to a non-empty array applies to
     * each element; a number indexes an array or is a key, as in {@link #at}. Missing values are
     * {@code null} entries, never dropped.
     */
    static List<@Nullable JsonNode> values(@Nullable JsonNode doc, List<String> path) {
        List<@Nullable JsonNode> nodes = new java.util.ArrayList<>();
        nodes.add(doc);
        for (String segment : path) {
            List<@Nullable JsonNode> next = new java.util.ArrayList<>();
            for (JsonNode node : nodes) {
                if (!isIndex(segment) && node != null && node.isArray() && !node.isEmpty()) {
                    node.forEach(element -> next.add(at(element, List.of(segment))));
                } else {
                    next.add(at(node, List.of(segment)));
                }
            }
            nodes = next;
        }
        return nodes;
    }

    private static boolean isIndex(String segment) {
        return !segment.isEmpty() && segment.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** {@code doc #>> path}: the text of the value, SQL NULL for a missing value or JSON null. */
    static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : output(node);
    }

    /** jsonb's text output: keys by length then bytes, ", " and ": " separators. */
    static String output(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>(Comparator.comparingInt(String::length)
                    .thenComparing(Comparator.naturalOrder()));
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.put(e.getKey(), e.getValue());
            }
            StringBuilder out = new StringBuilder("{");
            fields.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(quote(k)).append(": ")
                    .append(output(v)));
            return out.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < node.size(); i++) {
                out.append(i > 0 ? ", " : "").append(output(node.get(i)));
            }
            return out.append(']').toString();
        }
        if (node.isTextual()) {
            return quote(node.textValue());
        }
        if (node.isNumber()) {
            return node.decimalValue().toPlainString();
        }
        return node.toString(); // true, false, null
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append(ch < 0x20 ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
            }
        }
        return out.append('"').toString();
    }

    /** jsonb order for scalars: null < strings < numbers < booleans, each by its own order. */
    record Scalar(JsonNode node) implements Comparable<Scalar> {
        @Override
        public int compareTo(Scalar o) {
            int cmp = Integer.compare(rank(node), rank(o.node));
            if (cmp != 0) {
                return cmp;
            }
            if (node.isTextual()) {
                return node.textValue().compareTo(o.node.textValue());
            }
            if (node.isNumber()) {
                return node.decimalValue().compareTo(o.node.decimalValue());
            }
            if (node.isBoolean()) {
                return Boolean.compare(node.booleanValue(), o.node.booleanValue());
            }
            if (node.isNull()) {
                return 0;
            }
            throw new AssertionError("only scalars are ordered here: " + node);
        }

        private static int rank(JsonNode n) {
            return n.isNull() ? 0 : n.isTextual() ? 1 : n.isNumber() ? 2 : n.isBoolean() ? 3 : n.isArray() ? 4 : 5;
        }
    }
}
