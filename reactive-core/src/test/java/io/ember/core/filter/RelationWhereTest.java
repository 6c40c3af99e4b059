package io.ember.core.filter;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ember.core.error.InvalidFilterException;
import org.junit.jupiter.api.Test;

/** Relation conditions in the filter language: parsed, written, validated, without a database. */
class RelationWhereTest {

    private static InvalidFilterException invalid(String whereJson, FilterPolicy policy) {
        return catchThrowableOfType(InvalidFilterException.class, () ->
                FilterValidator.validateWhere(FilterParser.parseWhere(whereJson), TestModels.USER, policy));
    }

    @Test
    void jsonAndJavaBuildEqualRelationConditions() {
        assertThat(FilterParser.parseWhere("{\"posts\":{\"some\":{\"published\":true}}}"))
                .isEqualTo(where("posts").some(where("published").eq(true)));
        assertThat(FilterParser.parseWhere("{\"author\":{\"is\":null,\"isNot\":{}}}"))
                .isEqualTo(where("author").is(null).and(where("author").isNot(Where.allOf())));
        assertThat(FilterParser.parseWhere("{\"posts\":{\"every\":{\"comments\":{\"none\":{\"body\":\"x\",\"id\":1}}}}}"))
                .isEqualTo(where("posts").every(where("comments").none(where("body").eq("x").and(where("id").eq(1L)))));
    }

    @Test
    void relationConditionsAreWrittenAndReadBackEqual() {
        Where w = where("name").eq("ann").or(where("posts").some(where("author").is(null)),
                where("posts").every(Where.allOf()), where("posts").none(where("comments").some(where("id").gt(3L))));
        assertThat(FilterWriter.toJson(w).toString()).contains("{\"posts\":{\"every\":{}}}")
                .contains("{\"author\":{\"is\":null}}");
        assertThat(FilterParser.parseWhere(FilterWriter.toJson(w))).isEqualTo(w);
    }

    @Test
    void validationCoercesOperandsInsideRelationConditions() {
        Where checked = FilterValidator.validateWhere(FilterParser.parseWhere(
                "{\"posts\":{\"some\":{\"comments\":{\"every\":{\"id\":\"7\"}}}}}"), TestModels.USER, FilterPolicy.internal());
        assertThat(checked).isEqualTo(where("posts").some(where("comments").every(where("id").eq(7L))));
    }

    @Test
    void aQuantifierOfTheWrongKindNamesItsPath() {
        assertThat(invalid("{\"posts\":{\"is\":{}}}", FilterPolicy.internal()).path()).isEqualTo("where.posts.is");
        assertThat(invalid("{\"posts\":{\"some\":{\"author\":{\"every\":{}}}}}", FilterPolicy.internal()).path())
                .isEqualTo("where.posts.some.author.every");
        assertThat(invalid("{\"or\":[{\"name\":\"a\"},{\"nope\":{\"some\":{}}}]}", FilterPolicy.internal()).path())
                .isEqualTo("where.or[1].nope");
        assertThat(invalid("{\"name\":{\"none\":{}}}", FilterPolicy.internal()).path()).isEqualTo("where.name.none");
    }

    @Test
    void hiddenPropertiesInsideAreRefusedOnlyFromOutside() {
        String json = "{\"posts\":{\"some\":{\"author\":{\"is\":{\"passwordHash\":\"x\"}}}}}";
        FilterValidator.validateWhere(FilterParser.parseWhere(json), TestModels.USER, FilterPolicy.internal());
        InvalidFilterException e = invalid(json, FilterPolicy.external());
        assertThat(e.path()).isEqualTo("where.posts.some.author.is.passwordHash");
        assertThat(e.getMessage()).contains("unknown property");
    }

    @Test
    void eachRelationLevelCountsTowardsThePolicysDepth() {
        String json = "{\"posts\":{\"some\":{\"author\":{\"is\":{\"name\":\"a\"}}}}}"; // two relation levels
        FilterValidator.validateWhere(FilterParser.parseWhere(json), TestModels.USER, FilterPolicy.internal().withMaxDepth(2));
        assertThat(invalid(json, FilterPolicy.internal().withMaxDepth(1)).path()).isEqualTo("where.posts.some.author.is");
    }

    @Test
    void toManyQuantifiersNeedAWhere() {
        assertThatThrownBy(() -> where("posts").some(null)).isInstanceOf(NullPointerException.class);
        assertThat(catchThrowableOfType(InvalidFilterException.class,
                () -> FilterParser.parseWhere("{\"posts\":{\"every\":null}}")).path()).isEqualTo("where.posts.every");
    }
}
