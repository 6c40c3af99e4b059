package io.ember.r2dbc.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Seeded rows and the value pools the random filters draw from, so that conditions often match.
 * Every nullable column is NULL in some rows; arrays are sometimes empty or hold NULL elements; the
 * jsonb documents mix nested objects, arrays, numbers, strings, booleans, JSON null and missing keys,
 * with non-numeric values where numbers usually are.
 */
final class SampleData {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** ASCII only (the text columns use the "C" collation), with LIKE wildcards and escapes in the data. */
    static final List<String> NAMES = List.of("ann", "Ann", "ANNA", "bob", "bob2", "b_b", "a%b", "c\\d", "", " ",
            "zed", "Zoe", "x-ray", "x_ray", "mia", "mIa", "12", "9", "a.b", "[a]", "anna banana", "o'hara");
    static final List<String> TAGS = List.of("a", "b", "c", "x", "A", "");
    static final List<Integer> NUMS = List.of(-3, 0, 1, 2, 7, 42);
    static final List<String> WORDS = List.of("paris", "Paris", "rome", "oslo", "", "12", "007", "1.5", "true",
            "null", "a%", "x_y", "lyon", "b");
    static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    private final Random random;

    SampleData(Random random) {
        this.random = random;
    }

    List<Sample> rows(int count) {
        List<Sample> rows = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            rows.add(new Sample(id,
                    maybe(() -> pick(NAMES)),
                    maybe(() -> pick(NUMS) + random.nextInt(3)),
                    maybe(() -> pick(Arrays.asList(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 5_000_000_000L,
                            (long) random.nextInt(100)))),
                    maybe(() -> BigDecimal.valueOf(random.nextInt(2001) - 1000, 2)),
                    maybe(random::nextBoolean),
                    maybe(() -> EPOCH.plusSeconds(3600L * random.nextInt(48))),
                    maybe(() -> pick(Arrays.asList(Sample.Status.values()))),
                    maybe(() -> list(TAGS)),
                    maybe(() -> list(NUMS)),
                    maybe(this::doc)));
        }
        return rows;
    }

    private <T> List<T> list(List<T> pool) {
        List<T> out = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.add(chance(0.15) ? null : pick(pool));
        }
        return out;
    }

    private JsonNode doc() {
        if (chance(0.05)) { // a document that is an array of objects: keys look into every element
            ArrayNode many = NODES.arrayNode();
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                many.add(object());
            }
            return many;
        }
        return object();
    }

    private ObjectNode object() {
        ObjectNode doc = NODES.objectNode();
        put(doc, "s", 0.85, this::word);
        put(doc, "n", 0.85, this::number);
        put(doc, "b", 0.8, this::bool);
        if (chance(0.85)) {
            doc.set("rank", scalar()); // scalars only: the order tests compare them as jsonb
        }
        if (chance(0.8)) {
            ObjectNode o = doc.putObject("o");
            put(o, "s", 0.8, this::word);
            put(o, "n", 0.8, this::number);
            if (chance(0.6)) {
                o.set("arr", array());
            }
        } else if (chance(0.5)) {
            ArrayNode objects = doc.putArray("o"); // an array of objects, some without the keys
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                ObjectNode o = objects.addObject();
                put(o, "s", 0.7, this::word);
                put(o, "n", 0.7, this::number);
            }
        } else if (chance(0.3)) {
            doc.set("o", scalar());
        }
        if (chance(0.7)) {
            doc.set("arr", array());
        }
        return doc;
    }

    /** Sets a key: usually the expected kind of value, sometimes any other value, JSON null, or missing. */
    private void put(ObjectNode o, String key, double usual, Supplier<JsonNode> value) {
        double dice = random.nextDouble();
        if (dice < usual) {
            o.set(key, value.get());
        } else if (dice < usual + (1 - usual) / 3) {
            o.set(key, chance(0.5) ? scalar() : NODES.nullNode());
        } else if (dice < usual + 2 * (1 - usual) / 3) {
            o.set(key, chance(0.5) ? array() : NODES.objectNode().put("k", 1));
        }
    }

    private ArrayNode array() {
        ArrayNode a = NODES.arrayNode();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            a.add(chance(0.1) ? NODES.objectNode().put("k", random.nextInt(3)) : scalar());
        }
        return a;
    }

    private JsonNode scalar() {
        return switch (random.nextInt(5)) {
            case 0 -> word();
            case 1, 2 -> number();
            case 3 -> bool();
            default -> NODES.nullNode();
        };
    }

    private JsonNode word() {
        return NODES.textNode(pick(WORDS));
    }

    private JsonNode number() {
        return switch (random.nextInt(4)) {
            case 0 -> NODES.numberNode(BigDecimal.valueOf(random.nextInt(2001) - 1000, 1));
            case 1 -> NODES.numberNode(new BigDecimal("12.50"));
            default -> NODES.numberNode((long) random.nextInt(41) - 10);
        };
    }

    private JsonNode bool() {
        return NODES.booleanNode(random.nextBoolean());
    }

    private <T> T maybe(Supplier<T> value) {
        return chance(0.15) ? null : value.get();
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
