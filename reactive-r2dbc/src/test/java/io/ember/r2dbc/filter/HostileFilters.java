package io.ember.r2dbc.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Hostile filters over {@link Sample} from a seed, as JSON and as query strings: injection text in
 * keys, values, JSON paths, operators and order clauses; values at the edges of every type's range
 * (numbers beyond numeric, timestamps beyond PostgreSQL's years, broken patterns); deep nesting and
 * huge lists. Real names are mixed in so that many filters get past validation to the database.
 */
final class HostileFilters {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE samples; --", "\" OR 1=1 --", "name\"; DELETE FROM samples; --", "1) OR (1=1", "$1", "$2",
            "?", "\\", "%' OR '1'='1", "a\u0000b", "\u202e", "'", "\"", ")", "(", "--", "/*", "*/", "[", "]", "{",
            "}", "{a,b}", "{\"a\"}", "doc') IS NOT NULL OR ('a", "doc.a'); --", "doc.\"x\"", "doc.a[0]'", "tags::text",
            "name; SELECT pg_sleep(10)", "pg_sleep(10)", "__proto__", "", " ", "ÄÖÜ", "😀", "\uD800", "x".repeat(5000),
            "1e999999999", "NaN", "Infinity", "-Infinity", "0x10", "(?:a+)+$", "(a*)*b", "a{1000}{1000}", "\\1", "*",
            "[[:alpha:]", "(?<n>a)", "\\\\", "%\\", "a\\", "_%\\_", "E'\\\\x41'", "U&'\\0041'", "$$x$$", ";", "\n",
            "true", "null", "2024-05-01T10:15:30Z", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
            "294277-01-01T00:00:00Z", "-4714-11-23T00:00:00Z", "0000-01-01T00:00:00Z", "2024-02-30T00:00:00Z",
            "ACTIVE", "active", "ACTIVE'--", "999999999999999999999", "-9223372036854775809", "9223372036854775807",
            "1e131071", "1e131072", "1e-16383", "1e-16384", "0.000", "-0", "+1", " 1 ", "1_000");

    static final List<String> PROPERTIES = List.of(
            "id", "name", "num", "big", "amount", "flag", "at", "status", "tags", "nums", "doc", "doc.s", "doc.n",
            "doc.o.n", "doc.arr[0]", "doc.arr.999999999", "doc.a-b", "doc._", "doc.o.arr[0].k", "doc[0]", "doc.0",
            "name.first", "doc..x", "doc[", "doc.a[99999999999]", "doc.a[-1]", "Name", "tags[0]", "doc.a.b.c.d.e.f",
            "doc." + "k.".repeat(200) + "k");

    static final List<String> OPERATORS = List.of(
            "eq", "neq", "gt", "gte", "lt", "lte", "inq", "nin", "between", "notBetween", "like", "nlike", "ilike",
            "nilike", "regexp", "iregexp", "contains", "containedBy", "overlaps", "ne", "in", "and", "or", "EQ",
            "exists", "$where", "not", "regexp'");

    static final List<String> ORDERS = List.of(
            "name", "name ASC", "num DESC NULLS LAST", "doc.n DESC", "doc.o.arr[0] ASC NULLS FIRST",
            "name; DROP TABLE samples", "name ASC, id DESC", "name ASC NULLS SIDEWAYS", "random()", "1",
            "name COLLATE \"C\"", "(SELECT 1)", "tags DESC NULLS FIRST", "doc", "at NULLS LAST", "doc.a'b",
            "status desc nulls first", "flag");

    private final Random random;

    HostileFilters(Random random) {
        this.random = random;
    }

    JsonNode filter() {
        ObjectNode f = NODES.objectNode();
        if (chance(0.9)) {
            f.set("where", chance(0.97) ? where(0) : value(0));
        }
        if (chance(0.2)) {
            f.set("fields", chance(0.5) ? list(4, () -> NODES.textNode(key()))
                    : NODES.objectNode().put(key(), random.nextBoolean()));
        }
        if (chance(0.4)) {
            f.set("order", chance(0.3) ? NODES.textNode(order()) : list(3, () -> NODES.textNode(order())));
        }
        if (chance(0.3)) {
            f.set("limit", count());
        }
        if (chance(0.3)) {
            f.set(chance(0.8) ? "skip" : "offset", count());
        }
        if (chance(0.03)) {
            f.set("include", NODES.textNode(pick(INJECTIONS)));
        }
        return f;
    }

    /** A where nested {@code depth} levels through and/or with a condition at the bottom (deep nesting). */
    JsonNode deep(int depth) {
        JsonNode w = NODES.objectNode().set(pick(List.of("name", "num", "doc.n")), chance(0.8) ? NODES.textNode("1")
                : scalar());
        for (int i = 0; i < depth; i++) {
            ObjectNode outer = NODES.objectNode();
            outer.set(chance(0.5) ? "and" : "or", NODES.arrayNode().add(w).add(chance(0.8)
                    ? NODES.objectNode().set(pick(List.of("num", "doc.o.n", "big")), NODES.objectNode().put("gt", i))
                    : condition()));
            w = outer;
        }
        return NODES.objectNode().set("where", w);
    }

    /** A bracket-form or JSON-in-query-string filter. */
    String queryString() {
        StringBuilder q = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                q.append('&');
            }
            double dice = random.nextDouble();
            if (dice < 0.15 && i == 0) {
                return (chance(0.5) ? "filter=" : "where=") + encode(chance(0.5) ? filter().toString()
                        : where(0).toString());
            }
            if (dice < 0.65) {
                q.append(plausiblePair());
                continue;
            }
            String k = chance(0.8) ? pick(PROPERTIES) : pick(INJECTIONS);
            String key = switch (random.nextInt(6)) {
                case 0 -> "filter[where][" + k + "]";
                case 1 -> "filter[where][" + k + "][" + pick(OPERATORS) + "]";
                case 2 -> "filter[where][or][0][" + k + "][" + pick(OPERATORS) + "]";
                case 3 -> "filter[where][" + k + "][" + pick(OPERATORS) + "][" + random.nextInt(2) + "]";
                case 4 -> "filter[order][]";
                default -> pick(List.of("filter[limit]", "filter[skip]", "where[" + k + "]", "filter[fields][0]"));
            };
            String value = chance(0.3) ? pick(INJECTIONS) : scalar().asText();
            q.append(encode(key)).append('=').append(encode(value));
        }
        return q.toString();
    }

    /** A bracket pair of a real property and a fitting operator, with a hostile or edge value. */
    private String plausiblePair() {
        String injection = pick(INJECTIONS);
        String pair = switch (random.nextInt(12)) {
            case 0 -> "filter[where][name][" + pick(List.of("eq", "neq", "like", "ilike", "nlike", "regexp", "iregexp",
                    "gt")) + "]=" + encode(injection);
            case 1 -> "filter[where][doc." + pick(List.of("s", "n", "o.arr.0", "a-b")) + "][" + pick(List.of("eq",
                    "like", "regexp", "gte", "nin")) + "]=" + encode(injection);
            case 2 -> "filter[where][tags][" + pick(List.of("contains", "containedBy", "overlaps")) + "][]="
                    + encode(injection);
            case 3 -> "filter[where][nums][overlaps][0]=" + encode(chance(0.5) ? injection : scalar().asText());
            case 4 -> "filter[where][" + pick(List.of("num", "big", "amount", "id")) + "][" + pick(List.of("gt",
                    "lte", "eq", "inq")) + "]=" + encode(chance(0.5) ? injection : scalar().asText());
            case 5 -> "filter[where][at][" + pick(List.of("gt", "lt", "eq")) + "]=" + encode(injection);
            case 6 -> "filter[where][status][inq][]=" + encode(chance(0.5) ? "ACTIVE" : injection);
            case 7 -> "filter[where][flag]=" + encode(chance(0.5) ? "true" : injection);
            case 8 -> "filter[order][]=" + encode(order());
            case 9 -> "filter[" + pick(List.of("limit", "skip")) + "]=" + encode(chance(0.5) ? "10" : injection);
            case 10 -> "filter[where][amount][between][0]=" + encode(scalar().asText())
                    + "&filter[where][amount][between][1]=" + encode(injection);
            default -> "filter[where][or][0][name][ilike]=" + encode(injection);
        };
        return pair;
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private JsonNode where(int depth) {
        ObjectNode w = NODES.objectNode();
        int keys = random.nextInt(4);
        for (int i = 0; i < keys; i++) {
            if (depth < 8 && chance(0.25)) {
                w.set(chance(0.5) ? "and" : "or", list(4, () -> chance(0.95) ? where(depth + 1) : value(depth)));
            } else {
                w.set(key(), operand(depth));
            }
        }
        return w;
    }

    private JsonNode condition() {
        return NODES.objectNode().set(key(), operand(0));
    }

    private JsonNode operand(int depth) {
        double dice = random.nextDouble();
        if (dice < 0.3) {
            return scalar();
        }
        if (dice < 0.4) {
            return hugeOrSmallList();
        }
        ObjectNode ops = NODES.objectNode();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            String op = chance(0.93) ? pick(OPERATORS) : pick(INJECTIONS);
            ops.set(op, chance(0.5) ? scalar() : chance(0.85) ? hugeOrSmallList() : value(depth + 1));
        }
        return ops;
    }

    private JsonNode value(int depth) {
        double dice = random.nextDouble();
        if (dice < 0.6 || depth > 4) {
            return scalar();
        }
        if (dice < 0.8) {
            return list(3, () -> value(depth + 1));
        }
        return NODES.objectNode().set(key(), value(depth + 1));
    }

    private JsonNode hugeOrSmallList() {
        if (chance(0.04)) {
            ArrayNode big = NODES.arrayNode();
            int n = 900 + random.nextInt(1200);
            Supplier<JsonNode> item = chance(0.5) ? () -> NODES.numberNode(random.nextInt())
                    : () -> NODES.textNode(pick(INJECTIONS));
            for (int i = 0; i < n; i++) {
                big.add(item.get());
            }
            return big;
        }
        return list(3, this::scalar);
    }

    JsonNode scalar() {
        return switch (random.nextInt(12)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(200) - 100);
            case 3 -> NODES.numberNode(random.nextLong());
            case 4 -> NODES.numberNode(new BigDecimal(random.nextInt(2000) - 1000).movePointLeft(random.nextInt(4)));
            case 5 -> NODES.numberNode(pick(List.of(new BigDecimal("1e131071"), new BigDecimal("-1e131071"),
                    new BigDecimal("1e131072"), new BigDecimal("1e-16383"), new BigDecimal("1e-16384"),
                    new BigDecimal("9.99e131070"), new BigDecimal("1e" + (random.nextInt(2_000_000_000) - 1_000_000_000)),
                    new BigDecimal("3.4028235e38"), new BigDecimal("1.7976931348623157e309"),
                    new BigDecimal("9223372036854775808"), new BigDecimal("-32769"), new BigDecimal("2147483648"))));
            case 6 -> NODES.textNode(Integer.toString(random.nextInt(100)));
            case 7 -> NODES.textNode(pick(List.of("a%", "^a", "x", "ann", "ACTIVE", "PENDING", "2024-01-01T05:00:00Z",
                    "2024-01-01T05:00:00+02:00", "2024-01-01")));
            default -> NODES.textNode(pick(INJECTIONS));
        };
    }

    private JsonNode count() {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(random.nextInt(2000));
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.textNode(Integer.toString(random.nextInt(5000)));
            case 3 -> NODES.numberNode(Integer.MAX_VALUE);
            case 4 -> NODES.numberNode(Long.MAX_VALUE);
            default -> scalar();
        };
    }

    private String order() {
        return chance(0.7) ? pick(ORDERS) : key() + " " + pick(List.of("ASC", "DESC", "", "NULLS FIRST", pick(INJECTIONS)));
    }

    private String key() {
        return chance(0.75) ? pick(PROPERTIES) : pick(INJECTIONS);
    }

    private ArrayNode list(int max, Supplier<JsonNode> item) {
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
