package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.repository.Options;
import io.ember.core.repository.RepositorySettings;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.datasource.QueryEvent;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * createAll sends one statement per chunk of rows, never one per row, counted by a statement
 * listener; a chunk of {@link CopyInserts#MIN_ROWS} rows or more is one COPY, after one statement
 * that takes its ids from the sequence.
 */
@ExtendWith(EmberDatabaseExtension.class)
class CreateAllIT {

    @Model(table = "rows")
    record Row(@Id Long id, String name, int n) {
    }

    @Model(table = "tagged_rows")
    record TaggedRow(@Id Long id, String name, List<String> tags) {
    }

    private static final List<QueryEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static EmberDatabase db;
    private static PostgresDataSource ds;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        ds = db.newDataSource(b -> b.queryListener(EVENTS::add));
        SchemaGenerator.createTables(ds, Row.class, TaggedRow.class).block(Duration.ofSeconds(30));
        db.execute("ALTER TABLE \"rows\" ADD CONSTRAINT rows_n_positive CHECK (n >= 0)");
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE \"rows\", tagged_rows RESTART IDENTITY");
        EVENTS.clear();
    }

    private static int insertStatements() {
        return statements("INSERT");
    }

    private static int statements(String prefix) {
        return (int) EVENTS.stream().filter(e -> e.sql().startsWith(prefix)).count();
    }

    @Test
    void tenThousandRowsTakeOneStatementPerChunk() {
        int batch = 1_000;
        var repo = new DefaultCrudRepository<>(Row.class, ds, RepositorySettings.defaults().withBatchSize(batch));
        List<Row> rows = IntStream.range(0, 10_000).mapToObj(i -> new Row(null, "r" + i, i)).toList();
        List<Row> created = repo.createAll(rows).collectList().block();

        assertThat(created).hasSize(10_000);
        assertThat(statements("COPY")).isLessThanOrEqualTo((10_000 + batch - 1) / batch).isEqualTo(10);
        assertThat(statements("SELECT min(v), max(v)")).isEqualTo(10);
        assertThat(insertStatements()).isZero();
        assertThat(EVENTS).allSatisfy(e -> assertThat(e.sql()).doesNotContain("r1"));
        assertThat(db.queryLong("SELECT count(*) FROM \"rows\"")).isEqualTo(10_000);
    }

    @Test
    void smallChunksAreOneUnnestInsertEach() {
        int batch = CopyInserts.MIN_ROWS / 2;
        var repo = new DefaultCrudRepository<>(Row.class, ds, RepositorySettings.defaults().withBatchSize(batch));
        List<Row> created = repo.createAll(IntStream.range(0, 5_000).mapToObj(i -> new Row(null, "r" + i, i)).toList())
                .collectList().block();
        assertThat(created).hasSize(5_000);
        assertThat(insertStatements()).isEqualTo(10);
        assertThat(EVENTS).allSatisfy(e -> assertThat(e.sql()).contains("unnest(").doesNotContain("r1"));
    }

    @Test
    void tenThousandRowsAreOneCopyWithTheDefaultBatchSize() {
        var repo = new DefaultCrudRepository<>(Row.class, ds);
        List<Row> created = repo.createAll(Flux.range(0, 10_000).map(i -> new Row(null, "r" + i, i))).collectList().block();
        assertThat(created).hasSize(10_000);
        assertThat(statements("COPY")).isEqualTo((10_000 + RepositorySettings.DEFAULT_BATCH_SIZE - 1)
                / RepositorySettings.DEFAULT_BATCH_SIZE).isEqualTo(1);
        assertThat(insertStatements()).isZero();
        List<Row> stored = repo.find(io.ember.core.filter.Filter.empty().orderBy("id ASC")).collectList().block();
        assertThat(created).as("the ids returned are the ids stored, row for row").isEqualTo(stored);
    }

    @Test
    void createAllReturnsRowsInInputOrder() {
        var repo = new DefaultCrudRepository<>(Row.class, ds, RepositorySettings.defaults().withBatchSize(300));
        List<Row> created = repo.createAll(Flux.range(0, 1_000).map(i -> new Row(null, "r" + i, i))).collectList().block();
        assertThat(created).extracting(Row::n).containsExactlyElementsOf(IntStream.range(0, 1_000).boxed().toList());
        assertThat(created).extracting(Row::id).isSorted().doesNotHaveDuplicates();
        assertThat(insertStatements()).isEqualTo(4);
    }

    @Test
    void arrayColumnsUseMultiRowValuesStillOneStatementPerChunk() {
        var repo = new DefaultCrudRepository<>(TaggedRow.class, ds, RepositorySettings.defaults().withBatchSize(500));
        List<TaggedRow> rows = IntStream.range(0, 2_000).mapToObj(i -> new TaggedRow(null, "t" + i, List.of("a" + i))).toList();
        List<TaggedRow> created = repo.createAll(rows).collectList().block();
        assertThat(created).extracting(TaggedRow::name).containsExactlyElementsOf(rows.stream().map(TaggedRow::name).toList());
        assertThat(created.get(1999).tags()).containsExactly("a1999");
        assertThat(insertStatements()).isEqualTo(4);
        assertThat(EVENTS).allSatisfy(e -> assertThat(e.sql()).contains("VALUES"));
    }

    @Test
    void createAllWithoutReturningEmitsNothingAndInserts() {
        var repo = new DefaultCrudRepository<>(Row.class, ds);
        StepVerifier.create(repo.createAll(List.of(new Row(null, "a", 1), new Row(null, "b", 2)),
                Options.defaults().returning(false))).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM \"rows\"")).isEqualTo(2);
        assertThat(EVENTS).allSatisfy(e -> assertThat(e.sql()).doesNotContain("RETURNING"));
    }

    @Test
    void aFailingChunkStoresNothing() {
        var repo = new DefaultCrudRepository<>(Row.class, ds, RepositorySettings.defaults().withBatchSize(1_000));
        Flux<Row> rows = Flux.range(0, 2_500).map(i -> new Row(null, "r" + i, i == 2_200 ? -1 : i));
        StepVerifier.create(repo.createAll(rows))
                .expectNextCount(2_000)
                .expectError(io.ember.core.error.CheckViolationException.class)
                .verify();
        assertThat(statements("COPY")).as("the two full chunks").isEqualTo(2);
        assertThat(insertStatements()).as("the last, short one").isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM \"rows\"")).as("all or nothing").isZero();
    }

    @Test
    void createAllReturnsTheWrittenEntitiesWithGeneratedIdsOnly() {
        var repo = new DefaultCrudRepository<>(Row.class, ds);
        List<Row> created = repo.createAll(List.of(new Row(null, "a", 1), new Row(null, "b", 2))).collectList().block();
        assertThat(created).containsExactly(new Row(1L, "a", 1), new Row(2L, "b", 2));
        assertThat(EVENTS).allSatisfy(e -> assertThat(e.sql()).endsWith("RETURNING \"id\""));
    }

    @Test
    void emptyInputSendsNoStatement() {
        var repo = new DefaultCrudRepository<>(Row.class, ds);
        StepVerifier.create(repo.createAll(List.of())).verifyComplete();
        assertThat(insertStatements()).isZero();
    }
}
