package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Filter;
import io.ember.core.model.Id;
import io.ember.core.model.Json;
import io.ember.core.model.Model;
import io.ember.core.repository.RepositorySettings;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

/**
 * A COPY load into a table whose columns all have a binary form goes in binary, and stores exactly
 * what {@code create} stores for the same entities, as does a {@code createAll} whose chunk is large
 * enough to go through COPY; a table with another column type keeps text.
 */
@ExtendWith(EmberDatabaseExtension.class)
class CopyBinaryIT {

    enum Mood { CALM, CROSS }

    @Model(table = "binary_copied")
    record Binary(@Id Long id, String text, Short s, Integer i, Long l, Float f, Double d, Boolean b, UUID uuid,
                  Instant instant, OffsetDateTime offset, LocalDate date, LocalDateTime local, Mood mood, byte[] bytes,
                  @Json Map<String, Object> doc, int n) {
    }

    private static final long SEED = Long.getLong("ember.copyBinary.seed", System.nanoTime());
    private static final List<String> STATEMENTS = new CopyOnWriteArrayList<>();
    private static EmberDatabase db;
    private static DefaultCrudRepository<Binary, Long> repo;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        PostgresDataSource ds = db.newDataSource(b -> b.queryListener(e -> STATEMENTS.add(e.sql())));
        SchemaGenerator.createTables(ds, Binary.class).block(Duration.ofSeconds(30));
        repo = new DefaultCrudRepository<>(Binary.class, ds);
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE binary_copied RESTART IDENTITY");
        STATEMENTS.clear();
    }

    private static Binary random(Random r, int n) {
        if (r.nextInt(10) == 0) {
            return new Binary(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, n);
        }
        String[] texts = {"", "plain", "tab\there", "new\nline", "back\\slash", "\\N", "ünï €𝄞", "quote \" '"};
        double[] doubles = {0.0, -0.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MAX_VALUE, Math.PI};
        int[] nanos = {0, 1, 499, 500, 501, 1_500, 2_500, 123_456_789, 999_999_499, 999_999_500, 999_999_999};
        long seconds = r.nextLong(-5_000_000_000L, 5_000_000_000L);   // ~1811 to ~2128
        Instant instant = Instant.ofEpochSecond(seconds, nanos[r.nextInt(nanos.length)]);
        return new Binary(null, texts[r.nextInt(texts.length)] + r.nextInt(), (short) r.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1),
                r.nextBoolean() ? Integer.MIN_VALUE : r.nextInt(), r.nextBoolean() ? Long.MAX_VALUE : r.nextLong(),
                (float) doubles[r.nextInt(doubles.length)], doubles[r.nextInt(doubles.length)], r.nextBoolean(),
                UUID.randomUUID(), instant,
                OffsetDateTime.ofInstant(instant.plusNanos(nanos[r.nextInt(nanos.length)]),
                        ZoneOffset.ofTotalSeconds(r.nextInt(-12 * 4, 13 * 4) * 900)),
                LocalDate.ofEpochDay(r.nextLong(-200_000, 200_000)),
                LocalDateTime.ofEpochSecond(seconds, nanos[r.nextInt(nanos.length)], ZoneOffset.UTC),
                r.nextBoolean() ? Mood.CALM : Mood.CROSS, new byte[] {0, (byte) r.nextInt(), -1},
                Map.of("k", texts[r.nextInt(texts.length)], "n", r.nextInt()), n);
    }

    @Test
    void aBinaryLoadStoresWhatCreateStores() {
        Random r = new Random(SEED);
        List<Binary> entities = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            entities.add(random(r, i));
        }
        assertThat(repo.load(Flux.fromIterable(entities)).block(Duration.ofSeconds(60))).isEqualTo(2_000L);
        assertThat(STATEMENTS).as("seed %d", SEED).anyMatch(sql -> sql.startsWith("COPY ") && sql.endsWith("(FORMAT binary)"));
        var inserting = new DefaultCrudRepository<>(Binary.class, repo.dataSource(),
                RepositorySettings.defaults().withBatchSize(CopyInserts.MIN_ROWS - 1));
        STATEMENTS.clear();
        inserting.createAll(entities).blockLast(Duration.ofSeconds(60));
        assertThat(STATEMENTS).as("chunks below the COPY threshold insert").allMatch(sql -> sql.startsWith("INSERT "));
        STATEMENTS.clear();
        List<Binary> copied = repo.createAll(entities).collectList().block(Duration.ofSeconds(60));
        assertThat(STATEMENTS).as("a chunk from the COPY threshold on copies")
                .anyMatch(sql -> sql.startsWith("COPY ") && sql.endsWith("(FORMAT binary)"))
                .noneMatch(sql -> sql.startsWith("INSERT "));
        List<Binary> stored = repo.find(Filter.empty().orderBy("id ASC")).collectList().block(Duration.ofSeconds(60));
        assertThat(stored).hasSize(6_000);
        for (int i = 0; i < 2_000; i++) {
            for (int copy : new int[] {0, 4_000}) {
                assertThat(stored.get(copy + i)).as("row %d of %s, seed %d", i, copy == 0 ? "load" : "createAll by COPY", SEED)
                        .usingRecursiveComparison().ignoringFields("id")
                        .withEqualsForType((a, b) -> Float.compare(a, b) == 0, Float.class)     // NaN, -0.0 exactly
                        .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class)
                        .isEqualTo(stored.get(2_000 + i));
            }
            assertThat(copied.get(i).id()).as("the id createAll returned for row %d", i).isEqualTo(stored.get(4_000 + i).id());
        }
        assertThat(stored.get(0)).usingRecursiveComparison().ignoringFields("id", "instant", "offset", "local")
                .withEqualsForType((a, b) -> Float.compare(a, b) == 0, Float.class)
                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class)
                .isEqualTo(entities.get(0));
    }

    @Test
    void anEmptyBinaryLoadStoresNothing() {
        assertThat(repo.load(Flux.empty()).block(Duration.ofSeconds(30))).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM binary_copied")).isZero();
    }

    @Test
    void aValueOutsidePostgresqlsRangeFailsTheLoadAndStoresNothing() {
        Binary far = new Binary(null, "far", null, null, null, null, null, null, null, Instant.MAX, null, null, null,
                null, null, null, 1);
        Flux<Binary> rows = Flux.range(0, 100).map(i -> random(new Random(i), i)).concatWith(Flux.just(far));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> repo.load(rows).block(Duration.ofSeconds(30)))
                .hasMessageContaining("outside the range PostgreSQL can store");
        assertThat(db.queryLong("SELECT count(*) FROM binary_copied")).isZero();
    }

    @Model(table = "texted")
    record Texted(@Id Long id, Instant at, LocalDateTime local, List<String> tags) {
    }

    /** Half a microsecond rounds up in a text load as in an insert (the server alone would round half to even). */
    @Test
    void aTextLoadRoundsTimesAsCreateDoes() {
        var texted = new DefaultCrudRepository<>(Texted.class, repo.dataSource());
        SchemaGenerator.createTables(repo.dataSource(), Texted.class).block(Duration.ofSeconds(30));
        db.execute("TRUNCATE texted RESTART IDENTITY");
        List<Texted> rows = new ArrayList<>();
        for (int nanos : new int[] {500, 1_500, 2_500, 499, 999_999_500, 123_456_789}) {
            rows.add(new Texted(null, Instant.ofEpochSecond(-4_000_000_000L, nanos),
                    LocalDateTime.ofEpochSecond(1_000_000_000L, nanos, ZoneOffset.UTC), List.of("t")));
        }
        assertThat(texted.load(Flux.fromIterable(rows)).block()).isEqualTo(rows.size());
        assertThat(STATEMENTS).anyMatch(sql -> sql.startsWith("COPY \"texted\"") && sql.endsWith("FROM STDIN"));
        texted.createAll(rows).blockLast(Duration.ofSeconds(30));
        List<Texted> stored = texted.find(Filter.empty().orderBy("id ASC")).collectList().block();
        for (int i = 0; i < rows.size(); i++) {
            assertThat(stored.get(i)).usingRecursiveComparison().ignoringFields("id").isEqualTo(stored.get(rows.size() + i));
        }
        assertThat(stored.get(2).at()).isEqualTo(Instant.ofEpochSecond(-4_000_000_000L, 3_000));
    }

    @Model(table = "widened")
    record Widened(@Id Long id, int n, String name) {
    }

    /** A column wider than its property (int into bigint) keeps the text format, which the server casts. */
    @Test
    void aColumnOfAnotherTypeKeepsTheTextFormat() {
        db.execute("DROP TABLE IF EXISTS widened");
        db.execute("CREATE TABLE widened (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n bigint, name text)");
        var widened = new DefaultCrudRepository<>(Widened.class, repo.dataSource());
        assertThat(widened.load(Flux.range(0, 10).map(i -> new Widened(null, i, "w" + i))).block()).isEqualTo(10L);
        assertThat(STATEMENTS).anyMatch(sql -> sql.startsWith("COPY \"widened\"") && sql.endsWith("FROM STDIN"));
        assertThat(db.queryLong("SELECT sum(n) FROM widened")).isEqualTo(45);
    }

    /**
     * A column whose type changes after the first load: the next binary load is refused as malformed
     * (and stores nothing), the one after reads the catalog again and loads in text.
     */
    @Test
    void aTypeChangedAfterTheFirstLoadCostsOneRefusedLoad() {
        db.execute("DROP TABLE IF EXISTS widened");
        db.execute("CREATE TABLE widened (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n integer, name text)");
        var widened = new DefaultCrudRepository<>(Widened.class, repo.dataSource());
        assertThat(widened.load(Flux.just(new Widened(null, 1, "a"))).block()).isEqualTo(1L);
        assertThat(STATEMENTS).anyMatch(sql -> sql.startsWith("COPY \"widened\"") && sql.endsWith("(FORMAT binary)"));
        db.execute("ALTER TABLE widened ALTER COLUMN n TYPE bigint");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> widened.load(Flux.just(new Widened(null, 2, "b"))).block())
                .isInstanceOf(io.ember.core.error.PersistenceException.class)
                .satisfies(e -> assertThat(((io.ember.core.error.PersistenceException) e).sqlState()).isIn(CopyLoad.MALFORMED_BINARY));
        assertThat(widened.load(Flux.just(new Widened(null, 3, "c"))).block()).isEqualTo(1L);
        assertThat(db.queryLong("SELECT sum(n) FROM widened")).isEqualTo(4);
    }
}
