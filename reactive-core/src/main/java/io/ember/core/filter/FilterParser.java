package io.ember.core.filter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ember.core.error.InvalidFilterException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads filters written in the JSON filter language (see {@code docs/filter.md}) from JSON text or
 * a Jackson tree, with the semantics of the LoopBack original:
 *
 * <ul>
 *   <li>{@code where}: sibling keys AND; {@code and}/{@code or} take lists and nest freely;
 *       {@code {"x": null}} is IS NULL, {@code {"x": [1, 2]}} is {@code inq}, a plain value is
 *       {@code eq}, and an operator object {@code {"age": {"gte": 18, "lt": 65}}} ANDs its
 *       conditions;</li>
 *   <li>{@code fields}: a list of names, or {@code {"name": true}} / {@code {"passwordHash": false}};</li>
 *   <li>{@code order}: a string or a list of strings ({@code "name ASC NULLS LAST"});</li>
 *   <li>{@code limit}, {@code skip} (alias {@code offset}): non-negative integers;</li>
 *   <li>{@code include}: a relation name, or {@code {"relation": "posts", "scope": {...},
 *       "skipDefaultFilter": true}}, or a list of those;</li>
 *   <li>{@code after}: a keyset continuation token, the {@code next} of the previous page.</li>
 * </ul>
 *
 * JSON values become Java values: strings, {@code Long} for integral numbers, {@code BigDecimal}
 * for other numbers, {@code Boolean}, and {@code List} for arrays. The parser checks the shape of
 * the filter only; {@link FilterValidator} checks it against a model and coerces the operands.
 * Numbers, booleans and the names of {@code limit}, {@code skip} and {@code skipDefaultFilter} may
 * also be given as strings, as the query-string form produces them.
 *
 * <p>Every problem is an {@link InvalidFilterException} naming the path inside the filter
 * ({@code where.or[1].tags.contains}) and what was expected. Where trees nest at most
 * {@value #MAX_NESTING} levels and inclusions {@value #MAX_INCLUDE_NESTING} levels whatever the
 * policy, so hostile input cannot exhaust the stack. Thread-safe; all methods are static.
 */
public final class FilterParser {

    /** The deepest {@code and}/{@code or}/operator nesting the parser reads. */
    public static final int MAX_NESTING = 64;

    /** The deepest {@code include} scope nesting the parser reads. */
    public static final int MAX_INCLUDE_NESTING = 16;

    /** The longest continuation token ({@code after}) the parser reads. */
    public static final int MAX_TOKEN_LENGTH = 4096;

    private static final Set<String> FILTER_KEYS = new LinkedHashSet<>(
            List.of("where", "fields", "order", "limit", "skip", "offset", "include", "after"));
    private static final Set<String> INCLUDE_KEYS = new LinkedHashSet<>(
            List.of("relation", "scope", "skipDefaultFilter"));

    /** Duplicate keys are refused, decimals stay exact, JSON nests at most 1,000 levels. */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(1000)
                            .maxNumberLength(1000)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private FilterParser() {
    }

    /**
     * Parses a filter from JSON text.
     *
     * @throws InvalidFilterException when the text is not JSON or not a filter
     */
    public static Filter parse(String json) {
        return parse(readTree(json));
    }

    /**
     * Parses a filter from a Jackson tree ({@code null} or JSON null is the empty filter).
     *
     * @throws InvalidFilterException when the tree is not a filter
     */
    public static Filter parse(@Nullable JsonNode json) {
        return filter(json, "", 0);
    }

    /**
     * Parses a where from JSON text ({@code {"age": {"gte": 18}}}).
     *
     * @throws InvalidFilterException when the text is not JSON or not a where
     */
    public static Where parseWhere(String json) {
        return parseWhere(readTree(json));
    }

    /**
     * Parses a where from a Jackson tree. Error paths start with {@code where}.
     *
     * @throws InvalidFilterException when the tree is not a where
     */
    public static Where parseWhere(JsonNode json) {
        return WhereParser.where(json, "where", 0);
    }

    static JsonNode readTree(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidFilterException("", "expected a JSON object, found nothing");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidFilterException("", "malformed JSON: " + e.getOriginalMessage());
        }
    }

    static Filter filter(@Nullable JsonNode json, String path, int includeDepth) {
        if (json == null || json.isNull()) {
            return Filter.empty();
        }
        if (!json.isObject()) {
            throw new InvalidFilterException(path, "expected a filter object, found " + JsonValues.describe(json));
        }
        if (json.has("skip") && json.has("offset")) {
            throw new InvalidFilterException(path, "give either skip or offset, not both");
        }
        Where where = null;
        Fields fields = null;
        List<Order> order = List.of();
        Integer limit = null;
        long skip = 0;
        List<Inclusion> include = List.of();
        String after = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = Paths.key(path, e.getKey());
            JsonNode value = e.getValue();
            switch (e.getKey()) {
                case "where" -> where = value.isNull() ? null : WhereParser.where(value, at, 0);
                case "fields" -> fields = fields(value, at);
                case "order" -> order = order(value, at);
                case "limit" -> limit = value.isNull() ? null : Math.toIntExact(JsonValues.count(value, at, Integer.MAX_VALUE));
                case "skip", "offset" -> skip = value.isNull() ? 0 : JsonValues.count(value, at, Long.MAX_VALUE);
                case "include" -> include = include(value, at, includeDepth);
                case "after" -> after = after(value, at);
                default -> throw new InvalidFilterException(at, "unknown filter key '" + JsonValues.excerpt(e.getKey())
                        + "'; expected one of " + String.join(", ", FILTER_KEYS));
            }
        }
        return new Filter(where, fields, order, limit, skip, include, after);
    }

    /** A continuation token is a non-empty string of at most {@value #MAX_TOKEN_LENGTH} characters. */
    private static @Nullable String after(JsonNode json, String path) {
        if (json.isNull()) {
            return null;
        }
        if (!json.isTextual() || json.textValue().isEmpty() || json.textValue().length() > MAX_TOKEN_LENGTH) {
            throw new InvalidFilterException(path, "expected a continuation token (the 'next' of a page), found "
                    + JsonValues.describe(json));
        }
        return json.textValue();
    }

    private static @Nullable Fields fields(JsonNode json, String path) {
        if (json.isNull()) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        if (json.isTextual()) {
            names.add(json.textValue());
            return new Fields(names, false);
        }
        if (json.isArray()) {
            for (int i = 0; i < json.size(); i++) {
                JsonNode name = json.get(i);
                if (!name.isTextual()) {
                    throw new InvalidFilterException(Paths.index(path, i),
                            "expected a property name, found " + JsonValues.describe(name));
                }
                names.add(name.textValue());
            }
            return names.isEmpty() ? null : new Fields(names, false);
        }
        if (!json.isObject()) {
            throw new InvalidFilterException(path, "expected a list of property names or an object of"
                    + " {\"name\": true|false}, found " + JsonValues.describe(json));
        }
        Boolean include = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = Paths.key(path, e.getKey());
            boolean selected = JsonValues.bool(e.getValue(), at);
            if (include != null && include != selected) {
                throw new InvalidFilterException(at, "fields mixes true and false; list either the properties to"
                        + " return (true) or the ones to leave out (false)");
            }
            include = selected;
            names.add(e.getKey());
        }
        return include == null ? null : new Fields(names, !include);
    }

    private static List<Order> order(JsonNode json, String path) {
        if (json.isNull()) {
            return List.of();
        }
        List<Order> order = new ArrayList<>();
        if (json.isTextual()) {
            for (String part : json.textValue().split(",", -1)) {
                order.add(orderItem(part, path));
            }
            return order;
        }
        if (!json.isArray()) {
            throw new InvalidFilterException(path, "expected \"property [ASC|DESC] [NULLS FIRST|LAST]\" or a list"
                    + " of those, found " + JsonValues.describe(json));
        }
        for (int i = 0; i < json.size(); i++) {
            JsonNode item = json.get(i);
            String at = Paths.index(path, i);
            if (!item.isTextual()) {
                throw new InvalidFilterException(at, "expected \"property [ASC|DESC] [NULLS FIRST|LAST]\", found "
                        + JsonValues.describe(item));
            }
            order.add(orderItem(item.textValue(), at));
        }
        return order;
    }

    private static Order orderItem(String text, String path) {
        try {
            return Order.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidFilterException(path, "order '" + JsonValues.excerpt(text)
                    + "' is not 'property [ASC|DESC] [NULLS FIRST|LAST]'");
        }
    }

    private static List<Inclusion> include(JsonNode json, String path, int depth) {
        if (json.isNull()) {
            return List.of();
        }
        if (depth >= MAX_INCLUDE_NESTING) {
            throw new InvalidFilterException(path, "inclusions nest deeper than " + MAX_INCLUDE_NESTING + " levels");
        }
        if (!json.isArray()) {
            return List.of(inclusion(json, path, depth));
        }
        List<Inclusion> include = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            include.add(inclusion(json.get(i), Paths.index(path, i), depth));
        }
        return include;
    }

    private static Inclusion inclusion(JsonNode json, String path, int depth) {
        if (json.isTextual()) {
            return Inclusion.of(json.textValue());
        }
        if (!json.isObject()) {
            throw new InvalidFilterException(path, "expected a relation name or {\"relation\": ..., \"scope\": ...},"
                    + " found " + JsonValues.describe(json));
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!INCLUDE_KEYS.contains(key)) {
                throw new InvalidFilterException(Paths.key(path, key), "unknown inclusion key '"
                        + JsonValues.excerpt(key) + "'; expected one of " + String.join(", ", INCLUDE_KEYS));
            }
        }
        JsonNode relation = json.get("relation");
        if (relation == null || !relation.isTextual()) {
            throw new InvalidFilterException(Paths.key(path, "relation"), "expected the relation name, found "
                    + (relation == null ? "nothing" : JsonValues.describe(relation)));
        }
        JsonNode scope = json.get("scope");
        Filter parsed = scope == null || scope.isNull() ? null : filter(scope, Paths.key(path, "scope"), depth + 1);
        JsonNode skip = json.get("skipDefaultFilter");
        boolean skipDefault = skip != null && !skip.isNull() && JsonValues.bool(skip, Paths.key(path, "skipDefaultFilter"));
        return new Inclusion(relation.textValue(), parsed, skipDefault);
    }
}
