package io.ember.core.filter;

import static io.ember.core.filter.TestModels.USER;
import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.InvalidFilterException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The filter syntax LoopBack front ends send, read as LoopBack reads it (issue 9). */
class LoopBackSyntaxTest {

    private static Where validated(String whereJson) {
        return FilterValidator.validateWhere(FilterParser.parseWhere(whereJson), USER, FilterPolicy.internal());
    }

    @Test
    void rangeOperatorsAcceptANullOperand() {
        for (String op : List.of("gt", "gte", "lt", "lte")) {
            Where parsed = FilterParser.parseWhere("{\"age\": {\"" + op + "\": null}}");
            assertThat(parsed).isEqualTo(new Where.Condition("age", Operator.byJsonName(op), null));
            assertThat(validated("{\"age\": {\"" + op + "\": null}}")).isEqualTo(parsed);
            assertThat(validated("{\"metadata.size\": {\"" + op + "\": null}}"))
                    .isEqualTo(new Where.Condition("metadata.size", Operator.byJsonName(op), null));
        }
    }

    @Test
    void rangeOperatorWithNullIsStillRefusedWhereTheOperatorIsWrong() {
        assertThatThrownBy(() -> validated("{\"tags\": {\"gt\": null}}"))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("where.tags.gt");
        assertThatThrownBy(() -> validated("{\"name\": {\"like\": null}}"))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("where.name.like");
        assertThatThrownBy(() -> validated("{\"age\": {\"between\": [1, null]}}"))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("where.age.between[1]");
    }

    @Test
    void inqAndNinListsMayHoldNull() {
        assertThat(validated("{\"age\": {\"inq\": [1, null]}}"))
                .isEqualTo(where("age").inq(Arrays.asList(1, null)));
        assertThat(validated("{\"age\": [null, 2]}")).isEqualTo(where("age").inq(Arrays.asList(null, 2)));
        assertThat(validated("{\"status\": {\"nin\": [\"ACTIVE\", null]}}"))
                .isEqualTo(where("status").nin(Arrays.asList(TestModels.Status.ACTIVE, null)));
        assertThat(validated("{\"metadata.size\": {\"inq\": [1, null, 2.5]}}")).isNotNull();
        assertThat(FilterWriter.toJson(where("age").inq(Arrays.asList(1, null))).toString())
                .isEqualTo("{\"age\":{\"inq\":[1,null]}}");
    }

    @Test
    void arrayOperatorsStillRefuseNullElements() {
        assertThatThrownBy(() -> validated("{\"tags\": {\"contains\": [\"a\", null]}}"))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("where.tags.contains[1]");
    }

    @Test
    void containsAnyOfIsOverlaps() {
        assertThat(FilterParser.parseWhere("{\"tags\": {\"containsAnyOf\": [\"a\"]}}"))
                .isEqualTo(where("tags").overlaps(List.of("a")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ^a/i          | iregexp | ^a
            /^a/i         | iregexp | ^a
            /^a/          | regexp  | /^a/
            ^a/g          | regexp  | ^a
            /a.b/gi       | iregexp | a.b
            ^a/m          | regexp  | (?w)^a
            ^a/mi         | iregexp | (?w)^a
            a.b/s         | regexp  | a.b
            ^a            | regexp  | ^a
            a\\/b         | regexp  | a\\/b
            a/            | regexp  | a/
            (?i)a/m       | regexp  | (?wi)a
            """)
    void regexpFlagsWrittenTheLoopBackWayAreApplied(String pattern, String operator, String expected) {
        String json = "{\"name\": {\"regexp\": \"" + pattern.replace("\\", "\\\\") + "\"}}";
        assertThat(validated(json)).isEqualTo(new Where.Condition("name", Operator.byJsonName(operator), expected));
    }

    @Test
    void aValidatedRegexpValidatesToItself() {
        for (String pattern : List.of("^a/i", "/^a/mi", "^x/y/i", "/a/b/g", "(?i)a/m", "a\\/b")) {
            Where once = validated("{\"name\": {\"regexp\": \"" + pattern.replace("\\", "\\\\") + "\"}}");
            assertThat(FilterValidator.validateWhere(once, USER, FilterPolicy.internal())).as(pattern).isEqualTo(once);
        }
        assertThat(validated("{\"name\": {\"regexp\": \"^x/y/i\"}}"))
                .isEqualTo(new Where.Condition("name", Operator.IREGEXP, "^x\\/y"));
    }

    @Test
    void iregexpTakesFlagsToo() {
        assertThat(validated("{\"name\": {\"iregexp\": \"/^a$/m\"}}"))
                .isEqualTo(new Where.Condition("name", Operator.IREGEXP, "(?w)^a$"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ^a/u          | u
            /^api/users   | u e r
            a/b           | b
            """)
    void regexpFlagsPostgresqlCannotApplyAreRefusedClearly(String pattern, String letters) {
        String flags = "'" + String.join("', '", letters.split(" ")) + "'";
        assertThatThrownBy(() -> validated("{\"name\": {\"regexp\": \"" + pattern + "\"}}"))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> {
                    assertThat(e.path()).isEqualTo("where.name.regexp");
                    assertThat(e.getMessage()).contains("unsupported regexp flag(s) " + flags)
                            .contains("i, g, m, s").contains("\\/");
                });
    }

    @Test
    void regexpFlagMAfterADirectorIsRefused() {
        assertThatThrownBy(() -> validated("{\"name\": {\"regexp\": \"***:^a/m\"}}"))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("(?w)");
    }
}
