package io.ember.r2dbc.testing;

import io.ember.r2dbc.datasource.QueryEvent;
import io.ember.r2dbc.datasource.QueryListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Counts the statements Ember runs, so a test can assert how many round trips its work took. The
 * {@link EmberDatabaseExtension} installs one on every datasource of a test class and resets it right
 * before each test method (after the {@code @BeforeEach} methods), so it counts what the test method
 * itself ran; inject it as a parameter. Thread-safe: statements end on the driver's threads.
 *
 * <pre>{@code
 * @Test
 * void findsAUserInOneStatement(PostgresDataSource ds, QueryCounter queries) {
 *     StepVerifier.create(new UserRepository(ds).findByEmail("ada@example.com")).expectNextCount(1).verifyComplete();
 *     assertEquals(1, queries.count());
 * }
 * }</pre>
 *
 * <p>A statement is counted when it ends (completes, fails or is cancelled), which is after the
 * publisher that ran it has signalled: assert after the publisher is done, as {@code StepVerifier}'s
 * {@code verify...} methods wait for.
 */
public final class QueryCounter implements QueryListener {

    private final List<QueryEvent> events = new CopyOnWriteArrayList<>();

    /** A counter at zero; usable on its own as a datasource's {@link QueryListener}. */
    public QueryCounter() {
    }

    @Override
    public void onQuery(QueryEvent event) {
        events.add(event);
    }

    /** The number of statements run since the last reset. */
    public int count() {
        return events.size();
    }

    /** The number of statements since the last reset whose SQL text matches. */
    public long count(Predicate<String> sql) {
        return events.stream().filter(e -> sql.test(e.sql())).count();
    }

    /** The SQL of the statements since the last reset, in the order they ended. */
    public List<String> statements() {
        return events.stream().map(QueryEvent::sql).toList();
    }

    /** The statements since the last reset, with their bind count, duration and error. */
    public List<QueryEvent> events() {
        return List.copyOf(events);
    }

    /** The number of statements since the last reset that ended in an error. */
    public long failures() {
        return events.stream().filter(e -> e.error() != null).count();
    }

    /** Starts counting again from zero. */
    public void reset() {
        events.clear();
    }

    @Override
    public String toString() {
        return "QueryCounter[" + count() + " statements]";
    }
}
