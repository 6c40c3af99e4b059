package io.ember.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ember.core.error.InvalidFilterException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects the bracket parameters of a query string ({@code [where][age][gte]=18}) into a JSON
 * tree. Objects whose keys are exactly {@code 0..n-1} become lists; a repeated key becomes a list
 * of its values.
 */
final class BracketTree {

    /** The most bracket segments one parameter may have. */
    static final int MAX_SEGMENTS = 32;

    private static final Pattern INDEX = Pattern.compile("\\d{1,9}");

    private final Map<String, Object> root = new LinkedHashMap<>();

    boolean isEmpty() {
        return root.isEmpty();
    }

    /** Adds {@code [a][b][c]=value}. */
    void put(String brackets, String value) {
        List<String> segments = segments(brackets);
        Map<String, Object> node = root;
        String path = "";
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.isEmpty()) {
                segment = Integer.toString(node.size());
            }
            path = Paths.key(path, segment);
            Object child = node.get(segment);
            if (i == segments.size() - 1) {
                if (child instanceof Map<?, ?>) {
                    throw conflict(path);
                }
                node.put(segment, add(child, value));
                return;
            }
            if (child == null) {
                child = new LinkedHashMap<String, Object>();
                node.put(segment, child);
            } else if (!(child instanceof Map<?, ?>)) {
                throw conflict(path);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) child;
            node = next;
        }
    }

    /** The collected parameters as the JSON tree they spell. */
    JsonNode toJson() {
        return json(root, "");
    }

    private static Object add(Object previous, String value) {
        if (previous == null) {
            return value;
        }
        List<String> values = new ArrayList<>();
        if (previous instanceof List<?> list) {
            list.forEach(v -> values.add((String) v));
        } else {
            values.add((String) previous);
        }
        values.add(value);
        return values;
    }

    private static List<String> segments(String brackets) {
        List<String> segments = new ArrayList<>();
        int at = 0;
        while (at < brackets.length()) {
            int close = brackets.indexOf(']', at);
            if (brackets.charAt(at) != '[' || close < 0 || brackets.indexOf('[', at + 1) >= 0
                    && brackets.indexOf('[', at + 1) < close) {
                throw new InvalidFilterException("", "malformed query parameter 'filter"
                        + JsonValues.excerpt(brackets) + "'; expected filter[key][key]...=value");
            }
            segments.add(brackets.substring(at + 1, close));
            if (segments.size() > MAX_SEGMENTS) {
                throw new InvalidFilterException("", "query parameter 'filter" + JsonValues.excerpt(brackets)
                        + "' has more than " + MAX_SEGMENTS + " bracket segments");
            }
            at = close + 1;
        }
        return segments;
    }

    private static JsonNode json(Object node, String path) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node instanceof String s) {
            return nodes.textNode(s);
        }
        if (node instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode(list.size());
            list.forEach(v -> array.add((String) v));
            return array;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) node;
        if (!map.isEmpty() && map.keySet().stream().allMatch(k -> INDEX.matcher(k).matches())) {
            Object[] items = new Object[map.size()];
            for (Map.Entry<String, Object> e : map.entrySet()) {
                int index = Integer.parseInt(e.getKey());
                if (index >= items.length || items[index] != null) {
                    throw new InvalidFilterException(path, "list indices must run from 0 to " + (items.length - 1)
                            + " without gaps, found [" + e.getKey() + "]");
                }
                items[index] = e.getValue();
            }
            ArrayNode array = nodes.arrayNode(items.length);
            for (int i = 0; i < items.length; i++) {
                array.add(json(items[i], Paths.index(path, i)));
            }
            return array;
        }
        ObjectNode object = nodes.objectNode();
        map.forEach((k, v) -> object.set(k, json(v, Paths.key(path, k))));
        return object;
    }

    private static InvalidFilterException conflict(String path) {
        return new InvalidFilterException(path, "given both as a value and with nested [keys]");
    }
}
