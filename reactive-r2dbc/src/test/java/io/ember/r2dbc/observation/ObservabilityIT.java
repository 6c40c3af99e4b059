package io.ember.r2dbc.observation;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.UniqueViolationException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.Where;
import io.ember.core.model.Hidden;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.transaction.TransactionOptions;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.datasource.QueryEvent;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * Metrics and observations of statements and transactions, on a real PostgreSQL: the names and tags
 * of the OpenTelemetry database conventions, the span names, nesting under the caller's observation,
 * SQLSTATE on failures, cancels recorded once, and no SQL text or value in any tag.
 */
@ExtendWith(EmberDatabaseExtension.class)
class ObservabilityIT {

    @Model(table = "gadgets")
    record Gadget(@Id Long id, String name, @Hidden String secret) {
        static Gadget of(String name) {
            return new Gadget(null, name, "s3cr3t-" + name);
        }
    }

    /** Marks every value the tests bind: it must never appear in a tag. */
    private static final String VALUE_MARK = "v4lue-mark";

    private static EmberDatabase db;

    private SimpleMeterRegistry meters;
    private TestObservationRegistry observations;
    private Queue<QueryEvent> statements;
    private PostgresDataSource ds;
    private DefaultCrudRepository<Gadget, Long> gadgets;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        db.execute("CREATE TABLE gadgets (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                + "name text NOT NULL CONSTRAINT gadgets_name_key UNIQUE, secret text)");
    }

    @BeforeEach
    void observedDataSource() {
        meters = new SimpleMeterRegistry();
        observations = TestObservationRegistry.create();
        // as Spring Boot configures its registry: the statement timers come from the meter handler
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        statements = new ConcurrentLinkedQueue<>();
        ds = db.newDataSource(b -> b.queryListener(statements::add)
                .observer(EmberObservability.builder().meterRegistry(meters).observationRegistry(observations).build()));
        gadgets = new DefaultCrudRepository<>(Gadget.class, ds);
    }

    @Test
    void findIsTimedAndObservedAsASelectOnTheModelsTable() {
        gadgets.createAll(List.of(Gadget.of(VALUE_MARK + "-f1"), Gadget.of(VALUE_MARK + "-f2"))).blockLast();
        clear();

        StepVerifier.create(gadgets.find(Filter.of(where("name").like(VALUE_MARK + "-f%"))))
                .expectNextCount(2)
                .verifyComplete();

        Timer timer = meters.get("db.client.operation.duration").timer();
        assertThat(tags(timer)).containsAllEntriesOf(Map.of(
                "db.system.name", "postgresql",
                "db.operation.name", "SELECT",
                "db.collection.name", "gadgets",
                "db.client.connection.pool.name", ds.config().name(),
                "error.type", "none"));
        assertThat(timer.count()).isEqualTo(1);
        assertThat(meters.get("db.client.response.returned_rows").summary().totalAmount()).isEqualTo(2);
        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("db.client.operation.duration", 1)
                .hasObservationWithNameEqualTo("db.client.operation.duration").that()
                .hasContextualNameEqualTo("SELECT gadgets")
                .hasLowCardinalityKeyValue("db.operation.name", "SELECT")
                .hasLowCardinalityKeyValue("db.collection.name", "gadgets")
                .hasHighCardinalityKeyValue("db.response.returned_rows", "2")
                .hasBeenStarted()
                .hasBeenStopped();
        String sql = statements.peek().sql();
        TestObservationRegistryAssert.assertThat(observations)
                .hasObservationWithNameEqualTo("db.client.operation.duration").that()
                .hasHighCardinalityKeyValue("db.query.text", sql)
                .doesNotHaveHighCardinalityKeyValueWithKey("db.query.parameter.0");
    }

    @Test
    void rowsReadInChunksAreCountedRowByRow() {
        gadgets.createAll(Flux.range(0, 5).map(i -> Gadget.of(VALUE_MARK + "-chunk" + i))).blockLast();
        clear();
        SqlStatement select = SqlStatement.of("SELECT name FROM gadgets WHERE name LIKE '" + VALUE_MARK + "-chunk%' ORDER BY name");

        StepVerifier.create(ds.withConnection(c -> ds.runner().queryChunks(c, select, 0, (row, meta) -> row.get(0, String.class), 2)))
                .assertNext(chunk -> assertThat(chunk).hasSize(2))
                .assertNext(chunk -> assertThat(chunk).hasSize(2))
                .assertNext(chunk -> assertThat(chunk).containsExactly(VALUE_MARK + "-chunk4"))
                .verifyComplete();

        assertThat(meters.get("db.client.response.returned_rows").summary().totalAmount()).isEqualTo(5);
        TestObservationRegistryAssert.assertThat(observations)
                .hasSingleObservationThat()
                .hasHighCardinalityKeyValue("db.response.returned_rows", "5");
    }

    @Test
    void insertIsObservedAsAnInsert() {
        StepVerifier.create(gadgets.create(Gadget.of(VALUE_MARK + "-i1"))).expectNextCount(1).verifyComplete();

        Timer timer = meters.get("db.client.operation.duration").tag("db.operation.name", "INSERT").timer();
        assertThat(tags(timer)).containsEntry("db.collection.name", "gadgets").containsEntry("error.type", "none");
        assertThat(timer.count()).isEqualTo(1);
        TestObservationRegistryAssert.assertThat(observations)
                .hasSingleObservationThat()
                .hasContextualNameEqualTo("INSERT gadgets")
                .hasLowCardinalityKeyValue("db.operation.name", "INSERT");
    }

    @Test
    void aFailingStatementCarriesItsSqlState() {
        gadgets.create(Gadget.of(VALUE_MARK + "-dup")).block();
        clear();

        StepVerifier.create(gadgets.create(Gadget.of(VALUE_MARK + "-dup")))
                .expectError(UniqueViolationException.class)
                .verify();

        Timer failed = meters.get("db.client.operation.duration").tag("error.type", "23505").timer();
        assertThat(tags(failed)).containsEntry("db.operation.name", "INSERT").containsEntry("db.collection.name", "gadgets");
        assertThat(failed.count()).isEqualTo(1);
        TestObservationRegistryAssert.assertThat(observations)
                .hasSingleObservationThat()
                .hasLowCardinalityKeyValue("error.type", "23505")
                .hasHighCardinalityKeyValue("db.response.status_code", "23505")
                .assertThatError().isInstanceOf(UniqueViolationException.class);
    }

    @Test
    void transactionsCountCommitsAndRollbacks() {
        Mono<Gadget> committed = ds.transactions().transactional(gadgets.create(Gadget.of(VALUE_MARK + "-t1")));
        StepVerifier.create(committed).expectNextCount(1).verifyComplete();
        Mono<Gadget> failed = ds.transactions().transactional(gadgets.create(Gadget.of(VALUE_MARK + "-t2"))
                .then(Mono.error(new IllegalStateException("the unit fails"))));
        StepVerifier.create(failed).expectErrorMessage("the unit fails").verify();

        assertThat(transactions("commit")).isEqualTo(1);
        assertThat(transactions("rollback")).isEqualTo(1);
        assertThat(transactions("commit_failed")).isZero();
        assertThat(meters.get("ember.db.transaction.retries").counter().count()).isZero();
        // the statements inside are observed as any other: two inserts, no BEGIN/COMMIT of their own
        assertThat(meters.get("db.client.operation.duration").tag("db.operation.name", "INSERT").timer().count())
                .isEqualTo(2);
    }

    @Test
    void aRetriedTransactionCountsItsRetryAndTheSerializationFailure() {
        AtomicInteger attempts = new AtomicInteger();
        SqlStatement serializationFailure = SqlStatement.of(
                "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$");
        Mono<Long> unit = ds.transactions().transactional(
                Mono.defer(() -> attempts.incrementAndGet() == 1
                        ? ds.withConnection(c -> ds.runner().update(c, serializationFailure)).next()
                        : Mono.just(1L)),
                TransactionOptions.defaults().retry(3, Duration.ofMillis(5)));

        StepVerifier.create(unit).expectNext(1L).verifyComplete();

        assertThat(attempts).hasValue(2);
        assertThat(meters.get("ember.db.transaction.retries").counter().count()).isEqualTo(1);
        assertThat(transactions("rollback")).isEqualTo(1);
        assertThat(transactions("commit")).isEqualTo(1);
        Timer failed = meters.get("db.client.operation.duration").tag("error.type", "40001").timer();
        assertThat(tags(failed)).containsEntry("db.operation.name", "DO").containsEntry("db.collection.name", "none");
        assertThat(failed.count()).isEqualTo(1);
    }

    @Test
    void statementsNestUnderTheObservationInTheSubscribersContext() {
        Gadget saved = gadgets.create(Gadget.of(VALUE_MARK + "-n1")).block();
        clear();
        Observation parent = Observation.start("http.server.requests", observations);

        StepVerifier.create(gadgets.findById(saved.id())
                        .contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, parent)))
                .expectNextCount(1)
                .verifyComplete();
        parent.stop();

        assertThat(StatementObservations.CONTEXT_KEY).isEqualTo(ObservationThreadLocalAccessor.KEY);
        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("db.client.operation.duration", 1)
                .hasObservationWithNameEqualTo("db.client.operation.duration").that()
                .hasContextualNameEqualTo("SELECT gadgets")
                .hasLowCardinalityKeyValue("error.type", "none")
                .hasParentObservationEqualTo(parent);
    }

    @Test
    void aCancelledStatementIsRecordedOnceAsCancelled() {
        gadgets.createAll(Flux.range(0, 50).map(i -> Gadget.of(VALUE_MARK + "-c" + i))).blockLast();
        clear();

        StepVerifier.create(gadgets.find(Filter.of(where("name").like(VALUE_MARK + "-c%"))), 3)
                .expectNextCount(3)
                .thenCancel()
                .verify();

        List<Timer> timers = meters.find("db.client.operation.duration").timers().stream().toList();
        assertThat(timers).hasSize(1);
        assertThat(tags(timers.get(0))).containsEntry("error.type", "cancelled").containsEntry("db.operation.name", "SELECT");
        assertThat(timers.get(0).count()).isEqualTo(1);
        assertThat(meters.get("db.client.response.returned_rows").summary().totalAmount()).isEqualTo(3);
        TestObservationRegistryAssert.assertThat(observations)
                .hasSingleObservationThat()
                .hasLowCardinalityKeyValue("error.type", "cancelled")
                .doesNotHaveError()
                .hasBeenStopped();
    }

    @Test
    void everyStatementIsRecordedExactlyOnce() {
        Flux<Object> work = Flux.concat(
                gadgets.createAll(List.of(Gadget.of(VALUE_MARK + "-o1"), Gadget.of(VALUE_MARK + "-o2"))),
                gadgets.find(Filter.of(where("name").like(VALUE_MARK + "-o%"))),
                gadgets.count(where("name").like(VALUE_MARK + "-o%")),
                gadgets.create(Gadget.of(VALUE_MARK + "-o1")).onErrorResume(UniqueViolationException.class, e -> Mono.empty()),
                ds.transactions().transactional(gadgets.deleteAll(where("name").like(VALUE_MARK + "-o%"))));
        StepVerifier.create(work.then()).verifyComplete();

        int ran = statements.size();
        assertThat(ran).isGreaterThanOrEqualTo(5);
        long timed = meters.find("db.client.operation.duration").timers().stream().mapToLong(Timer::count).sum();
        assertThat(timed).isEqualTo(ran);
        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("db.client.operation.duration", ran);
    }

    @Test
    void noTagHoldsSqlTextOrValues() {
        Flux<Object> work = Flux.concat(
                gadgets.createAll(List.of(Gadget.of(VALUE_MARK + "-x1"), Gadget.of(VALUE_MARK + "-x2"))),
                gadgets.find(Filter.of(where("name").eq(VALUE_MARK + "-x1"))),
                gadgets.updateAll(io.ember.core.repository.Patch.of("secret", VALUE_MARK + "-patched"),
                        where("name").eq(VALUE_MARK + "-x2")),
                gadgets.create(Gadget.of(VALUE_MARK + "-x1")).onErrorResume(UniqueViolationException.class, e -> Mono.empty()),
                gadgets.deleteAll(where("name").like(VALUE_MARK + "-x%")));
        StepVerifier.create(work.then()).verifyComplete();
        Observation parent = Observation.start("caller", observations);
        gadgets.count(where("name").eq(VALUE_MARK)).contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, parent))
                .block();
        parent.stop();

        Set<String> sqls = statements.stream().map(QueryEvent::sql).collect(Collectors.toSet());
        assertThat(sqls).hasSizeGreaterThanOrEqualTo(5);
        List<Meter> all = meters.getMeters();
        assertThat(all).isNotEmpty();
        for (Meter meter : all) {
            for (Tag tag : meter.getId().getTags()) {
                assertNoSqlNorValue(meter.getId().getName() + " " + tag.getKey(), tag.getValue(), sqls);
            }
        }
        TestObservationRegistryAssert.assertThat(observations).hasHandledContextsThatSatisfy(contexts -> {
            for (Observation.Context context : contexts) {
                for (KeyValue kv : context.getLowCardinalityKeyValues()) {
                    assertNoSqlNorValue(context.getName() + " " + kv.getKey(), kv.getValue(), sqls);
                }
                assertThat(String.valueOf(context.getContextualName())).doesNotContain(VALUE_MARK);
            }
        });
    }

    @Test
    void bindValuesGoToSpansOnlyWhenEnabledAndHiddenOnesAreMasked() {
        TestObservationRegistry withValues = TestObservationRegistry.create();
        PostgresDataSource valued = db.newDataSource(b -> b.observer(EmberObservability.builder()
                .observationRegistry(withValues).bindValues(true).build()));
        StepVerifier.create(new DefaultCrudRepository<>(Gadget.class, valued).create(Gadget.of(VALUE_MARK + "-b1")))
                .expectNextCount(1)
                .verifyComplete();

        TestObservationRegistryAssert.assertThat(withValues)
                .hasSingleObservationThat()
                .hasHighCardinalityKeyValue("db.query.parameter.0", VALUE_MARK + "-b1")
                .hasHighCardinalityKeyValue("db.query.parameter.1", SqlStatement.MASK);
    }

    @Test
    void aMeterRegistryAloneRecordsTheSameTimersWithoutSpans() {
        SimpleMeterRegistry alone = new SimpleMeterRegistry();
        PostgresDataSource metered = db.newDataSource(b -> b.observer(EmberObservability.metrics(alone)));
        DefaultCrudRepository<Gadget, Long> repository = new DefaultCrudRepository<>(Gadget.class, metered);
        StepVerifier.create(repository.create(Gadget.of(VALUE_MARK + "-m1")).then(repository.count(where("name").eq(VALUE_MARK + "-m1"))))
                .expectNextCount(1)
                .verifyComplete();

        Timer insert = alone.get("db.client.operation.duration").tag("db.operation.name", "INSERT").timer();
        Timer select = alone.get("db.client.operation.duration").tag("db.operation.name", "SELECT").timer();
        assertThat(insert.count()).isEqualTo(1);
        assertThat(select.count()).isEqualTo(1);
        assertThat(tags(select)).containsEntry("db.collection.name", "gadgets").containsEntry("error.type", "none")
                .containsEntry("db.system.name", "postgresql").containsEntry("db.client.connection.pool.name",
                        metered.config().name());
        assertThat(alone.find("db.client.operation.duration.active").longTaskTimers()).isEmpty();
    }

    @Test
    void aMeterRegistryAloneTagsItsTimersExactlyAsTheMeterHandlerDoes() {
        SimpleMeterRegistry alone = new SimpleMeterRegistry();
        PostgresDataSource metered = db.newDataSource(b -> b.name(ds.config().name())
                .observer(EmberObservability.metrics(alone)));
        DefaultCrudRepository<Gadget, Long> direct = new DefaultCrudRepository<>(Gadget.class, metered);
        completedCancelledAndFailed("-a", direct);

        assertThat(timerTags(alone)).as("completed, cancelled and failed timers, tags and counts")
                .isEqualTo(timerTags(meters))
                .anySatisfy(t -> assertThat(t).contains("error.type=23505").contains("error=UniqueViolationException"))
                .anySatisfy(t -> assertThat(t).contains("error.type=cancelled").contains("error=none"))
                .hasSize(3);
        alone.clear();
        StepVerifier.create(direct.count(where("name").like(VALUE_MARK + "-a%"))).expectNext(20L).verifyComplete();
        assertThat(alone.get("db.client.operation.duration").timer().count()).as("timed after the registry was cleared")
                .isEqualTo(1);
    }

    @Test
    void embersMeterHandlerRecordsTheTimersTheGenericHandlerWouldWhileStatementsAreStillObserved() {
        SimpleMeterRegistry viaEmber = new SimpleMeterRegistry();
        TestObservationRegistry observed = TestObservationRegistry.create();
        // as Spring Boot groups meter handlers, Ember's bean ordered first
        observed.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new StatementMeterObservationHandler(), new DefaultMeterObservationHandler(viaEmber)));
        PostgresDataSource handled = db.newDataSource(b -> b.name(ds.config().name())
                .observer(EmberObservability.builder().meterRegistry(viaEmber).observationRegistry(observed).build()));
        DefaultCrudRepository<Gadget, Long> viaHandler = new DefaultCrudRepository<>(Gadget.class, handled);
        completedCancelledAndFailed("-h", viaHandler);

        assertThat(timerTags(viaEmber)).as("completed, cancelled and failed timers, tags and counts")
                .isEqualTo(timerTags(meters))
                .hasSize(3);
        assertThat(viaEmber.find("db.client.operation.duration.active").longTaskTimers())
                .as("the generic handler never saw Ember's observations").isEmpty();
        TestObservationRegistryAssert.assertThat(observed)
                .hasNumberOfObservationsWithNameEqualTo("db.client.operation.duration", 3)
                .hasObservationWithNameEqualTo("db.client.operation.duration").that()
                .hasContextualNameEqualTo("SELECT gadgets")
                .hasBeenStopped();
    }

    @Test
    void withoutAMeterRegistryEmbersMeterHandlerLeavesTheObservationToTheNextHandler() {
        SimpleMeterRegistry generic = new SimpleMeterRegistry();
        TestObservationRegistry observed = TestObservationRegistry.create();
        observed.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new StatementMeterObservationHandler(), new DefaultMeterObservationHandler(generic)));
        PostgresDataSource handled = db.newDataSource(b -> b.observer(EmberObservability.builder()
                .observationRegistry(observed).build()));
        StepVerifier.create(new DefaultCrudRepository<>(Gadget.class, handled).count(where("name").eq(VALUE_MARK)))
                .expectNext(0L)
                .verifyComplete();

        assertThat(generic.get("db.client.operation.duration").timer().count()).isEqualTo(1);
    }

    /**
     * Seeds 20 gadgets named with {@code mark}, clears what was recorded, then runs on the test's own
     * repository and on {@code other} the same statements: a read that completes, one cancelled after
     * two rows, and an insert that fails with a unique violation.
     */
    private void completedCancelledAndFailed(String mark, DefaultCrudRepository<Gadget, Long> other) {
        gadgets.createAll(Flux.range(0, 20).map(i -> Gadget.of(VALUE_MARK + mark + i))).blockLast();
        clear();
        Function<DefaultCrudRepository<Gadget, Long>, Flux<Object>> work = repository -> Flux.concat(
                repository.find(Filter.of(where("name").like(VALUE_MARK + mark + "%"))),
                repository.find(Filter.of(where("name").like(VALUE_MARK + mark + "%"))).take(2),
                repository.create(Gadget.of(VALUE_MARK + mark + "0")).onErrorResume(UniqueViolationException.class, e -> Mono.empty()));
        StepVerifier.create(work.apply(gadgets).then()).verifyComplete();
        StepVerifier.create(work.apply(other).then()).verifyComplete();
    }

    /** Each timer of the statement duration: its tags and count, sorted. */
    private static List<String> timerTags(SimpleMeterRegistry registry) {
        return registry.find("db.client.operation.duration").timers().stream()
                .map(t -> t.getId().getTags() + " x" + t.count())
                .sorted().toList();
    }

    @Test
    void poolGaugesFollowThePoolAndGoAwayWithIt() {
        PostgresDataSource small = db.newDataSource(b -> b.maxSize(3).initialSize(0)
                .observer(EmberObservability.metrics(meters)));
        String pool = small.config().name();
        StepVerifier.create(small.withConnection(c -> Mono.fromCallable(() -> List.of(
                        gauge("db.client.connection.count", pool, "used"),
                        gauge("db.client.connection.max", pool, null),
                        gauge("db.client.connection.pending_requests", pool, null)))))
                .expectNext(List.of(1.0, 3.0, 0.0))
                .verifyComplete();
        assertThat(gauge("db.client.connection.count", pool, "used")).isZero();
        assertThat(gauge("db.client.connection.count", pool, "idle")).isEqualTo(1.0);

        small.close();

        assertThat(meters.find("db.client.connection.max").tag("db.client.connection.pool.name", pool).gauges())
                .isEmpty();
    }

    private double gauge(String name, String pool, String state) {
        var search = meters.get(name).tag("db.client.connection.pool.name", pool);
        return (state == null ? search : search.tag("db.client.connection.state", state)).gauge().value();
    }

    private double transactions(String outcome) {
        return meters.get("ember.db.transactions").tag("outcome", outcome).counter().count();
    }

    private static void assertNoSqlNorValue(String where, String value, Set<String> sqls) {
        assertThat(value).as(where).doesNotContain(VALUE_MARK).doesNotContain("s3cr3t").doesNotContain("$1")
                .doesNotContainAnyWhitespaces()
                .isNotIn(sqls);
        assertThat(value.length()).as(where + " is short").isLessThan(64);
    }

    private static Map<String, String> tags(Meter meter) {
        return meter.getId().getTags().stream().collect(Collectors.toMap(Tag::getKey, Tag::getValue));
    }

    /** Forgets what setting up a test recorded. */
    private void clear() {
        meters.clear();
        observations.clear();
        statements.clear();
    }
}
