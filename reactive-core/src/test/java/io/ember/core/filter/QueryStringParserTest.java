package io.ember.core.filter;

import static io.ember.core.filter.TestModels.USER;
import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.TestModels.Status;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueryStringParserTest {

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Filter external(String query) {
        return QueryStringParser.parse(query, USER, FilterPolicy.external());
    }

    private static void assertInvalid(String query, String path, String problem) {
        assertThatThrownBy(() -> external(query))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.getMessage()).contains(problem);
                });
    }

    @Test
    void filterParameterHoldsUrlEncodedJson() {
        String json = "{\"where\": {\"age\": {\"gte\": 18}, \"name\": {\"ilike\": \"a%\"}}, \"order\": [\"name ASC\"], \"limit\": 5}";
        Filter f = external("filter=" + encode(json) + "&access_token=abc");
        assertThat(f).isEqualTo(Filter.of(where("age").gte(18).and(where("name").ilike("a%")))
                .orderBy("name ASC").limit(5));
    }

    @Test
    void whereParameterHoldsUrlEncodedJson() {
        Filter f = external("where=" + encode("{\"status\": \"BANNED\"}"));
        assertThat(f.where()).isEqualTo(where("status").eq(Status.BANNED));
        assertThat(f.limit()).isEqualTo(100);
    }

    @Test
    void whereParameterIsAndedWithTheFiltersWhere() {
        Filter f = QueryStringParser.parse("filter=" + encode("{\"where\": {\"age\": 1}}") + "&where=" + encode("{\"name\": \"x\"}"));
        assertThat(f.where()).isEqualTo(new Where.And(List.of(where("age").eq(1L), where("name").eq("x"))));
    }

    @Test
    void bracketFormBuildsTheSameFilter() {
        String query = "filter[where][age][gte]=18&filter[order][0]=name%20ASC&filter[order][1]=id+DESC"
                + "&filter[limit]=10&filter[skip]=20&filter[where][or][0][name]=x&filter[where][or][1][name][like]=y%25"
                + "&filter[fields][0]=id&filter[fields][1]=name";
        Filter f = external(query);
        assertThat(f).isEqualTo(Filter.of(where("age").gte(18).and(where("name").eq("x").or(where("name").like("y%"))))
                .orderBy("name ASC", "id DESC").limit(10).skip(20).fields("id", "name"));
    }

    @Test
    void bracketValuesAreCoercedToEveryPropertyType() {
        UUID id = UUID.randomUUID();
        String query = "filter[where][active]=true&filter[where][externalId]=" + id
                + "&filter[where][createdAt][lt]=2024-05-01T10:00:00Z&filter[where][status][inq][0]=ACTIVE"
                + "&filter[where][status][inq][1]=BANNED&filter[where][balance][between][0]=1.5"
                + "&filter[where][balance][between][1]=2&filter[where][tags][contains][]=a&filter[where][tags][contains][]=b";
        Where w = external(query).where();
        assertThat(w).isEqualTo(where("active").eq(true).and(where("externalId").eq(id),
                where("createdAt").lt(Instant.parse("2024-05-01T10:00:00Z")),
                where("status").inq(Status.ACTIVE, Status.BANNED),
                where("balance").between(new java.math.BigDecimal("1.5"), new java.math.BigDecimal("2")),
                where("tags").contains(List.of("a", "b"))));
    }

    @Test
    void repeatedKeysMakeLists() {
        Where w = external("filter[where][id][inq]=1&filter[where][id][inq]=2").where();
        assertThat(w).isEqualTo(where("id").inq(1L, 2L));
    }

    @Test
    void whereBracketsAreShorthandForFilterWhere() {
        assertThat(external("where[age][lt]=30").where()).isEqualTo(where("age").lt(30));
    }

    @Test
    void bracketIncludeWithScope() {
        String query = "filter[include][0][relation]=posts&filter[include][0][scope][where][published]=true"
                + "&filter[include][0][scope][limit]=3&filter[include][0][skipDefaultFilter]=true";
        Filter f = QueryStringParser.parse(query, USER, FilterPolicy.external().withAllowSkipDefaultFilter(true));
        assertThat(f.include()).containsExactly(new Inclusion("posts", Filter.of(where("published").eq(true)).limit(3), true));
        assertInvalid(query, "include[0].skipDefaultFilter", "not allowed");
    }

    @Test
    void bracketFieldsAsObject() {
        assertThat(external("filter[fields][tags]=false").fields()).isEqualTo(Fields.except("tags"));
    }

    @Test
    void emptyOrAbsentQueryIsTheDefaultFilter() {
        assertThat(external("")).isEqualTo(Filter.empty().limit(100));
        assertThat(external("page=2&sort=x")).isEqualTo(Filter.empty().limit(100));
        assertThat(QueryStringParser.parse(null)).isEqualTo(Filter.empty());
    }

    @Test
    void coercionFailuresNameThePath() {
        assertInvalid("filter[where][age][gte]=eighteen", "where.age.gte", "expected a 32-bit integer, found 'eighteen'");
        assertInvalid("filter[where][or][1][active]=yes&filter[where][or][0][age]=1", "where.or[1].active",
                "expected a boolean");
        assertInvalid("filter[where][externalId]=123", "where.externalId", "expected a UUID");
        assertInvalid("filter[where][createdAt][gt]=2024-13-01T00:00:00Z", "where.createdAt.gt", "ISO-8601 timestamp");
        assertInvalid("filter[where][status]=DELETED", "where.status", "one of ACTIVE, BANNED");
        assertInvalid("filter[where][tags][contains][0]=a&filter[where][age][between][0]=1&filter[where][age][between][1]=x",
                "where.age.between[1]", "expected a 32-bit integer, found 'x'");
        assertInvalid("filter[limit]=ten", "limit", "whole number");
        assertInvalid("filter[limit]=5000", "limit", "exceeds the maximum of 1000");
        assertInvalid("where=" + encode("{\"age\": \"x\"}"), "where.age", "expected a 32-bit integer");
        assertInvalid("filter=" + encode("{\"where\": {\"or\": [{}, {\"tags\": {\"contains\": [1]}}]}}"),
                "where.or[1].tags.contains[0]", "expected a string");
    }

    @Test
    void shapeErrorsInTheBracketForm() {
        assertInvalid("filter[where][tags][contains]=a", "where.tags.contains", "expected a list of values");
        assertInvalid("filter[where][age]=1&filter[where][age][gt]=2", "where.age", "both as a value and with nested");
        assertInvalid("filter[order][1]=name", "order", "list indices must run from 0 to 0");
        assertInvalid("filter[where", "", "malformed query parameter");
        assertInvalid("filter[where]x=1", "", "malformed query parameter");
        assertInvalid("filter[where][a[0]]=1", "", "malformed query parameter");
        assertInvalid("filter" + "[a]".repeat(40) + "=1", "", "more than 32 bracket segments");
        assertInvalid("filter[where][name]=%zz", "", "malformed percent-encoding");
        assertInvalid("filter=%7B%7D&filter[limit]=1", "", "not both");
        assertInvalid("filter=%7B%7D&filter=%7B%7D", "", "more than once");
        assertInvalid("filter=%7Bnot%20json", "", "malformed JSON");
        assertInvalid("filter[where][passwordHash]=x", "where.passwordHash", "unknown property");
    }
}
