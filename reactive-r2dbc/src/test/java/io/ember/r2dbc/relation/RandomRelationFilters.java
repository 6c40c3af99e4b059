package io.ember.r2dbc.relation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random JSON wheres over {@link Forum}'s models: column conditions (NULLs included), and/or, and
 * relation conditions ({@code some}/{@code none}/{@code every} on to-many, {@code is}/{@code isNot} on
 * to-one, with empty and null operands) nested up to three relations deep.
 */
final class RandomRelationFilters {

    /** A property and its kind: text, int or bool. */
    private record Column(String name, String kind, List<String> texts) {
    }

    /** A relation, whether it is to-many, and its target model. */
    private record Link(String name, boolean many, String target) {
    }

    private static final List<String> TAG_NAMES = List.of("ann1", "bob2", "cy0", "dee1", "ann2", "bob0", "cy1");
    private static final Map<String, List<Column>> COLUMNS = Map.of(
            "user", List.of(new Column("name", "text", Forum.NAMES), new Column("age", "int", List.of())),
            "post", List.of(new Column("title", "text", Forum.TEXTS), new Column("rank", "int", List.of()),
                    new Column("published", "bool", List.of())),
            "comment", List.of(new Column("body", "text", Forum.TEXTS), new Column("score", "int", List.of())),
            "tag", List.of(new Column("name", "text", TAG_NAMES)),
            "profile", List.of(new Column("bio", "text", Forum.TEXTS)));
    private static final Map<String, List<Link>> LINKS = Map.of(
            "user", List.of(new Link("posts", true, "post"), new Link("profile", false, "profile")),
            "post", List.of(new Link("author", false, "user"), new Link("comments", true, "comment"),
                    new Link("tags", true, "tag")),
            "comment", List.of(new Link("post", false, "post")),
            "tag", List.of(new Link("posts", true, "post")),
            "profile", List.of(new Link("user", false, "user")));

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Random random;

    RandomRelationFilters(Random random) {
        this.random = random;
    }

    /** A where on {@code model} ("user", "post", "comment", "tag" or "profile"). */
    ObjectNode where(String model) {
        return where(model, 0, 0);
    }

    private ObjectNode where(String model, int relations, int junctions) {
        int roll = random.nextInt(100);
        if (roll < 45 && relations < 3) {
            return relation(model, relations, junctions);
        }
        if (roll < 70 || junctions >= 2) {
            return column(model);
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode items = out.putArray(random.nextBoolean() ? "and" : "or");
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            items.add(where(model, relations, junctions + 1));
        }
        return out;
    }

    private ObjectNode relation(String model, int relations, int junctions) {
        List<Link> links = LINKS.get(model);
        Link link = links.get(random.nextInt(links.size()));
        String quantifier = link.many() ? List.of("some", "none", "every").get(random.nextInt(3))
                : random.nextBoolean() ? "is" : "isNot";
        ObjectNode out = NODES.objectNode();
        ObjectNode operand = out.putObject(link.name());
        int roll = random.nextInt(100);
        if (roll < 10) {
            operand.putObject(quantifier);
        } else if (roll < 25 && !link.many()) {
            operand.putNull(quantifier);
        } else {
            operand.set(quantifier, where(link.target(), relations + 1, junctions));
        }
        return out;
    }

    private ObjectNode column(String model) {
        List<Column> columns = COLUMNS.get(model);
        Column c = columns.get(random.nextInt(columns.size()));
        ObjectNode out = NODES.objectNode();
        int roll = random.nextInt(100);
        if (roll < 10) {
            out.putNull(c.name());
            return out;
        }
        if (roll < 18) {
            out.putObject(c.name()).putNull("neq");
            return out;
        }
        switch (c.kind()) {
            case "bool" -> {
                if (random.nextBoolean()) {
                    out.put(c.name(), random.nextBoolean());
                } else {
                    out.putObject(c.name()).put("neq", random.nextBoolean());
                }
            }
            case "int" -> {
                String op = List.of("eq", "neq", "gt", "gte", "lt", "lte", "inq", "nin").get(random.nextInt(8));
                if (op.equals("inq") || op.equals("nin")) {
                    ArrayNode list = out.putObject(c.name()).putArray(op);
                    int n = random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        list.add(random.nextInt(6));
                    }
                } else {
                    out.putObject(c.name()).put(op, random.nextInt(6));
                }
            }
            default -> {
                String op = List.of("eq", "neq", "inq", "nin", "like", "nlike").get(random.nextInt(6));
                String text = c.texts().get(random.nextInt(c.texts().size()));
                switch (op) {
                    case "inq", "nin" -> {
                        ArrayNode list = out.putObject(c.name()).putArray(op);
                        int n = random.nextInt(3);
                        for (int i = 0; i < n; i++) {
                            list.add(c.texts().get(random.nextInt(c.texts().size())));
                        }
                    }
                    case "like", "nlike" -> out.putObject(c.name()).put(op,
                            random.nextBoolean() ? text.charAt(0) + "%" : "%" + text.substring(1, 2) + "_");
                    default -> out.putObject(c.name()).put(op, text);
                }
            }
        }
        return out;
    }
}
