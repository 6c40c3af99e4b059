package io.ember.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/**
 * Generates hostile JSON filters from a seed: real and fake property names, injection text in keys,
 * values, operators, paths and order clauses, wrong shapes, deep nesting and huge lists.
 */
final class AdversarialFilters {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE users; --", "\" OR 1=1 --", "name\"; DELETE FROM users; --", "1) OR (1=1",
            "$1", "?", "\\", "%' OR '1'='1", "a\u0000b", "\u202e", "'", "\"", ")", "(", "--", "/*", "*/",
            "metadata') IS NOT NULL OR ('a", "metadata.a'); --", "metadata.\"x\"", "metadata.a[0]'", "tags::text",
            "age; SELECT pg_sleep(10)", "pg_sleep(10)", "__proto__", "constructor", "", " ", "ÄÖÜ", "😀",
            "x".repeat(5000), "1e999999999", "-1e999999999", "NaN", "Infinity", "0x10", "(?:a+)+$");

    static final List<String> PROPERTIES = List.of(
            "id", "name", "age", "level", "visits", "weight", "rating", "balance", "active", "externalId", "createdAt",
            "lastSeen", "birthday", "wakeUp", "status", "tags", "history", "luckyNumbers", "avatar", "metadata",
            "passwordHash", "posts", "metadata.address.city", "metadata.items[0].sku", "metadata.a.b.c",
            "name.first", "metadata..x", "metadata[", "metadata.a[99999999999]", "Age", "tags[0]");

    static final List<String> OPERATORS = List.of(
            "eq", "neq", "gt", "gte", "lt", "lte", "inq", "nin", "between", "notBetween", "like", "nlike", "ilike",
            "nilike", "regexp", "iregexp", "contains", "containedBy", "overlaps", "ne", "in", "and", "or", "EQ",
            "exists", "near", "$where");

    static final List<String> ORDERS = List.of(
            "name", "name ASC", "age DESC NULLS LAST", "metadata.a.b DESC", "name; DROP TABLE users",
            "name ASC, id DESC", "name ASC NULLS SIDEWAYS", "random()", "1", "name COLLATE \"C\"", "(SELECT 1)",
            "passwordHash", "tags DESC NULLS FIRST");

    private final Random random;

    AdversarialFilters(Random random) {
        this.random = random;
    }

    JsonNode filter(int includeDepth) {
        ObjectNode f = NODES.objectNode();
        if (chance(0.8)) {
            f.set("where", chance(0.95) ? where(0) : value(0));
        }
        if (chance(0.3)) {
            f.set("fields", fields());
        }
        if (chance(0.4)) {
            f.set("order", chance(0.3) ? NODES.textNode(order()) : list(3, this::orderNode));
        }
        if (chance(0.4)) {
            f.set(chance(0.5) ? "limit" : "skip", count());
        }
        if (chance(0.3) && includeDepth < 6) {
            f.set("include", include(includeDepth));
        }
        if (chance(0.05)) {
            f.set(pick(INJECTIONS), value(0));
        }
        return f;
    }

    private JsonNode where(int depth) {
        ObjectNode w = NODES.objectNode();
        int keys = random.nextInt(4);
        for (int i = 0; i < keys; i++) {
            if (depth < 12 && chance(0.25)) {
                w.set(chance(0.5) ? "and" : "or", list(4, () -> chance(0.9) ? where(depth + 1) : value(depth)));
            } else {
                w.set(key(), operand(depth));
            }
        }
        return w;
    }

    private JsonNode operand(int depth) {
        double dice = random.nextDouble();
        if (dice < 0.35) {
            return scalar();
        }
        if (dice < 0.5) {
            return hugeOrSmallList();
        }
        ObjectNode ops = NODES.objectNode();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            ops.set(chance(0.9) ? pick(OPERATORS) : pick(INJECTIONS), chance(0.5) ? scalar()
                    : chance(0.8) ? hugeOrSmallList() : value(depth + 1));
        }
        return ops;
    }

    private JsonNode value(int depth) {
        double dice = random.nextDouble();
        if (dice < 0.6 || depth > 6) {
            return scalar();
        }
        if (dice < 0.8) {
            return list(3, () -> value(depth + 1));
        }
        ObjectNode o = NODES.objectNode();
        o.set(key(), value(depth + 1));
        return o;
    }

    private JsonNode hugeOrSmallList() {
        if (chance(0.05)) {
            ArrayNode big = NODES.arrayNode();
            int n = 900 + random.nextInt(300);
            JsonNode item = scalar();
            for (int i = 0; i < n; i++) {
                big.add(item);
            }
            return big;
        }
        return list(3, this::scalar);
    }

    private JsonNode scalar() {
        return switch (random.nextInt(12)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(200) - 100);
            case 3 -> NODES.numberNode(random.nextLong());
            case 4 -> NODES.numberNode(new BigDecimal(random.nextInt(2000) - 1000).movePointLeft(random.nextInt(4)));
            case 5 -> NODES.numberNode(new BigDecimal("1e" + (random.nextInt(2_000_000_000) - 1_000_000_000)));
            case 6 -> NODES.textNode(Integer.toString(random.nextInt(100)));
            case 7 -> NODES.textNode(pick(List.of("true", "false", "ACTIVE", "BANNED", "2024-05-01T10:15:30Z",
                    "2024-05-01", "2024-05-01T10:15:30", "123e4567-e89b-12d3-a456-426614174000", "x", "a%", "^a")));
            default -> NODES.textNode(pick(INJECTIONS));
        };
    }

    private JsonNode fields() {
        if (chance(0.5)) {
            return list(4, () -> NODES.textNode(key()));
        }
        ObjectNode o = NODES.objectNode();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            o.set(key(), chance(0.9) ? NODES.booleanNode(random.nextBoolean()) : scalar());
        }
        return o;
    }

    private JsonNode orderNode() {
        return chance(0.9) ? NODES.textNode(order()) : scalar();
    }

    private String order() {
        return chance(0.7) ? pick(ORDERS) : key() + " " + pick(List.of("ASC", "DESC", "", pick(INJECTIONS)));
    }

    private JsonNode count() {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(random.nextInt(2000));
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.textNode(Integer.toString(random.nextInt(5000)));
            case 3 -> NODES.numberNode(new BigDecimal("1e2147483647"));
            default -> scalar();
        };
    }

    private JsonNode include(int depth) {
        return list(3, () -> {
            String relation = pick(List.of("posts", "author", "comments", "post", pick(INJECTIONS)));
            if (chance(0.4)) {
                return NODES.textNode(relation);
            }
            ObjectNode o = NODES.objectNode().put("relation", relation);
            if (chance(0.7)) {
                o.set("scope", filter(depth + 1));
            }
            if (chance(0.2)) {
                o.set("skipDefaultFilter", scalar());
            }
            return o;
        });
    }

    private String key() {
        return chance(0.75) ? pick(PROPERTIES) : pick(INJECTIONS);
    }

    private ArrayNode list(int max, java.util.function.Supplier<JsonNode> item) {
        ArrayNode a = NODES.arrayNode();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            a.add(item.get());
        }
        return a;
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
