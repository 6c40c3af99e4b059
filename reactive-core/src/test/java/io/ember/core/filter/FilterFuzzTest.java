package io.ember.core.filter;

import static io.ember.core.filter.TestModels.POST;
import static io.ember.core.filter.TestModels.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.model.ModelMetadata;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile input through parse and validate: the only outcomes are a filter or an
 * {@link InvalidFilterException}, each within a time bound. What validation accepts is stable:
 * validating again changes nothing, and writing it as JSON and reading it back gives it again.
 */
class FilterFuzzTest {

    private static final long MAX_MILLIS = 2_000;
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

    @Property(tries = 1500)
    void adversarialJsonYieldsAFilterOrInvalidFilterException(@ForAll("seeds") long seed) {
        String json = new AdversarialFilters(new Random(seed)).filter(0).toString();
        for (FilterPolicy policy : new FilterPolicy[] {FilterPolicy.external(), FilterPolicy.internal()}) {
            for (ModelMetadata<?> model : new ModelMetadata<?>[] {USER, POST}) {
                Filter valid = outcome(() -> FilterValidator.validate(FilterParser.parse(json), model, policy), json);
                Statistics.label(policy == FilterPolicy.external() ? "external" : "internal")
                        .collect(valid == null ? "refused" : valid.where() == null ? "valid, no where" : "valid with where");
                if (valid != null) {
                    assertStable(valid, model, policy);
                }
            }
        }
    }

    @Property(tries = 1000)
    void adversarialQueryStringsYieldAFilterOrInvalidFilterException(@ForAll("queries") String query) {
        Filter valid = outcome(() -> QueryStringParser.parse(query, USER, FilterPolicy.external()), query);
        Statistics.collect(valid == null ? "refused" : valid.where() == null ? "valid, no where" : "valid with where");
        if (valid != null) {
            assertStable(valid, USER, FilterPolicy.external());
        }
    }

    @Property(tries = 200)
    void deepNestingIsRefusedQuickly(@ForAll("depths") int depth, @ForAll("openers") String opener) {
        String json = "{\"where\": " + opener.repeat(depth) + "{\"age\": 1}" + "]}".repeat(depth) + "}";
        outcome(() -> FilterValidator.validate(FilterParser.parse(json), USER, FilterPolicy.internal()), "depth " + depth);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(1, 5000);
    }

    @Provide
    Arbitrary<String> openers() {
        return Arbitraries.of("{\"or\": [", "{\"and\": [", "{\"age\": 1, \"or\": [");
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> key = Arbitraries.of("filter", "where", "filter[where]", "filter[where][age]",
                "filter[where][age][gte]", "filter[where][or][0][name]", "filter[where][or][1][name][like]",
                "filter[order][0]", "filter[order][]", "filter[order][7]", "filter[limit]", "filter[skip]",
                "filter[fields][0]", "filter[fields][name]", "filter[include][0][relation]",
                "filter[include][0][scope][where][title]", "filter[where][tags][contains][0]",
                "filter[where][metadata.a.b][gt]", "filter[where][id][inq]", "filter[", "filter[]]", "filter[a][",
                "where[status]", "where", "filter[where][name]['); DROP TABLE users; --]");
        Arbitrary<String> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of("1", "18", "name ASC", "posts", "true", "ACTIVE")),
                net.jqwik.api.Tuple.of(3, Arbitraries.oneOf(
                Arbitraries.of(AdversarialFilters.INJECTIONS).map(s -> s.replace("\u0000", "%00")),
                Arbitraries.of("1", "-1", "18", "1.5", "true", "x", "ACTIVE", "name ASC", "posts", "%7B%7D",
                        "%7B%22where%22%3A%7B%22age%22%3A1%7D%7D", "%zz", "%", "2024-05-01T10:15:30Z", "99999999999"),
                Arbitraries.strings().withChars("[]{}=&%\"',:aA0 ").ofMaxLength(30))));
        Arbitrary<String> pair = net.jqwik.api.Combinators.combine(key, value).as((k, v) -> k + "=" + v);
        return pair.list().ofMaxSize(6).map(pairs -> String.join("&", pairs));
    }

    /**
     * The time bound is on this thread's CPU time, not the wall clock: it is there to catch a parse
     * that goes exponential, and a loaded machine (or a GC pause) stretches wall time, not CPU time.
     */
    private static Filter outcome(Supplier<Filter> run, String input) {
        long start = THREAD.getCurrentThreadCpuTime();
        Filter result;
        try {
            result = run.get();
        } catch (InvalidFilterException e) {
            assertThat(e.getMessage()).as("message of %s", e).isNotBlank();
            result = null;
        }
        long millis = (THREAD.getCurrentThreadCpuTime() - start) / 1_000_000;
        assertThat(millis).as("CPU time for %.200s", input).isLessThan(MAX_MILLIS);
        return result;
    }

    private static void assertStable(Filter valid, ModelMetadata<?> model, FilterPolicy policy) {
        assertThat(FilterValidator.validate(valid, model, policy)).isEqualTo(valid);
        Filter again = FilterValidator.validate(FilterParser.parse(FilterWriter.toJsonText(valid)), model, policy);
        assertThat(again).isEqualTo(valid);
    }
}
