package io.ember.core.filter;

import static io.ember.core.filter.TestModels.USER;
import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FilterWriterTest {

    private static final Filter JSON_VALUED = Filter
            .of(where("age").gte(18L).and(
                    where("name").ilike("a%").or(where("tags").contains(List.of("x", "y"))),
                    where("deletedAt").isNull(), where("status").neq(null), where("score").between(1L, new BigDecimal("2.5")),
                    where("id").inq(List.of()), where("metadata.address.city").eq("Paris"), where("active").eq(true),
                    Where.anyOf(), Where.allOf()))
            .withFields(Fields.except("passwordHash"))
            .orderBy(Order.asc("name").nullsLast(), Order.desc("id"), Order.asc("age"))
            .limit(20).skip(40)
            .include(Inclusion.of("author"), new Inclusion("posts", Filter.of(where("published").eq(true))
                    .orderBy("createdAt DESC").limit(3).include("comments"), true));

    @Test
    void writtenFilterParsesBackEqual() {
        assertThat(FilterParser.parse(FilterWriter.toJson(JSON_VALUED))).isEqualTo(JSON_VALUED);
        assertThat(FilterParser.parse(FilterWriter.toJsonText(JSON_VALUED))).isEqualTo(JSON_VALUED);
        assertThat(FilterParser.parse(FilterWriter.toJson(Filter.empty()))).isEqualTo(Filter.empty());
    }

    @Test
    void writtenWhereParsesBackEqual() {
        Where w = JSON_VALUED.where();
        assertThat(FilterParser.parseWhere(FilterWriter.toJson(w))).isEqualTo(w);
    }

    @Test
    void javaBuilderAndJsonProduceEqualObjects() {
        Filter json = FilterParser.parse("""
                {"where": {"age": {"gte": 18, "lt": 65}, "or": [{"name": {"ilike": "a%"}}, {"tags": {"contains": ["x"]}}]},
                 "fields": ["id", "name"], "order": ["name ASC NULLS LAST", "id DESC"], "limit": 20, "skip": 40,
                 "include": [{"relation": "posts", "scope": {"where": {"published": true}, "order": ["createdAt DESC"],
                              "limit": 3, "include": ["comments"]}}]}""");
        Filter java = Filter.of(where("age").gte(18L).and(where("age").lt(65L),
                        where("name").ilike("a%").or(where("tags").contains(List.of("x")))))
                .fields("id", "name").orderBy("name ASC NULLS LAST", "id DESC").limit(20).skip(40)
                .include(Inclusion.of("posts", Filter.of(where("published").eq(true))
                        .orderBy("createdAt DESC").limit(3).include("comments")));
        assertThat(json).isEqualTo(java);
    }

    @Test
    void javaTypedOperandsComeBackEqualAfterValidation() {
        UUID id = UUID.randomUUID();
        Filter java = Filter.of(where("age").gte(18).and(where("externalId").eq(id),
                where("createdAt").lt(Instant.parse("2024-01-01T00:00:00Z")), where("status").eq(TestModels.Status.BANNED),
                where("rating").gt(1.5), where("level").eq((short) 2), where("weight").lte(2.5f)));
        Filter validated = FilterValidator.validate(java, USER, FilterPolicy.internal());
        Filter roundTrip = FilterValidator.validate(FilterParser.parse(FilterWriter.toJsonText(java)), USER,
                FilterPolicy.internal());
        assertThat(roundTrip).isEqualTo(validated);
    }

    @Test
    void equalityIsWrittenAsAPlainValue() {
        assertThat(FilterWriter.toJson(where("name").eq("x")).toString()).isEqualTo("{\"name\":\"x\"}");
        assertThat(FilterWriter.toJson(where("name").isNull()).toString()).isEqualTo("{\"name\":null}");
        assertThat(FilterWriter.toJson(where("id").inq(1, 2)).toString()).isEqualTo("{\"id\":{\"inq\":[1,2]}}");
    }
}
