package io.ember.r2dbc.repository;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Filter;
import io.ember.core.model.HasMany;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.datasource.QueryEvent;
import io.ember.r2dbc.datasource.StatementRunner;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Publisher;
import reactor.test.StepVerifier;

/**
 * Which reads go through a portal, as the datasource's query listener sees them ({@link QueryEvent#fetchSize()},
 * the fetch size Ember gave the driver's statement): a portal only where it can matter, a stream of
 * unknown length read at a bounded pace; none for a read that fits one fetch (a {@code LIMIT} up to the
 * fetch size, a lookup by id) or that is read to its end (a {@code Mono}, {@code collectList}, an
 * include's child loads, an include read to its end), since a portal costs the driver a round trip more
 * (it closes the portal and syncs after the last fetch) and the client CPU of its exchange.
 */
@ExtendWith(EmberDatabaseExtension.class)
class PortalChoiceIT {

    private static final int AUTHORS = 200;
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Queue<QueryEvent> EVENTS = new ConcurrentLinkedQueue<>();

    @Model(table = "portal_author")
    record Author(@Id Long id, String name, @HasMany(foreignKey = "authorId") List<Book> books) {
    }

    @Model(table = "portal_book")
    record Book(@Id Long id, Long authorId, String title) {
    }

    private static PostgresDataSource ds;
    private static DefaultCrudRepository<Author, Long> authors;

    @BeforeAll
    static void seed(EmberDatabase db) {
        db.execute("CREATE TABLE portal_author (id bigint PRIMARY KEY, name text NOT NULL)",
                "CREATE TABLE portal_book (id bigint PRIMARY KEY, author_id bigint NOT NULL, title text NOT NULL)",
                "INSERT INTO portal_author SELECT g, 'author-' || g FROM generate_series(1, " + AUTHORS + ") g",
                "INSERT INTO portal_book SELECT g, (g - 1) % " + AUTHORS + " + 1, 'book-' || g"
                        + " FROM generate_series(1, " + (3 * AUTHORS) + ") g");
        ds = db.newDataSource(b -> b.queryListener(EVENTS::add));
        authors = new DefaultCrudRepository<>(Author.class, ds);
    }

    @BeforeEach
    void clear() {
        EVENTS.clear();
    }

    /** Runs the read to its end, checks it emitted {@code count} elements, and returns its statements. */
    private static List<QueryEvent> run(Publisher<?> read, long count) {
        StepVerifier.create(read).expectNextCount(count).expectComplete().verify(LIMIT);
        return List.copyOf(EVENTS);
    }

    private static QueryEvent only(List<QueryEvent> events) {
        assertThat(events).as("statements").hasSize(1);
        return events.get(0);
    }

    private static int parentFetch(List<QueryEvent> events) {
        return events.stream().filter(e -> e.sql().contains("FROM \"portal_author\"")).findFirst().orElseThrow().fetchSize();
    }

    private static int childFetch(List<QueryEvent> events) {
        return events.stream().filter(e -> e.sql().contains("= ANY(")).findFirst().orElseThrow().fetchSize();
    }

    @Test
    void aStreamOfUnknownLengthReadAtABoundedPaceGoesThroughAPortal() {
        QueryEvent read = only(run(authors.find(Filter.empty()).limitRate(50), AUTHORS));
        assertThat(read.fetchSize()).isEqualTo(StatementRunner.DEFAULT_FETCH_SIZE);
    }

    @Test
    void aLimitThatFitsInOneFetchNeedsNoPortalWhateverTheDemand() {
        QueryEvent read = only(run(authors.find(Filter.empty().orderBy("id ASC").limit(20)).limitRate(5), 20));
        assertThat(read.fetchSize()).isZero();
    }

    @Test
    void aLimitLargerThanAFetchKeepsThePortal() {
        QueryEvent read = only(run(authors.find(Filter.empty().limit(StatementRunner.DEFAULT_FETCH_SIZE + 1)).limitRate(50),
                AUTHORS));
        assertThat(read.fetchSize()).isEqualTo(StatementRunner.DEFAULT_FETCH_SIZE);
    }

    @Test
    void aReadCollectedToItsEndNeedsNoPortal() {
        QueryEvent read = only(run(authors.find(Filter.empty()).collectList(), 1));
        assertThat(read.fetchSize()).isZero();
    }

    @Test
    void lookupsByIdAndSingleRowReadsNeedNoPortal() {
        assertThat(only(run(authors.findById(7L), 1)).fetchSize()).isZero();
        EVENTS.clear();
        assertThat(only(run(authors.findOne(Filter.of(where("name").eq("author-8"))), 1)).fetchSize()).isZero();
        EVENTS.clear();
        assertThat(only(run(authors.count(null), 1)).fetchSize()).isZero();
    }

    @Test
    void anIncludeReadToItsEndNeedsNoPortalForItsParentsOrItsChildren() {
        List<QueryEvent> events = run(authors.find(Filter.of(where("id").between(1L, 50L)).orderBy("id ASC")
                .include("books")).collectList(), 1);
        assertThat(events).hasSize(2);
        assertThat(parentFetch(events)).as("the authors' statement").isZero();
        assertThat(childFetch(events)).as("the books' statement").isZero();
    }

    @Test
    void aLookupByIdWithAnIncludeNeedsNoPortal() {
        List<QueryEvent> events = run(authors.findById(9L, Filter.empty().include("books")), 1);
        assertThat(events).hasSize(2);
        assertThat(parentFetch(events)).isZero();
        assertThat(childFetch(events)).isZero();
    }

    @Test
    void anIncludeStreamedAtABoundedPaceReadsItsParentsThroughAPortalAndItsChildrenWithout() {
        List<QueryEvent> events = run(authors.find(Filter.empty().include("books")).limitRate(10), AUTHORS);
        assertThat(parentFetch(events)).isEqualTo(StatementRunner.DEFAULT_FETCH_SIZE);
        assertThat(childFetch(events)).isZero();
    }

    @Test
    void anExplicitFetchSizeIsAPortalOfThatSize() {
        QueryEvent read = only(run(authors.find(Filter.empty(), Options.defaults().fetchSize(50)).collectList(), 1));
        assertThat(read.fetchSize()).isEqualTo(50);
    }

    @Test
    void fetchAllReadsWithoutAPortalWhateverTheDemand() {
        QueryEvent read = only(run(authors.find(Filter.empty(), Options.defaults().fetchAll()).limitRate(10), AUTHORS));
        assertThat(read.fetchSize()).isZero();
        EVENTS.clear();
        List<QueryEvent> events = run(authors.find(Filter.empty().include("books"), Options.defaults().fetchAll())
                .limitRate(10), AUTHORS);
        assertThat(parentFetch(events)).isZero();
        assertThat(childFetch(events)).isZero();
    }

    @Test
    void inATransactionABoundedReadUsesTheTransactionFetchSizeUnlessItsLimitFitsOneFetch() {
        run(ds.transactions().transactional(authors.find(Filter.empty()).limitRate(10)), AUTHORS);
        assertThat(EVENTS).filteredOn(e -> e.sql().contains("portal_author")).singleElement()
                .extracting(QueryEvent::fetchSize).isEqualTo(StatementRunner.TRANSACTION_FETCH_SIZE);
        EVENTS.clear();
        run(ds.transactions().transactional(authors.find(Filter.empty().limit(20)).limitRate(10)), 20);
        assertThat(EVENTS).filteredOn(e -> e.sql().contains("portal_author")).singleElement()
                .extracting(QueryEvent::fetchSize).isEqualTo(0);
    }
}
