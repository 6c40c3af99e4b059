package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.filter.Where;
import io.ember.core.model.DeletedAt;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Model;
import io.ember.core.repository.Options;
import io.ember.core.repository.Patch;
import io.ember.core.repository.Progress;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.datasource.QueryEvent;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** updateAll/deleteAll with {@code Options.chunked(n)}: by key ranges, one statement per chunk. */
@ExtendWith(EmberDatabaseExtension.class)
class ChunkedWritesIT {

    @Model(table = "chunked")
    record Chunked(@Id Long id, String name, int n, @DeletedAt Instant deletedAt) {
    }

    @Model(table = "chunked_pairs")
    record Pair(@Id(strategy = IdStrategy.CLIENT) Long a, @Id(strategy = IdStrategy.CLIENT) Long b, int n) {
    }

    private static final List<QueryEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static EmberDatabase db;
    private static DefaultCrudRepository<Chunked, Long> repo;
    private static DefaultCrudRepository<Pair, List<Long>> pairs;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        PostgresDataSource ds = db.newDataSource(b -> b.queryListener(EVENTS::add));
        SchemaGenerator.createTables(ds, Chunked.class, Pair.class).block(Duration.ofSeconds(30));
        db.execute("ALTER TABLE chunked ADD CONSTRAINT chunked_n_small CHECK (n < 100000)");
        repo = new DefaultCrudRepository<>(Chunked.class, ds);
        pairs = new DefaultCrudRepository<>(Pair.class, ds);
    }

    @BeforeEach
    void seed() {
        db.execute("TRUNCATE chunked RESTART IDENTITY");
        repo.load(Flux.range(0, 10_000).map(i -> new Chunked(null, "r" + i, i, null))).block(Duration.ofSeconds(30));
        EVENTS.clear();
    }

    private static long statements(String prefix) {
        return EVENTS.stream().filter(e -> e.sql().startsWith(prefix)).count();
    }

    @Test
    void chunkedUpdateAllChangesExactlyTheMatchingRowsOneStatementPerChunk() {
        Where odd = Where.where("n").inq(java.util.stream.IntStream.range(0, 10_000).filter(i -> i % 2 == 1)
                .boxed().map(Object.class::cast).toList());
        StepVerifier.create(repo.updateAll(Patch.of("name", "odd"), odd, Options.defaults().chunked(1_000)))
                .expectNext(5_000L).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM chunked WHERE name = 'odd'")).isEqualTo(5_000);
        assertThat(db.queryLong("SELECT count(*) FROM chunked WHERE name = 'odd' AND n % 2 = 0")).isZero();
        assertThat(statements("UPDATE")).as("chunks of 1,000 of 5,000 rows").isEqualTo(5);
        assertThat(statements("SELECT")).as("five full key reads, and a sixth that finds none").isEqualTo(6);
    }

    @Test
    void chunkedUpdateAllOfEveryRowNeedsForceAndCoversTheTable() {
        StepVerifier.create(repo.updateAll(Patch.of("name", "all"), null, Options.defaults().force().chunked(3_000)))
                .expectNext(10_000L).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM chunked WHERE name = 'all'")).isEqualTo(10_000);
        assertThat(statements("UPDATE")).isEqualTo(4);
        assertThat(statements("SELECT")).as("a fourth chunk of 1,000 < 3,000 ends the walk").isEqualTo(4);
    }

    @Test
    void chunkedDeleteAllSoftDeletesTheMatchingRowsAndHardDeletesOnRequest() {
        StepVerifier.create(repo.deleteAll(Where.where("n").lt(2_500), Options.defaults().chunked(1_000)))
                .expectNext(2_500L).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM chunked WHERE deleted_at IS NOT NULL")).isEqualTo(2_500);
        assertThat(repo.count().block()).isEqualTo(7_500);
        StepVerifier.create(repo.deleteAll(Where.where("n").lt(5_000),
                        Options.defaults().skipDefaultFilter().hardDelete().chunked(700)))
                .expectNext(5_000L).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM chunked")).isEqualTo(5_000);
        assertThat(db.queryLong("SELECT min(n) FROM chunked")).isEqualTo(5_000);
    }

    @Test
    void aChunkThatFailsStopsTheWalkAndKeepsTheChunksBeforeIt() {
        StepVerifier.create(repo.updateAll(Patch.ofIncrement("n", 95_000), Where.where("n").gte(0),
                        Options.defaults().chunked(2_000)))
                .expectError(io.ember.core.error.CheckViolationException.class)
                .verify(Duration.ofSeconds(30));
        assertThat(db.queryLong("SELECT count(*) FROM chunked WHERE n >= 95000"))
                .as("not atomic: the chunks before the failing one are committed").isEqualTo(4_000);
    }

    @Test
    void chunkedWritesReportProgress() {
        List<Progress> events = new CopyOnWriteArrayList<>();
        repo.deleteAll(Where.where("n").gte(0), Options.defaults().hardDelete().chunked(500).progress(events::add))
                .block(Duration.ofSeconds(60));
        Progress last = events.get(events.size() - 1);
        assertThat(last.done()).isTrue();
        assertThat(last.rows()).isEqualTo(10_000);
        assertThat(last.operation()).isEqualTo("deleteAll Chunked");
    }

    @Test
    void aNoMatchWalkSendsOneReadAndNoWrite() {
        StepVerifier.create(repo.updateAll(Patch.of("name", "x"), Where.where("n").lt(0), Options.defaults().chunked(10)))
                .expectNext(0L).verifyComplete();
        assertThat(statements("UPDATE")).isZero();
        assertThat(statements("SELECT")).isEqualTo(1);
    }

    @Test
    void aCompositeKeyCannotBeChunked() {
        assertThatThrownBy(() -> pairs.deleteAll(Where.where("n").gt(0), Options.defaults().chunked(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single-column key");
    }
}
