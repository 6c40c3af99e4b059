package io.ember.r2dbc.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ember.core.error.InvalidFilterException;
import io.ember.core.error.PersistenceException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterParser;
import io.ember.core.filter.FilterPolicy;
import io.ember.core.filter.QueryStringParser;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Must-show 3 of issue 5: hostile filters, parsed from JSON and from query strings, run with
 * {@code find} and {@code count} on PostgreSQL. The only outcomes allowed are rows or an
 * {@link InvalidFilterException} (thrown at call time or as onError): never an error from the
 * database (syntax, undefined column or function, datatype mismatch, invalid text, out of range...),
 * never a hang. jqwik does not run JUnit Jupiter extensions, so this class sets up its own schema on
 * the shared {@link TestDatabase} and checks the pool after every property.
 */
class FilterFuzzIT {

    private static final Duration TRY_TIMEOUT = Duration.ofSeconds(10);
    private static final String SCHEMA = "it_filterfuzzit_" + ProcessHandle.current().pid();

    private static PostgresDataSource admin;
    private static PostgresDataSource ds;
    private static DefaultCrudRepository<Sample, Long> samples;

    @BeforeContainer
    static void seed() {
        TestDatabase.Server server = TestDatabase.server();
        admin = EmberDatabase.builderFor(server).name("it-fuzz-admin").build();
        sql(admin, "DROP SCHEMA IF EXISTS \"" + SCHEMA + "\" CASCADE", "CREATE SCHEMA \"" + SCHEMA + "\"");
        ds = EmberDatabase.builderFor(server).schema(SCHEMA).name("it-fuzz").build();
        samples = new DefaultCrudRepository<>(Sample.class, ds);
        SchemaGenerator.createTables(ds, Sample.class).block(TRY_TIMEOUT);
        samples.createAll(new SampleData(new Random(7)).rows(120)).then().block(TRY_TIMEOUT);
    }

    @AfterContainer
    static void drop() {
        if (ds != null) {
            ds.close();
        }
        if (admin != null) {
            sql(admin, "DROP SCHEMA IF EXISTS \"" + SCHEMA + "\" CASCADE");
            admin.close();
        }
    }

    @AfterProperty
    void noConnectionStaysAcquired() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ds.stats().acquired() > 0 && System.nanoTime() < deadline) {
            Mono.delay(Duration.ofMillis(20)).block();
        }
        assertThat(ds.stats().acquired()).as("acquired connections after the property: %s", ds.stats()).isZero();
    }

    @Property(tries = 10000)
    void hostileJsonFiltersGiveRowsOrInvalidFilterException(@ForAll("seeds") long seed) {
        String json = new HostileFilters(new Random(seed)).filter().toString();
        run(() -> FilterParser.parse(json), json);
    }

    @Property(tries = 3000)
    void hostileQueryStringsGiveRowsOrInvalidFilterException(@ForAll("seeds") long seed) {
        String query = new HostileFilters(new Random(seed)).queryString();
        run(() -> QueryStringParser.parse(query, samples.model(), FilterPolicy.external()), query);
    }

    @Property(tries = 60)
    void deepNestingGivesRowsOrInvalidFilterException(@ForAll("seeds") long seed, @ForAll("depths") int depth) {
        JsonNode json = new HostileFilters(new Random(seed)).deep(depth);
        run(() -> FilterParser.parse(json), "depth " + depth + ": " + json);
    }

    @Example
    void edgeValuesGiveRowsOrInvalidFilterException() {
        List<String> wheres = List.of(
                "{\"at\": {\"gt\": \"+999999999-12-31T23:59:59Z\"}}",
                "{\"at\": {\"lt\": \"-999999999-01-01T00:00:00Z\"}}",
                "{\"at\": \"294277-01-01T00:00:00Z\"}", "{\"at\": {\"lt\": \"+294276-12-31T23:59:59.999999Z\"}}", "{\"at\": \"+294277-01-01T00:00:00Z\"}",
                "{\"at\": {\"gte\": \"0001-01-01T00:00:00Z\"}}", "{\"at\": \"0001-01-01T00:00:00-01:00\"}",
                "{\"at\": {\"between\": [\"-4714-11-23T00:00:00Z\", \"0000-01-01T00:00:00+14:00\"]}}",
                "{\"amount\": 1e131071}", "{\"amount\": {\"gt\": -9.99e131071}}", "{\"amount\": 1e-16383}",
                "{\"amount\": {\"inq\": [1e131071, 1e-16383]}}", "{\"doc.n\": {\"gt\": 1e131071}}",
                "{\"doc.n\": {\"inq\": [1e131071, -1e-16383]}}", "{\"doc.n\": {\"between\": [-1e131071, 1e131071]}}",
                "{\"num\": \"1e3\"}", "{\"big\": {\"gt\": 9223372036854775807}}", "{\"num\": {\"lt\": \"-2147483648\"}}",
                "{\"name\": {\"regexp\": \"(\"}}", "{\"name\": {\"iregexp\": \"\\\\\"}}",
                "{\"doc.s\": {\"regexp\": \"[[:alpha:]\"}}", "{\"name\": {\"regexp\": \"a{1000}{1000}\"}}",
                "{\"name\": {\"like\": \"a\\\\\"}}", "{\"doc.s\": {\"nilike\": \"%\\\\\"}}",
                "{\"name\": \"\\ud800\"}", "{\"doc.s\": \"\\udfff x\"}", "{\"tags\": {\"contains\": [\"\\ud800\"]}}",
                "{\"doc.arr.999999999\": 1}", "{\"doc.a-b._\": {\"neq\": null}}");
        for (String where : wheres) {
            String json = "{\"where\": " + where + ", \"order\": [\"doc.n DESC NULLS LAST\", \"id\"]}";
            run(() -> FilterParser.parse(json), json);
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(1, 80);
    }

    /** Parses, then runs find and count; every outcome other than rows or InvalidFilterException fails. */
    private static void run(Supplier<Filter> parse, String input) {
        Filter filter;
        try {
            filter = parse.get();
        } catch (InvalidFilterException e) {
            String reason = e.getMessage().replaceAll("'.*", "").replaceAll("\\d+", "N");
            Statistics.collect("refused by the parser: " + reason.substring(0, Math.min(60, reason.length())));
            return;
        }
        String find = outcome(() -> samples.find(filter).collectList(), input);
        String count = outcome(() -> samples.count(filter.where()), input);
        Statistics.collect("find " + find + ", count " + count);
    }

    private static String outcome(Supplier<Mono<?>> call, String input) {
        long start = System.nanoTime();
        try {
            call.get().timeout(TRY_TIMEOUT).block();
            return "rows";
        } catch (InvalidFilterException e) {
            assertThat(e.getMessage()).isNotBlank();
            return "refused";
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() instanceof TimeoutException ? e.getCause() : e;
            String state = cause instanceof PersistenceException p ? " SQLSTATE " + p.sqlState() : "";
            throw new AssertionError("input %.2000s%n gave %s%s (after %d ms)".formatted(input, cause, state,
                    (System.nanoTime() - start) / 1_000_000), cause);
        }
    }

    private static void sql(PostgresDataSource on, String... statements) {
        Flux.fromArray(statements)
                .concatMap(s -> on.withConnection(c -> Flux.from(c.createStatement(s).execute())
                        .concatMap(r -> r.getRowsUpdated())))
                .then()
                .block(Duration.ofSeconds(60));
    }
}
