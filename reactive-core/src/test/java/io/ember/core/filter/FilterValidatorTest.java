package io.ember.core.filter;

import static io.ember.core.filter.TestModels.USER;
import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.TestModels.Status;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterValidatorTest {

    private static Filter internal(String json) {
        return FilterValidator.validate(FilterParser.parse(json), USER, FilterPolicy.internal());
    }

    private static Filter external(String json) {
        return FilterValidator.validate(FilterParser.parse(json), USER, FilterPolicy.external());
    }

    private static void assertInvalid(String json, FilterPolicy policy, String path, String problem) {
        assertThatThrownBy(() -> FilterValidator.validate(FilterParser.parse(json), USER, policy))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.getMessage()).contains(problem);
                });
    }

    @Test
    void wellTypedFilterComesBackAsTheSameObject() {
        Filter f = Filter.of(where("age").gte(18).and(where("name").ilike("a%"), where("tags").contains(List.of("x"))))
                .orderBy("name ASC NULLS LAST").fields("id", "name").limit(10).include("posts");
        assertThat(FilterValidator.validate(f, USER, FilterPolicy.internal())).isSameAs(f);
    }

    @Test
    void operandsAreCoercedToThePropertyTypes() {
        UUID id = UUID.randomUUID();
        Filter f = internal("""
                {"where": {"age": {"gte": "18"}, "level": 3, "visits": "12345678901", "weight": 1.5, "rating": "2.25",
                 "balance": "10.50", "active": "true", "externalId": "%s", "createdAt": "2024-05-01T10:15:30+02:00",
                 "birthday": {"between": ["2000-01-01", "2000-12-31"]}, "status": {"inq": ["ACTIVE", "BANNED"]},
                 "history": {"contains": ["BANNED"]}, "luckyNumbers": {"overlaps": ["7", 8]}}}""".formatted(id));
        assertThat(f.where()).isEqualTo(where("age").gte(18).and(
                where("level").eq((short) 3), where("visits").eq(12345678901L), where("weight").eq(1.5f),
                where("rating").eq(2.25d), where("balance").eq(new BigDecimal("10.50")), where("active").eq(true),
                where("externalId").eq(id), where("createdAt").eq(Instant.parse("2024-05-01T08:15:30Z")),
                where("birthday").between(LocalDate.of(2000, 1, 1), LocalDate.of(2000, 12, 31)),
                where("status").inq(Status.ACTIVE, Status.BANNED),
                where("history").contains(List.of(Status.BANNED)),
                where("luckyNumbers").overlaps(List.of(7, 8))));
    }

    @Test
    void jsonPathOperandsStayJsonScalars() {
        Filter f = internal("{\"where\": {\"metadata.address.city\": \"Paris\", \"metadata.size\": {\"gt\": 3},"
                + " \"metadata.items[0].price\": {\"lt\": 2.5}, \"metadata.vip\": true}}");
        assertThat(f.where()).isEqualTo(where("metadata.address.city").eq("Paris").and(
                where("metadata.size").gt(3L), where("metadata.items[0].price").lt(new BigDecimal("2.5")),
                where("metadata.vip").eq(true)));
        Where java = FilterValidator.validateWhere(where("metadata.size").gt(3), USER, FilterPolicy.internal());
        assertThat(java).isEqualTo(where("metadata.size").gt(3L));
    }

    @Test
    void likePatternsMayEndWithAnEscapedBackslashAndRegexpsWithAnything() {
        assertThat(internal("{\"where\": {\"name\": {\"like\": \"a\\\\\\\\\"}}}").where())
                .isEqualTo(where("name").like("a\\\\"));
        assertThat(internal("{\"where\": {\"name\": {\"regexp\": \"\\\\\"}}}").where())
                .isEqualTo(where("name").regexp("\\"));
    }

    @Test
    void timestampsAndDatesAtPostgresqlsLimitsAreAccepted() {
        Filter f = internal("{\"where\": {\"createdAt\": {\"between\": [\"0001-01-01T00:00:00Z\","
                + " \"+294276-12-31T23:59:59.999999Z\"]}, \"birthday\": \"+5874897-12-31\"}}");
        assertThat(f.where()).isEqualTo(where("createdAt").between(java.time.Instant.parse("0001-01-01T00:00:00Z"),
                java.time.Instant.parse("+294276-12-31T23:59:59.999999Z")).and(
                        where("birthday").eq(java.time.LocalDate.of(5874897, 12, 31))));
    }

    @Test
    void nullChecksWorkOnEveryKind() {
        Filter f = internal("{\"where\": {\"tags\": null, \"metadata\": {\"neq\": null}, \"avatar\": null}}");
        assertThat(f.where()).isEqualTo(where("tags").isNull().and(where("metadata").isNotNull(), where("avatar").isNull()));
    }

    @Test
    void emptyListsAreAllowed() {
        Filter f = internal("{\"where\": {\"id\": {\"inq\": []}, \"age\": {\"nin\": []}}}");
        assertThat(f.where()).isEqualTo(where("id").inq(List.of()).and(where("age").nin(List.of())));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"where": {"agee": 1}}                                    | where.agee              | unknown property 'agee' of User
            {"where": {"posts": 1}}                                   | where.posts             | a relation: use include
            {"where": {"or": [{"age": 1}, {"tags": {"contains": [1]}}]}} | where.or[1].tags.contains[0] | expected a string
            {"where": {"or": [{"age": 1}, {"name": {"contains": ["x"]}}]}} | where.or[1].name.contains | applies to array properties only
            {"where": {"age": {"like": "1%"}}}                        | where.age.like          | applies to text properties only
            {"where": {"externalId": {"gt": "123e4567-e89b-12d3-a456-426614174000"}}} | where.externalId.gt | needs an ordered type
            {"where": {"externalId": {"between": ["a", "b"]}}}        | where.externalId.between | needs an ordered type
            {"where": {"tags": "x"}}                                  | where.tags              | is an array property
            {"where": {"tags": ["x"]}}                                | where.tags.inq          | is an array property
            {"where": {"metadata": {"eq": "x"}}}                      | where.metadata          | is a JSON document
            {"where": {"metadata.a": {"contains": ["x"]}}}            | where.metadata.a.contains | not to values inside a JSON document
            {"where": {"name": {"like": "ab\\\\"}}}                  | where.name.like         | must not end with a lone escape
            {"where": {"name": {"nilike": "a\\\\\\\\\\\\"}}}          | where.name.nilike       | must not end with a lone escape
            {"where": {"metadata.a": {"ilike": "\\\\"}}}             | where.metadata.a.ilike  | must not end with a lone escape
            {"where": {"createdAt": {"gt": "+999999999-12-31T23:59:59Z"}}} | where.createdAt.gt     | a timestamp from year 1 to 294276
            {"where": {"createdAt": "+294277-01-01T00:00:00Z"}}        | where.createdAt         | a timestamp from year 1 to 294276
            {"where": {"lastSeen": "0001-01-01T00:00:00+01:00"}}       | where.lastSeen          | a timestamp from year 1 to 294276
            {"where": {"wakeUp": {"lt": "-0001-12-31T00:00:00"}}}      | where.wakeUp.lt         | a timestamp from year 1 to 294276
            {"where": {"birthday": {"inq": ["2024-05-01", "+5874898-01-01"]}}} | where.birthday.inq[1] | a date from year 1 to 5874897
            {"where": {"metadata.a": {"inq": [1, "x"]}}}              | where.metadata.a.inq    | only numbers (compared as numbers) or only strings
            {"where": {"metadata.a": {"between": ["a", 2]}}}          | where.metadata.a.between | not both
            {"where": {"name.first": "x"}}                            | where.name.first        | not a @Json property
            {"where": {"metadata.a..b": "x"}}                         | where.metadata.a..b     | empty path segment
            {"where": {"metadata.": "x"}}                             | where.metadata.         | empty path segment
            {"where": {"metadata.a b": "x"}}                          | where.metadata.a b      | bad path segment
            {"where": {"metadata.a[x]": "x"}}                         | where.metadata.a[x]     | bad array index
            {"where": {"metadata.a": {"like": 1}}}                    | where.metadata.a.like   | expected a string
            {"where": {"age": 1.5}}                                   | where.age               | 32-bit integer (no fraction)
            {"where": {"age": 3000000000}}                            | where.age               | 32-bit integer (out of range)
            {"where": {"age": "1e999999999"}}                         | where.age               | out of range
            {"where": {"level": 40000}}                               | where.level             | 16-bit integer (out of range)
            {"where": {"visits": 1e30}}                               | where.visits            | 64-bit integer (out of range)
            {"where": {"visits": "12abc"}}                            | where.visits            | expected a 64-bit integer, found '12abc'
            {"where": {"weight": 1e39}}                               | where.weight            | out of range
            {"where": {"rating": "NaN"}}                              | where.rating            | floating-point
            {"where": {"balance": "1e200000"}}                        | where.balance           | out of range
            {"where": {"active": "yes"}}                              | where.active            | expected a boolean
            {"where": {"active": 1}}                                  | where.active            | expected a boolean
            {"where": {"externalId": "1-2-3-4-5"}}                    | where.externalId        | expected a UUID
            {"where": {"createdAt": "2024-05-01"}}                    | where.createdAt         | ISO-8601 timestamp with offset
            {"where": {"lastSeen": {"gt": "yesterday"}}}              | where.lastSeen.gt       | ISO-8601 timestamp with offset
            {"where": {"birthday": "01/02/2000"}}                     | where.birthday          | ISO-8601 date
            {"where": {"wakeUp": "2024-05-01T25:00"}}                 | where.wakeUp            | ISO-8601 date and time
            {"where": {"status": "active"}}                           | where.status            | one of ACTIVE, BANNED
            {"where": {"avatar": "AAEC"}}                             | where.avatar            | expected bytes
            {"where": {"name": 5}}                                    | where.name              | expected a string, found 5
            {"where": {"name": "a\\u0000b"}}                          | where.name              | without NUL
            {"where": {"age": {"between": [1, "x"]}}}                 | where.age.between[1]    | expected a 32-bit integer
            {"order": ["name", "bogus DESC"]}                         | order[1]                | unknown property 'bogus'
            {"order": ["name.x"]}                                     | order[0]                | not a @Json property
            {"fields": ["id", "nope"]}                                | fields.nope             | unknown property 'nope'
            {"fields": ["metadata.a"]}                                | fields.metadata.a       | unknown property
            {"include": ["comments"]}                                 | include[0].relation     | unknown relation 'comments' of User; known: posts
            {"include": ["posts", "posts"]}                           | include[1].relation     | included twice
            {"include": [{"relation": "posts", "scope": {"where": {"or": [{"title": 1}]}}}]} | include[0].scope.where.or[0].title | expected a string
            {"include": [{"relation": "posts", "scope": {"include": [{"relation": "comments", "scope": {"order": "x"}}]}}]} | include[0].scope.include[0].scope.order[0] | unknown property 'x' of Comment
            """)
    void invalidFiltersNameThePathAndTheExpectation(String json, String path, String problem) {
        assertInvalid(json, FilterPolicy.internal(), path, problem);
    }

    @Test
    void javaBuiltConditionsAreCheckedForArity() {
        Where pair = new Where.Condition("age", Operator.BETWEEN, List.of(1));
        assertThatThrownBy(() -> FilterValidator.validateWhere(pair, USER, FilterPolicy.internal()))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("where.age.between")
                .hasMessageContaining("two values");
        Where list = new Where.Condition("age", Operator.INQ, 5);
        assertThatThrownBy(() -> FilterValidator.validateWhere(list, USER, FilterPolicy.internal()))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("takes a list of values");
        Where one = new Where.Condition("age", Operator.GT, List.of(1));
        assertThatThrownBy(() -> FilterValidator.validateWhere(one, USER, FilterPolicy.internal()))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("takes one value");
        Where nullLike = new Where.Condition("name", Operator.LIKE, null);
        assertThatThrownBy(() -> FilterValidator.validateWhere(nullLike, USER, FilterPolicy.internal()))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("found null");
    }

    @Test
    void jsonPathsGoAtMost32SegmentsDeep() {
        String deepest = "metadata" + ".k".repeat(PropertyPath.MAX_SEGMENTS);
        assertThat(FilterValidator.validateWhere(where(deepest).eq("x"), USER, FilterPolicy.internal()))
                .isEqualTo(where(deepest).eq("x"));
        assertInvalid("{\"where\": {\"" + deepest + "[0]\": 1}}", FilterPolicy.internal(),
                "where." + deepest + "[0]", "deeper than 32 segments");
    }

    @Test
    void hiddenPropertiesAreAllowedInternallyAndUnknownExternally() {
        assertThat(internal("{\"where\": {\"passwordHash\": \"x\"}, \"order\": \"passwordHash\"}").where())
                .isEqualTo(where("passwordHash").eq("x"));
        assertInvalid("{\"where\": {\"or\": [{\"passwordHash\": {\"like\": \"a%\"}}]}}", FilterPolicy.external(),
                "where.or[0].passwordHash", "unknown property 'passwordHash'");
        assertInvalid("{\"order\": \"passwordHash DESC\"}", FilterPolicy.external(), "order[0]", "unknown property");
        assertInvalid("{\"fields\": {\"passwordHash\": true}}", FilterPolicy.external(), "fields.passwordHash",
                "unknown property");
        assertThatThrownBy(() -> external("{\"where\": {\"nope\": 1}}"))
                .hasMessageNotContaining("passwordHash");
    }

    @Test
    void externalPolicyAppliesTheDefaultLimitAtTopLevelOnly() {
        Filter f = external("{\"include\": [{\"relation\": \"posts\", \"scope\": {\"order\": \"title\"}}]}");
        assertThat(f.limit()).isEqualTo(100);
        assertThat(f.include().get(0).scope().limit()).isNull();
        assertThat(internal("{}").limit()).isNull();
        assertThat(external("{\"limit\": 1000}").limit()).isEqualTo(1000);
    }

    @Test
    void limitOverTheMaximumIsAnErrorNotClamped() {
        assertInvalid("{\"limit\": 1001}", FilterPolicy.external(), "limit", "limit 1001 exceeds the maximum of 1000");
        assertInvalid("{\"include\": [{\"relation\": \"posts\", \"scope\": {\"limit\": 5000}}]}", FilterPolicy.external(),
                "include[0].scope.limit", "exceeds the maximum of 1000");
    }

    @Test
    void externalFilterCannotSkipARelationsDefaultFilterToSeeDeletedRows() {
        String json = "{\"include\": [{\"relation\": \"posts\", \"skipDefaultFilter\": true}]}";
        assertInvalid(json, FilterPolicy.external(), "include[0].skipDefaultFilter",
                "skipping the default filter (soft-deleted rows) is not allowed");
        assertInvalid("{\"include\": [{\"relation\": \"posts\", \"scope\": {\"include\": [{\"relation\": \"author\","
                + " \"skipDefaultFilter\": true}]}}]}", FilterPolicy.external(),
                "include[0].scope.include[0].skipDefaultFilter", "not allowed");
        assertThat(internal(json).include().get(0).skipDefaultFilter()).isTrue();
        Filter allowed = FilterValidator.validate(FilterParser.parse(json), USER,
                FilterPolicy.external().withAllowSkipDefaultFilter(true));
        assertThat(allowed.include().get(0).skipDefaultFilter()).isTrue();
    }

    @Test
    void whereDepthIsBounded() {
        String eight = "{\"or\": [".repeat(8) + "{\"age\": 1}" + "]}".repeat(8);
        assertThat(external("{\"where\": " + eight + "}").where()).isNotNull();
        String nine = "{\"or\": [".repeat(9) + "{\"age\": 1}" + "]}".repeat(9);
        assertInvalid("{\"where\": " + nine + "}", FilterPolicy.external(),
                "where" + ".or[0]".repeat(8), "deeper than the maximum of 8");
        assertInvalid("{\"where\": {\"age\": 1, \"or\": [{\"and\": [{\"age\": 2}]}]}}", FilterPolicy.external().withMaxDepth(2),
                "where.or[0]", "deeper than the maximum of 2");
    }

    @Test
    void includeDepthIsBounded() {
        String three = "{\"include\": [{\"relation\": \"posts\", \"scope\": {\"include\": [{\"relation\": \"author\","
                + " \"scope\": {\"include\": [\"posts\"]}}]}}]}";
        assertThat(external(three).include()).hasSize(1);
        assertInvalid(three, FilterPolicy.external().withMaxIncludeDepth(2), "include[0].scope.include[0].scope.include",
                "deeper than the maximum of 2");
        assertInvalid("{\"include\": \"posts\"}", FilterPolicy.external().withMaxIncludeDepth(0), "include",
                "deeper than the maximum of 0");
    }

    @Test
    void listSizesAreBounded() {
        FilterPolicy policy = FilterPolicy.external().withMaxListSize(3);
        assertInvalid("{\"where\": {\"id\": [1, 2, 3, 4]}}", policy, "where.id.inq", "list of 4 items exceeds the maximum of 3");
        assertInvalid("{\"where\": {\"or\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}, {\"id\": 4}]}}", policy, "where.or",
                "exceeds the maximum");
        assertInvalid("{\"order\": [\"id\", \"name\", \"age\", \"level\"]}", policy, "order", "exceeds the maximum");
        assertInvalid("{\"fields\": [\"id\", \"name\", \"age\", \"level\"]}", policy, "fields", "exceeds the maximum");
        List<Long> big = Collections.nCopies(1001, 1L);
        assertThatThrownBy(() -> FilterValidator.validate(Filter.of(where("id").inq(big)), USER, FilterPolicy.external()))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("maximum of 1000");
        assertThat(FilterValidator.validate(Filter.of(where("id").inq(big)), USER, FilterPolicy.internal())).isNotNull();
    }

    @Test
    void emptyFieldSelectionMeansAllFields() {
        Filter f = FilterValidator.validate(Filter.empty().withFields(Fields.only()), USER, FilterPolicy.internal());
        assertThat(f.fields()).isNull();
    }

    @Test
    void fieldsAcceptHiddenOnlyWhenThePolicyAllows() {
        assertThat(internal("{\"fields\": {\"passwordHash\": false}}").fields()).isEqualTo(Fields.except("passwordHash"));
    }

    @Test
    void scopesAreValidatedAgainstTheRelatedModel() {
        Filter f = internal("{\"include\": [{\"relation\": \"posts\", \"scope\": {\"where\": {\"published\": \"true\"},"
                + " \"include\": [\"comments\", \"author\"]}}]}");
        Filter scope = f.include().get(0).scope();
        assertThat(scope.where()).isEqualTo(where("published").eq(true));
    }

    @Test
    void policyRefusesInconsistentSettings() {
        assertThatThrownBy(() -> FilterPolicy.external().withMaxLimit(50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultLimit 100 exceeds maxLimit 50");
        assertThatThrownBy(() -> FilterPolicy.internal().withMaxDepth(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(FilterPolicy.external().withDefaultLimit(null).withMaxLimit(50).maxLimit()).isEqualTo(50);
    }
}
