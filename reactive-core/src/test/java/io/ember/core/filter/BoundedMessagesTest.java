package io.ember.core.filter;

import static io.ember.core.filter.TestModels.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ember.core.error.InvalidFilterException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Finding 8 of issue 8: an error message stays short whatever the input. A 10 MB key, operator,
 * property, order or relation name is cut in the message and in {@link InvalidFilterException#path()}.
 */
class BoundedMessagesTest {

    private static final int MAX_MESSAGE = 1_000;
    private static final String HUGE = "k".repeat(10 * 1024 * 1024);

    private static void assertBounded(Supplier<?> call) {
        InvalidFilterException e = catchThrowableOfType(InvalidFilterException.class, call::get);
        assertThat(e).as("an InvalidFilterException").isNotNull();
        assertThat(e.getMessage().length()).as(e.getMessage().substring(0, Math.min(200, e.getMessage().length())))
                .isLessThan(MAX_MESSAGE);
        assertThat(e.path().length()).isLessThan(MAX_MESSAGE);
    }

    @Test
    void aTenMegabyteBracketKeyInAQueryStringGivesAShortMessage() {
        assertBounded(() -> QueryStringParser.parse("filter[where][" + HUGE + "]=1", USER, FilterPolicy.external()));
        assertBounded(() -> QueryStringParser.parse("where[" + HUGE + "][gte]=1", USER, FilterPolicy.external()));
        assertBounded(() -> QueryStringParser.parse("filter[where][age][" + HUGE + "]=1"));
        assertBounded(() -> QueryStringParser.parse("filter[" + HUGE + "]=1"));
        assertBounded(() -> QueryStringParser.parse("filter[where][or][" + HUGE + "][age]=1&filter[where][or][0][age]=2"));
    }

    @Test
    void hugeNamesInJsonFiltersGiveShortMessages() {
        for (String json : List.of(
                "{\"where\": {\"" + HUGE + "\": 1}}",
                "{\"where\": {\"age\": {\"" + HUGE + "\": 1}}}",
                "{\"where\": {\"metadata." + HUGE + "\": {\"foo\": 1}}}",
                "{\"where\": {\"" + HUGE + "\": {\"" + HUGE + "\": 1}}}",
                "{\"order\": \"" + HUGE + " ASC\"}",
                "{\"order\": \"" + HUGE + "\"}",
                "{\"fields\": [\"" + HUGE + "\"]}",
                "{\"fields\": {\"" + HUGE + "\": 1}}",
                "{\"include\": [\"" + HUGE + "\"]}",
                "{\"include\": [{\"relation\": \"posts\", \"" + HUGE + "\": 1}]}",
                "{\"where\": {\"age\": \"" + HUGE + "\"}}",
                "{\"where\": {\"name\": {\"regexp\": \"a/" + HUGE + "\"}}}",
                "{\"where\": {\"name.a[" + HUGE + "]\": 1}}",
                "{\"" + HUGE + "\": 1}")) {
            assertBounded(() -> FilterValidator.validate(FilterParser.parse(json), USER, FilterPolicy.external()));
        }
    }

    @Test
    void anExceptionBuiltWithHugeTextIsCutToo() {
        InvalidFilterException e = new InvalidFilterException("where." + HUGE, "bad value " + HUGE);
        assertThat(e.getMessage().length()).isLessThan(MAX_MESSAGE);
        assertThat(e.path()).hasSizeLessThan(MAX_MESSAGE).startsWith("where.kkk");
        assertThat(e.getMessage()).startsWith("where.kkk").contains("bad value kkk").contains("...");
    }
}
