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
 * Random valid filters over {@link Sample} as JSON, drawing operands from the seed's pools: every
 * operator, null checks, empty lists, and/or nesting, JSON paths with numbers, strings and booleans,
 * order with or without the id as last key, limit and skip with or without an order, nulls in
 * inq/nin lists and as range operands, regexp flags, paths through arrays of objects. Patterns stay in the subset where PostgreSQL and
 * java.util.regex agree (LIKE: literals, %, _ and backslash escapes; regexp: literals, ., classes,
 * *, +, ?, ^, $ and alternation).
 */
final class RandomFilters {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> SCALARS = List.of("id", "name", "num", "big", "amount", "flag", "at", "status");
    private static final List<String> PATHS = List.of("doc.s", "doc.n", "doc.b", "doc.rank", "doc.o.s", "doc.o.n",
            "doc.o.arr[0]", "doc.arr[0]", "doc.arr.1", "doc.arr[2]", "doc.missing", "doc.o", "doc.arr",
            "doc.o.arr.1.k", "doc.arr[0].k", "doc.s.x", "doc.arr.k", "doc.o.arr.k", "doc.o[1].s");
    private static final List<String> ORDERABLE = List.of("id", "name", "num", "big", "amount", "flag", "at",
            "status", "doc.rank");

    private final Random random;
    private final int rows;
    private final boolean cCollation;

    /**
     * @param cCollation whether the database's default collation is byte order, so text inside
     *                   documents can be range-compared and ordered
     */
    RandomFilters(Random random, int rows, boolean cCollation) {
        this.random = random;
        this.rows = rows;
        this.cCollation = cCollation;
    }

    ObjectNode filter() {
        ObjectNode f = NODES.objectNode();
        if (chance(0.95)) {
            f.set("where", where(0));
        }
        if (chance(0.6)) {
            ArrayNode order = f.putArray("order");
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                String key = pick(ORDERABLE);
                if (key.startsWith("doc.") && !cCollation) {
                    key = "num";
                }
                order.add(key + pick(List.of("", " ASC", " DESC", " asc")) + pick(List.of("", "", " NULLS FIRST",
                        " NULLS LAST", " nulls last")));
            }
            if (chance(0.5)) {
                order.add(chance(0.5) ? "id" : "id DESC"); // else the repository breaks ties by the id
            }
        }
        if (chance(0.45)) { // with or without an order: a page follows the id when there is none
            f.put("limit", random.nextInt(40));
        }
        if (chance(0.3)) {
            f.put("skip", random.nextInt(rows / 2));
        }
        return f;
    }

    private ObjectNode where(int depth) {
        ObjectNode w = NODES.objectNode();
        int keys = 1 + random.nextInt(depth == 0 ? 3 : 2);
        for (int i = 0; i < keys; i++) {
            if (depth < 3 && chance(0.3)) {
                String junction = chance(0.5) ? "and" : "or";
                if (!w.has(junction)) {
                    ArrayNode items = w.putArray(junction);
                    int n = random.nextInt(4);
                    for (int j = 0; j < n; j++) {
                        items.add(where(depth + 1));
                    }
                }
                continue;
            }
            double dice = random.nextDouble();
            String key = dice < 0.45 ? pick(SCALARS) : dice < 0.6 ? pick(List.of("tags", "nums", "doc")) : pick(PATHS);
            if (!w.has(key)) {
                w.set(key, condition(key));
            }
        }
        return w;
    }

    private JsonNode condition(String key) {
        if (chance(0.08)) {
            return chance(0.5) ? NODES.nullNode() : NODES.objectNode().putNull(chance(0.5) ? "neq" : "eq");
        }
        if (key.equals("doc")) {
            return NODES.objectNode().putNull("neq");
        }
        if (key.equals("tags") || key.equals("nums")) {
            Supplier<JsonNode> item = key.equals("tags") ? () -> NODES.textNode(pick(SampleData.TAGS))
                    : () -> NODES.numberNode(pick(SampleData.NUMS) + random.nextInt(2));
            ObjectNode ops = NODES.objectNode();
            ops.set(pick(List.of("contains", "containedBy", "overlaps", "containsAnyOf")), list(item, 3));
            return ops;
        }
        boolean json = key.startsWith("doc.");
        Supplier<JsonNode> value = json ? this::jsonOperand : () -> value(key);
        if (chance(0.25)) {
            return chance(0.3) ? withNull(json ? jsonList() : list(value, 4)) : value.get(); // equality or inq
        }
        ObjectNode ops = NODES.objectNode();
        int n = 1 + (chance(0.2) ? 1 : 0);
        for (int i = 0; i < n; i++) {
            String op = operator(key, json);
            if (ops.has(op)) {
                continue;
            }
            switch (op) {
                case "inq", "nin", "in" -> ops.set(op, withNull(json ? jsonList() : list(value, 4)));
                case "between", "notBetween" -> ops.set(op, json ? jsonPair() : pair(value));
                case "like", "nlike", "ilike", "nilike" -> ops.put(op, likePattern());
                case "regexp", "iregexp" -> ops.put(op, regexp());
                case "gt", "gte", "lt", "lte" -> ops.set(op, chance(0.05) ? NODES.nullNode()
                        : json ? jsonRangeOperand() : value.get());
                default -> ops.set(op, value.get());
            }
        }
        return ops;
    }

    private String operator(String key, boolean json) {
        boolean text = json || key.equals("name") || key.equals("status");
        boolean ordered = true; // booleans too: false before true
        while (true) {
            String op = pick(List.of("eq", "neq", "ne", "gt", "gte", "lt", "lte", "inq", "in", "nin", "between",
                    "notBetween", "like", "nlike", "ilike", "nilike", "regexp", "iregexp"));
            boolean pattern = op.contains("like") || op.contains("regexp");
            boolean range = op.startsWith("g") || op.startsWith("l") && !op.contains("like") || op.contains("etween");
            if (pattern && !text || range && !ordered) {
                continue;
            }
            return op;
        }
    }

    private JsonNode value(String key) {
        return switch (key) {
            case "id" -> NODES.numberNode(1 + random.nextInt(rows + 2) - 1);
            case "name" -> NODES.textNode(chance(0.8) ? pick(SampleData.NAMES) : pick(List.of("b", "anz", "Z", "m")));
            case "num" -> chance(0.8) ? NODES.numberNode(random.nextInt(50) - 5)
                    : NODES.textNode(Integer.toString(random.nextInt(50) - 5));
            case "big" -> chance(0.5) ? NODES.numberNode(pick(List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L,
                    5_000_000_000L))) : NODES.numberNode((long) random.nextInt(100));
            case "amount" -> chance(0.7) ? NODES.numberNode(BigDecimal.valueOf(random.nextInt(2001) - 1000, 2))
                    : chance(0.5) ? NODES.numberNode(random.nextInt(20) - 10)
                    : NODES.textNode(BigDecimal.valueOf(random.nextInt(2001) - 1000, 1).toPlainString());
            case "flag" -> chance(0.8) ? NODES.booleanNode(random.nextBoolean())
                    : NODES.textNode(random.nextBoolean() ? "true" : "false");
            case "at" -> NODES.textNode(chance(0.8)
                    ? SampleData.EPOCH.plusSeconds(3600L * random.nextInt(50) - 1800).toString()
                    : SampleData.EPOCH.plusSeconds(3600L * random.nextInt(48)).atOffset(java.time.ZoneOffset.ofHours(2))
                            .toString());
            case "status" -> NODES.textNode(pick(List.of("ACTIVE", "BANNED", "PENDING")));
            default -> throw new AssertionError(key);
        };
    }

    /** A string, number or boolean for a JSON path, from the documents' pools. */
    private JsonNode jsonOperand() {
        return switch (random.nextInt(6)) {
            case 0, 1 -> NODES.textNode(pick(SampleData.WORDS));
            case 2 -> NODES.numberNode((long) random.nextInt(41) - 10);
            case 3 -> NODES.numberNode(chance(0.5) ? new BigDecimal("12.5")
                    : BigDecimal.valueOf(random.nextInt(2001) - 1000, 1));
            default -> NODES.booleanNode(random.nextBoolean());
        };
    }

    private JsonNode jsonRangeOperand() {
        return cCollation && chance(0.4) ? NODES.textNode(pick(SampleData.WORDS)) : number();
    }

    private JsonNode number() {
        return chance(0.5) ? NODES.numberNode((long) random.nextInt(41) - 10)
                : NODES.numberNode(BigDecimal.valueOf(random.nextInt(2001) - 1000, 1));
    }

    /** All numbers, or all strings (booleans are compared as their text). */
    private JsonNode jsonList() {
        if (chance(0.5)) {
            return list(this::number, 4);
        }
        return list(() -> chance(0.85) ? NODES.textNode(pick(SampleData.WORDS)) : NODES.booleanNode(random.nextBoolean()), 4);
    }

    private JsonNode jsonPair() {
        if (!cCollation || chance(0.6)) {
            return NODES.arrayNode().add(number()).add(number());
        }
        return NODES.arrayNode().add(pick(SampleData.WORDS)).add(pick(SampleData.WORDS));
    }

    private JsonNode pair(Supplier<JsonNode> value) {
        return NODES.arrayNode().add(value.get()).add(value.get());
    }

    /** Sometimes a null in an inq/nin list (it equals nothing). */
    private JsonNode withNull(JsonNode list) {
        if (chance(0.15)) {
            ((ArrayNode) list).insertNull(random.nextInt(list.size() + 1));
        }
        return list;
    }

    private ArrayNode list(Supplier<JsonNode> item, int max) {
        ArrayNode a = NODES.arrayNode();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            a.add(item.get());
        }
        return a;
    }

    private String likePattern() {
        StringBuilder p = new StringBuilder();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            p.append(switch (random.nextInt(9)) {
                case 0, 1 -> "%";
                case 2 -> "_";
                case 3 -> "\\" + pick(List.of("%", "_", "\\", "a"));
                case 4 -> pick(List.of("A", "B", "N", "Z", "."));
                default -> pick(List.of("a", "n", "b", "o", "x", "-", "1", "r", "s", "p"));
            });
        }
        return p.toString();
    }

    private String regexp() {
        StringBuilder p = new StringBuilder(chance(0.3) ? "^" : "");
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String atom = switch (random.nextInt(8)) {
                case 0 -> ".";
                case 1 -> "[" + pick(List.of("abc", "a-n", "^ab", "0-9", "A-Z")) + "]";
                case 2 -> "(" + pick(List.of("a", "bo", "r")) + "|" + pick(List.of("n", "z", "is", "1")) + ")";
                default -> pick(List.of("a", "n", "b", "o", "r", "s", "A", "N", "1", "2", "x"));
            };
            p.append(atom).append(pick(List.of("", "", "", "*", "+", "?")));
        }
        p.append(chance(0.3) ? "$" : "");
        if (chance(0.25)) { // LoopBack's flags: "body/flags" or "/body/flags"
            String flags = pick(List.of("i", "g", "m", "s", "gi", "mi", "im"));
            return chance(0.5) ? p + "/" + flags : "/" + p + "/" + flags;
        }
        return p.toString();
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
