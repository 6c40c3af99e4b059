package io.ember.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.ember.core.error.InvalidFilterException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Reads the {@code where} part of a JSON filter into a {@link Where} tree. */
final class WhereParser {

    private static final String OPERATORS = Arrays.stream(Operator.values()).map(Operator::jsonName)
            .collect(Collectors.joining(", "));

    private WhereParser() {
    }

    /**
     * A where object. One key gives its item alone; several give their AND, with the conditions of
     * operator objects ({@code {"age": {"gte": 18, "lt": 65}}}) flattened into it.
     */
    static Where where(JsonNode json, String path, int depth) {
        if (!json.isObject()) {
            throw new InvalidFilterException(path, "expected a where object, found " + JsonValues.describe(json));
        }
        if (depth >= FilterParser.MAX_NESTING) {
            throw new InvalidFilterException(path, "where nests deeper than " + FilterParser.MAX_NESTING + " levels");
        }
        List<Where> items = new ArrayList<>(json.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String at = Paths.key(path, key);
            switch (key) {
                case "and" -> items.add(new Where.And(list(e.getValue(), at, depth)));
                case "or" -> items.add(new Where.Or(list(e.getValue(), at, depth)));
                default -> property(key, e.getValue(), at, items, depth);
            }
        }
        return items.size() == 1 ? items.get(0) : new Where.And(items);
    }

    private static List<Where> list(JsonNode json, String path, int depth) {
        if (!json.isArray()) {
            throw new InvalidFilterException(path, "expected a list of where objects, found " + JsonValues.describe(json));
        }
        List<Where> items = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            items.add(where(json.get(i), Paths.index(path, i), depth + 1));
        }
        return items;
    }

    private static void property(String key, JsonNode json, String path, List<Where> into, int depth) {
        if (key.isEmpty()) {
            throw new InvalidFilterException(path, "expected a property name, found an empty key");
        }
        if (json.isArray()) {
            into.add(new Where.Condition(key, Operator.INQ, values(json, path, true)));
        } else if (json.isObject()) {
            if (json.isEmpty()) {
                throw new InvalidFilterException(path, "expected a value or an operator object such as {\"gte\": 18},"
                        + " found an empty object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Where.Quantifier quantifier = Where.Quantifier.byJsonName(e.getKey());
                String at = Paths.key(path, e.getKey());
                into.add(quantifier != null ? relation(key, quantifier, e.getValue(), at, depth)
                        : condition(key, e.getKey(), e.getValue(), at));
            }
        } else {
            into.add(new Where.Condition(key, Operator.EQ, JsonValues.scalar(json, path)));
        }
    }

    /**
     * {@code {"posts": {"some": {...}}}}: a relation condition; its where counts one level of nesting.
     * {@code null} is kept for is/isNot ("has no related row"), refused for the to-many quantifiers.
     */
    private static Where.Relation relation(String relation, Where.Quantifier quantifier, JsonNode json, String path,
                                           int depth) {
        if (json.isNull() && !quantifier.toMany()) {
            return new Where.Relation(relation, quantifier, null);
        }
        if (!json.isObject()) {
            throw new InvalidFilterException(path, quantifier.jsonName() + " takes a where object on the related model"
                    + (quantifier.toMany() ? "" : " or null") + ", found " + JsonValues.describe(json));
        }
        return new Where.Relation(relation, quantifier, json.isEmpty() ? new Where.And(List.of())
                : where(json, path, depth + 1));
    }

    private static Where.Condition condition(String property, String name, JsonNode json, String path) {
        Operator op = Operator.byJsonName(name);
        if (op == null) {
            throw new InvalidFilterException(path, "unknown operator '" + JsonValues.excerpt(name)
                    + "'; expected one of " + OPERATORS);
        }
        Object value = switch (op.arity()) {
            case ONE -> one(op, json, path);
            case LIST -> values(json, path, op == Operator.INQ || op == Operator.NIN);
            case PAIR -> pair(json, path);
        };
        return new Where.Condition(property, op, value);
    }

    private static @Nullable Object one(Operator op, JsonNode json, String path) {
        if (json.isArray() || json.isObject()) {
            throw new InvalidFilterException(path, op.jsonName() + " takes one value, found " + JsonValues.describe(json));
        }
        Object value = JsonValues.scalar(json, path);
        if (value == null && op != Operator.EQ && op != Operator.NEQ && !op.isRange()) {
            throw new InvalidFilterException(path, op.jsonName() + " takes a value, found null"
                    + " (only eq, neq, gt, gte, lt and lte accept null)");
        }
        return value;
    }

    private static List<Object> pair(JsonNode json, String path) {
        List<Object> values = values(json, path, false);
        if (values.size() != 2) {
            throw new InvalidFilterException(path, "expected a list of two values [low, high], found "
                    + values.size() + " value(s)");
        }
        return values;
    }

    /** A list of scalars; {@code nulls}: whether JSON null items are kept (inq, nin), else refused. */
    private static List<Object> values(JsonNode json, String path, boolean nulls) {
        if (!json.isArray()) {
            throw new InvalidFilterException(path, "expected a list of values, found " + JsonValues.describe(json));
        }
        List<Object> values = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            String at = Paths.index(path, i);
            JsonNode item = json.get(i);
            Object value = item.isContainerNode() ? null : JsonValues.scalar(item, at);
            if (value == null && !(nulls && item.isNull())) {
                throw new InvalidFilterException(at, "expected a value (string, number or boolean), found "
                        + (item.isNull() ? "null" : JsonValues.describe(item)));
            }
            values.add(value);
        }
        return values;
    }
}
