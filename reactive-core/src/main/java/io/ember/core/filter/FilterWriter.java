package io.ember.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes filters in the JSON filter language, so that {@code FilterParser.parse(FilterWriter.toJson(f))}
 * equals {@code f} for every filter whose operands are JSON values ({@code String}, {@code Long},
 * {@code BigDecimal}, {@code Boolean}, lists of those). Other operands are written as JSON can hold
 * them (other integers and floating-point numbers as numbers, enums by name, UUIDs and
 * timestamps in ISO-8601 text, bytes in Base64) and come back equal after
 * {@link FilterValidator#validate validation}, which coerces them to the property types again.
 *
 * <p>A conjunction is written {@code {"and": [...]}}, a disjunction {@code {"or": [...]}}, a
 * condition {@code {"path": {"op": value}}} ({@code {"path": value}} for {@code eq}), a relation
 * condition {@code {"posts": {"some": {...}}}}. Thread-safe;
 * all methods are static.
 */
public final class FilterWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FilterWriter() {
    }

    /** The filter as a JSON object; empty parts are left out. */
    public static ObjectNode toJson(Filter filter) {
        ObjectNode out = NODES.objectNode();
        if (filter.where() != null) {
            out.set("where", toJson(filter.where()));
        }
        Fields fields = filter.fields();
        if (fields != null && !fields.names().isEmpty()) {
            if (fields.exclude()) {
                ObjectNode excluded = out.putObject("fields");
                fields.names().forEach(name -> excluded.put(name, false));
            } else {
                ArrayNode names = out.putArray("fields");
                fields.names().forEach(names::add);
            }
        }
        if (!filter.order().isEmpty()) {
            ArrayNode order = out.putArray("order");
            filter.order().forEach(o -> order.add(o.toString()));
        }
        if (filter.limit() != null) {
            out.put("limit", filter.limit());
        }
        if (filter.skip() != 0) {
            out.put("skip", filter.skip());
        }
        if (!filter.include().isEmpty()) {
            ArrayNode include = out.putArray("include");
            for (Inclusion inclusion : filter.include()) {
                if (inclusion.scope() == null && !inclusion.skipDefaultFilter()) {
                    include.add(inclusion.relation());
                    continue;
                }
                ObjectNode item = include.addObject().put("relation", inclusion.relation());
                if (inclusion.scope() != null) {
                    item.set("scope", toJson(inclusion.scope()));
                }
                if (inclusion.skipDefaultFilter()) {
                    item.put("skipDefaultFilter", true);
                }
            }
        }
        if (filter.after() != null) {
            out.put("after", filter.after());
        }
        return out;
    }

    /** The filter as JSON text. */
    public static String toJsonText(Filter filter) {
        return toJson(filter).toString();
    }

    /** The where as a JSON object. */
    public static ObjectNode toJson(Where where) {
        ObjectNode out = NODES.objectNode();
        if (where instanceof Where.Condition c) {
            if (c.operator() == Operator.EQ && !(c.value() instanceof List<?>)) {
                out.set(c.path(), value(c.value()));
            } else {
                out.putObject(c.path()).set(c.operator().jsonName(), value(c.value()));
            }
        } else if (where instanceof Where.Relation r) {
            Where nested = r.where();
            out.putObject(r.relation()).set(r.quantifier().jsonName(),
                    nested == null ? NODES.nullNode() : nested.isEmpty() ? NODES.objectNode() : toJson(nested));
        } else {
            List<Where> items = where instanceof Where.And and ? and.items() : ((Where.Or) where).items();
            ArrayNode list = out.putArray(where instanceof Where.And ? "and" : "or");
            items.forEach(item -> list.add(toJson(item)));
        }
        return out;
    }

    private static JsonNode value(@Nullable Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof List<?> list) {
            ArrayNode out = NODES.arrayNode(list.size());
            list.forEach(item -> out.add(value(item)));
            return out;
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof BigInteger i) {
            return NODES.numberNode(i);
        }
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            return NODES.numberNode(new BigDecimal(value.toString()));
        }
        if (value instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        }
        if (value instanceof byte[] bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        return NODES.textNode(value.toString());
    }
}
