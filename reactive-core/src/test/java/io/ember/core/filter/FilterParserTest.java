package io.ember.core.filter;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ember.core.error.InvalidFilterException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterParserTest {

    private static Where.Condition cond(String path, Operator op, Object value) {
        return new Where.Condition(path, op, value);
    }

    private static void assertInvalid(String json, String path, String problem) {
        assertThatThrownBy(() -> FilterParser.parse(json))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.getMessage()).contains(problem);
                });
    }

    @Test
    void plainValueIsEqualityAndSiblingKeysAnd() {
        Where w = FilterParser.parseWhere("{\"name\": \"ann\", \"age\": 30, \"active\": true}");
        assertThat(w).isEqualTo(where("name").eq("ann").and(where("age").eq(30L), where("active").eq(true)));
    }

    @Test
    void nullIsIsNullAndArrayIsInq() {
        assertThat(FilterParser.parseWhere("{\"deletedAt\": null}")).isEqualTo(where("deletedAt").isNull());
        assertThat(FilterParser.parseWhere("{\"id\": [1, 2]}")).isEqualTo(where("id").inq(1L, 2L));
    }

    @Test
    void operatorObjectAndsItsConditionsIntoTheSiblings() {
        Where w = FilterParser.parseWhere("{\"age\": {\"gte\": 18, \"lt\": 65}, \"name\": {\"ilike\": \"a%\"}}");
        assertThat(w).isEqualTo(new Where.And(List.of(
                cond("age", Operator.GTE, 18L), cond("age", Operator.LT, 65L), cond("name", Operator.ILIKE, "a%"))));
    }

    @Test
    void andOrNestFreely() {
        Where w = FilterParser.parseWhere("{\"or\": [{\"and\": [{\"a\": 1}, {\"b\": 2}]}, {\"c\": {\"neq\": null}}]}");
        assertThat(w).isEqualTo(where("a").eq(1L).and(where("b").eq(2L)).or(where("c").isNotNull()));
    }

    @Test
    void everyOperatorParses() {
        String json = """
                {"a": {"eq": 1, "neq": 2, "gt": 3, "gte": 4, "lt": 5, "lte": 6, "inq": [7], "nin": [8],
                       "between": [1, 2], "notBetween": [3, 4], "like": "x%", "nlike": "y%", "ilike": "z%",
                       "nilike": "w%", "regexp": "^a", "iregexp": "^b", "contains": ["t"], "containedBy": ["u"],
                       "overlaps": ["v"]}}""";
        Where w = FilterParser.parseWhere(json);
        assertThat(((Where.And) w).items()).extracting(c -> ((Where.Condition) c).operator())
                .containsExactly(Operator.values());
    }

    @Test
    void aliasesNeAndInAreAccepted() {
        assertThat(FilterParser.parseWhere("{\"a\": {\"ne\": 1, \"in\": [2]}}"))
                .isEqualTo(where("a").neq(1L).and(where("a").inq(2L)));
    }

    @Test
    void numbersBecomeLongOrBigDecimalExactly() {
        Where w = FilterParser.parseWhere("{\"a\": 12345678901, \"b\": 0.1, \"c\": 1e400, \"d\": 123456789012345678901234}");
        assertThat(((Where.And) w).items()).extracting(c -> ((Where.Condition) c).value()).containsExactly(
                12345678901L, new BigDecimal("0.1"), new BigDecimal("1e400"), new BigDecimal("123456789012345678901234"));
    }

    @Test
    void emptyWhereIsTheEmptyConjunction() {
        assertThat(FilterParser.parseWhere("{}")).isEqualTo(new Where.And(List.of()));
        assertThat(FilterParser.parseWhere("{}").isEmpty()).isTrue();
    }

    @Test
    void fullFilterParses() {
        Filter f = FilterParser.parse("""
                {"where": {"age": {"gte": 18}}, "fields": ["id", "name"], "order": ["name ASC NULLS LAST", "id DESC"],
                 "limit": 20, "skip": 40,
                 "include": ["author", {"relation": "comments", "scope": {"where": {"body": {"like": "%x%"}}, "limit": 3},
                              "skipDefaultFilter": true}]}""");
        assertThat(f).isEqualTo(Filter.of(where("age").gte(18L)).fields("id", "name")
                .orderBy(Order.asc("name").nullsLast(), Order.desc("id")).limit(20).skip(40)
                .include(Inclusion.of("author"), new Inclusion("comments",
                        Filter.of(where("body").like("%x%")).limit(3), true)));
    }

    @Test
    void fieldsAsObjectIncludeOrExclude() {
        assertThat(FilterParser.parse("{\"fields\": {\"name\": true, \"age\": true}}").fields())
                .isEqualTo(Fields.only("name", "age"));
        assertThat(FilterParser.parse("{\"fields\": {\"passwordHash\": false}}").fields())
                .isEqualTo(Fields.except("passwordHash"));
        assertThat(FilterParser.parse("{\"fields\": []}").fields()).isNull();
    }

    @Test
    void orderAsOneStringOrCommaSeparated() {
        assertThat(FilterParser.parse("{\"order\": \"name DESC\"}").order()).containsExactly(Order.desc("name"));
        assertThat(FilterParser.parse("{\"order\": \"name DESC, id\"}").order())
                .containsExactly(Order.desc("name"), Order.asc("id"));
    }

    @Test
    void orderMayGiveNullsWithoutADirection() {
        assertThat(FilterParser.parse("{\"order\": [\"name NULLS FIRST\", \"id nulls last\", \"age DESC NULLS LAST\"]}")
                .order()).containsExactly(Order.asc("name").nullsFirst(), Order.asc("id").nullsLast(),
                        Order.desc("age").nullsLast());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            name NULLS
            name ASC NULLS
            name NULLS FIRST DESC
            name ASC DESC
            name NULLS SIDEWAYS
            name FIRST
            """)
    void malformedOrderIsRefused(String order) {
        assertInvalid("{\"order\": [\"" + order + "\"]}", "order[0]", "is not 'property");
    }

    @Test
    void offsetIsAnAliasOfSkipAndNumbersMayBeStrings() {
        Filter f = FilterParser.parse("{\"offset\": \"5\", \"limit\": \"10\"}");
        assertThat(f.skip()).isEqualTo(5);
        assertThat(f.limit()).isEqualTo(10);
    }

    @Test
    void includeMayBeOneObjectOrOneString() {
        assertThat(FilterParser.parse("{\"include\": \"posts\"}").include()).containsExactly(Inclusion.of("posts"));
        assertThat(FilterParser.parse("{\"include\": {\"relation\": \"posts\"}}").include())
                .containsExactly(Inclusion.of("posts"));
    }

    @Test
    void nullJsonIsTheEmptyFilter() {
        assertThat(FilterParser.parse("null")).isEqualTo(Filter.empty());
        assertThat(FilterParser.parse(JsonNodeFactory.instance.nullNode())).isEqualTo(Filter.empty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"where": {"or": [{"a": 1}, {"tags": {"contains": "x"}}]}}   | where.or[1].tags.contains | expected a list of values
            {"where": {"a": {"foo": 1}}}                                 | where.a.foo               | unknown operator 'foo'
            {"where": {"a": {"between": [1]}}}                           | where.a.between           | two values
            {"where": {"a": {"between": [1, null]}}}                     | where.a.between[1]        | found null
            {"where": {"a": {"like": null}}}                             | where.a.like              | only eq, neq, gt, gte, lt and lte accept null
            {"where": {"a": {"eq": [1]}}}                                | where.a.eq                | takes one value
            {"where": {"a": {"eq": {"x": 1}}}}                           | where.a.eq                | takes one value
            {"where": {"a": [1, [2]]}}                                   | where.a[1]                | found a list
            {"where": {"a": [{"b": 1}]}}                                 | where.a[0]                | found an object
            {"where": {"a": {}}}                                         | where.a                   | empty object
            {"where": {"or": {"a": 1}}}                                  | where.or                  | list of where objects
            {"where": {"and": [1]}}                                      | where.and[0]              | expected a where object
            {"where": []}                                                | where                     | expected a where object
            {"where": {"": 1}}                                           | where.                    | empty key
            {"fields": {"a": true, "b": false}}                          | fields.b                  | mixes true and false
            {"fields": {"a": 1}}                                         | fields.a                  | true or false
            {"fields": [1]}                                              | fields[0]                 | property name
            {"order": ["name SIDEWAYS"]}                                 | order[0]                  | is not 'property
            {"order": [1]}                                               | order[0]                  | expected
            {"limit": -1}                                                | limit                     | whole number
            {"limit": 1.5}                                               | limit                     | whole number
            {"limit": 3000000000}                                        | limit                     | whole number
            {"limit": 1e2147483647}                                      | limit                     | whole number
            {"skip": "ten"}                                              | skip                      | whole number
            {"skip": 1, "offset": 2}                                     | ''                        | either skip or offset
            {"include": [{"relation": 1}]}                               | include[0].relation       | relation name
            {"include": [{"rel": "x"}]}                                  | include[0].rel            | unknown inclusion key
            {"include": [{"relation": "x", "scope": {"bogus": 1}}]}      | include[0].scope.bogus    | unknown filter key
            {"include": [{"relation": "x", "skipDefaultFilter": "yes"}]} | include[0].skipDefaultFilter | true or false
            {"wher": {}}                                                 | wher                      | unknown filter key
            []                                                           | ''                        | expected a filter object
            {"a": 1, "a": 2}                                             | ''                        | malformed JSON
            {"where":                                                    | ''                        | malformed JSON
            """)
    void malformedFiltersNameThePath(String json, String path, String problem) {
        assertInvalid(json, path, problem);
    }

    @Test
    void emptyTextIsAnError() {
        assertInvalid("", "", "expected a JSON object");
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        String json = "{\"or\": [".repeat(200) + "{\"a\": 1}" + "]}".repeat(200);
        assertThatThrownBy(() -> FilterParser.parseWhere(json))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("deeper than");
        String include = "{\"include\": [{\"relation\": \"r\", \"scope\": ".repeat(40) + "{}" + "}]}".repeat(40);
        assertThatThrownBy(() -> FilterParser.parse(include))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("deeper than");
    }

    @Test
    void veryDeepJsonIsRefusedByTheReader() {
        String json = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> FilterParser.parse(json))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("malformed JSON");
    }
}
