package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterParser;
import io.ember.core.filter.FilterWriter;
import io.ember.core.filter.Where;
import io.ember.core.filter.keyset.KeysetSigner;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.repository.KeysetPage;
import io.ember.core.repository.RepositorySettings;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyset walks over 100,000 rows ordered by a non-unique nullable column plus the id (must-show 3 of
 * issue 11): every row exactly once while a writer inserts rows behind and ahead of the cursor (the
 * ones behind never seen, none twice), no connection held between pages, and foreign or tampered
 * tokens refused. Another size by hand with {@code -Dember.keyset.rows=1000000}.
 */
@ExtendWith(EmberDatabaseExtension.class)
class KeysetWalkIT {

    @Model(table = "walk_items")
    record WalkItem(@Id Long id, @Nullable Integer rank, String label) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(KeysetWalkIT.class);
    private static final int ROWS = Integer.getInteger("ember.keyset.rows", 100_000);
    private static final int PAGE = 1_000;
    private static final int WRITES = 3_000;
    private static final KeysetSigner SIGNER = KeysetSigner.of("keyset-walk-it-key-of-32-bytes!!".getBytes(StandardCharsets.UTF_8));
    private static EmberDatabase db;
    private static DefaultCrudRepository<WalkItem, Long> items;
    private static DefaultCrudRepository<WalkItem, Long> writerItems;
    private static PostgresDataSource ds;

    @BeforeAll
    static void seed(EmberDatabase database) {
        db = database;
        db.execute("CREATE TABLE walk_items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, rank int, label text NOT NULL)",
                "INSERT INTO walk_items (rank, label) SELECT CASE WHEN g % 10 = 0 THEN NULL ELSE (g * 7919) % 100 END,"
                        + " 'seed ' || g FROM generate_series(1, " + ROWS + ") g",
                "CREATE INDEX ON walk_items (rank, id)", "ANALYZE walk_items");
        ds = db.dataSource();
        RepositorySettings settings = RepositorySettings.defaults().withKeysetSigner(SIGNER);
        items = new DefaultCrudRepository<>(WalkItem.class, ds, settings);
        writerItems = new DefaultCrudRepository<>(WalkItem.class, db.newDataSource(b -> b.maxSize(2)), settings);
    }

    /** The walk's order as a Java comparator: ASC is NULLS LAST then id ASC; DESC is its exact reverse. */
    private static Comparator<WalkItem> order(String direction) {
        Comparator<WalkItem> asc = Comparator.comparing(WalkItem::rank, Comparator.nullsLast(Comparator.<Integer>naturalOrder()))
                .thenComparing(WalkItem::id);
        return direction.equals("ASC") ? asc : asc.reversed();
    }

    @ParameterizedTest(name = "rank {0}")
    @ValueSource(strings = {"ASC", "DESC"})
    void aWalkSeesEveryRowOnceAndNeverARowInsertedBehindIt(String direction) throws InterruptedException {
        long before = db.queryLong("SELECT count(*) FROM walk_items");
        Set<Long> existing = new HashSet<>(items.find(Filter.empty().fields("id")).map(WalkItem::id).collectList()
                .block(Duration.ofMinutes(2)));
        assertThat(existing).hasSize((int) before);
        Comparator<WalkItem> order = order(direction);
        AtomicReference<WalkItem> position = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        Set<Long> behind = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Set<Long> ahead = java.util.concurrent.ConcurrentHashMap.newKeySet();
        // paced and capped: an unbounded writer inserting ahead of the cursor faster than a loaded machine
        // reads pages would keep the walk from ever ending
        Thread writer = new Thread(() -> {
            while (!done.get() && behind.size() + ahead.size() < WRITES) {
                WalkItem at = position.get();
                if (at == null) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                ThreadLocalRandom random = ThreadLocalRandom.current();
                Integer rank = random.nextInt(11) == 0 ? null : random.nextInt(100);
                WalkItem stored = writerItems.create(new WalkItem(null, rank, "written")).block(Duration.ofSeconds(30));
                // the cursor only moves forward: a row behind the position read before the insert stays behind
                (order.compare(stored, at) < 0 ? behind : ahead).add(stored.id());
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "keyset-writer");
        writer.start();
        List<Long> seen = new ArrayList<>();
        List<WalkItem> walked;
        try {
            walked = items.scroll(Filter.empty().orderBy("rank " + direction).limit(PAGE))
                    .doOnNext(position::set)
                    .collectList().block(Duration.ofMinutes(5));
        } finally {
            done.set(true);
            writer.join(60_000);
        }
        walked.forEach(w -> seen.add(w.id()));
        Set<Long> distinct = new HashSet<>(seen);
        LOG.info("Keyset walk rank {} over {} rows: saw {}, {} inserted behind the cursor, {} ahead ({} of those seen)",
                direction, before, seen.size(), behind.size(), ahead.size(), ahead.stream().filter(distinct::contains).count());
        assertThat(distinct).as("no row twice").hasSize(seen.size());
        // set arithmetic, not AssertJ's containsAll (quadratic on 100,000 ids)
        Set<Long> missing = new HashSet<>(existing);
        missing.removeAll(distinct);
        assertThat(missing).as("rows present before the walk and not seen").isEmpty();
        Set<Long> seenBehind = new HashSet<>(behind);
        seenBehind.retainAll(distinct);
        assertThat(seenBehind).as("rows inserted behind the cursor and seen").isEmpty();
        Set<Long> extra = new HashSet<>(distinct);
        extra.removeAll(existing);
        extra.removeAll(ahead);
        assertThat(extra).as("rows seen that were neither there before nor inserted ahead").isEmpty();
        assertThat(walked).isSortedAccordingTo(order);
        assertThat(behind).as("the writer inserted behind the cursor").isNotEmpty();
        assertThat(ahead).as("the writer inserted ahead of the cursor").isNotEmpty();
    }

    @Test
    void pagesHoldNoConnectionAndTheLastPageHasNoNextToken() {
        Filter filter = Filter.of(Where.where("rank").lt(3)).orderBy("rank DESC").limit(PAGE);
        long expected = db.queryLong("SELECT count(*) FROM walk_items WHERE rank < 3");
        List<WalkItem> all = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            KeysetPage<WalkItem> page = items.findKeysetPage(filter.after(next)).block(Duration.ofMinutes(1));
            assertThat(ds.stats().acquired()).as("connections acquired between pages").isZero();
            all.addAll(page.rows());
            next = page.next();
            pages++;
            assertThat(page.rows()).hasSizeLessThanOrEqualTo(PAGE);
        } while (next != null);
        assertThat(all).hasSize((int) expected);
        assertThat(pages).isEqualTo((int) (expected / PAGE) + 1);
        assertThat(all).isSortedAccordingTo(order("DESC"));
    }

    @Test
    void scrollReadsPagesAsItsSubscriberAsksAtMostOnePageAhead() {
        java.util.concurrent.atomic.AtomicInteger statements = new java.util.concurrent.atomic.AtomicInteger();
        var counted = new DefaultCrudRepository<>(WalkItem.class,
                db.newDataSource(b -> b.queryListener(e -> statements.incrementAndGet())), RepositorySettings.defaults());
        reactor.test.StepVerifier.create(counted.scroll(Filter.empty().orderBy("rank").limit(100)), 0)
                .thenRequest(10)
                .expectNextCount(10)
                .thenAwait(Duration.ofMillis(300))
                .then(() -> assertThat(statements.get()).as("pages read for 10 rows").isBetween(1, 2))
                .thenRequest(190)
                .expectNextCount(190)
                .thenAwait(Duration.ofMillis(300))
                .then(() -> assertThat(statements.get()).as("pages read for 200 rows").isBetween(2, 3))
                .thenCancel()
                .verify(Duration.ofMinutes(1));
    }

    @Test
    void aJsonFilterWithTheTokenContinuesWhereTheJavaPageEnded() {
        Filter java = Filter.of(Where.where("label").like("seed 1%")).orderBy("rank ASC NULLS FIRST").limit(50);
        KeysetPage<WalkItem> first = items.findKeysetPage(java).block(Duration.ofMinutes(1));
        String json = FilterWriter.toJsonText(java.after(first.next()));
        assertThat(json).contains("\"after\":\"" + first.next() + "\"");
        KeysetPage<WalkItem> second = items.findKeysetPage(FilterParser.parse(json)).block(Duration.ofMinutes(1));
        List<WalkItem> twoPages = items.find(java.limit(100)).collectList().block(Duration.ofMinutes(1));
        List<WalkItem> paged = new ArrayList<>(first.rows());
        paged.addAll(second.rows());
        assertThat(paged).isEqualTo(twoPages);
    }

    @Test
    void aTamperedOrForeignTokenIsRefusedBeforeAnySql() {
        Filter filter = Filter.empty().orderBy("rank").limit(10);
        String token = items.findKeysetPage(filter).block(Duration.ofMinutes(1)).next();
        char[] chars = token.toCharArray();
        chars[3] = chars[3] == 'x' ? 'y' : 'x';
        String tampered = new String(chars);
        assertThatThrownBy(() -> items.findKeysetPage(filter.after(tampered))).isInstanceOf(InvalidFilterException.class)
                .hasMessageStartingWith("after");
        assertThatThrownBy(() -> items.findKeysetPage(filter.withWhere(Where.where("rank").gt(5)).after(token)))
                .isInstanceOf(InvalidFilterException.class);
        assertThatThrownBy(() -> items.findKeysetPage(FilterParser.parse("{\"order\":\"rank\",\"limit\":10,\"after\":\"'; DROP TABLE walk_items; --\"}")))
                .isInstanceOf(InvalidFilterException.class);
        var otherKey = new DefaultCrudRepository<>(WalkItem.class, ds, RepositorySettings.defaults());
        assertThatThrownBy(() -> otherKey.findKeysetPage(filter.after(token))).isInstanceOf(InvalidFilterException.class);
        assertThatThrownBy(() -> items.find(filter.after(token))).isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("findKeysetPage");
        assertThat(db.queryLong("SELECT count(*) FROM walk_items")).isGreaterThanOrEqualTo(ROWS);
    }
}
