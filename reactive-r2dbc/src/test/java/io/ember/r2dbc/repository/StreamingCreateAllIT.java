package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.repository.Options;
import io.ember.core.repository.Progress;
import io.ember.core.repository.RepositorySettings;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** createAll(Publisher) reads its source a chunk at a time: one chunk in flight, one being filled. */
@ExtendWith(EmberDatabaseExtension.class)
class StreamingCreateAllIT {

    @Model(table = "streamed_rows")
    record Streamed(@Id Long id, String name, int n) {
    }

    private static EmberDatabase db;
    private static PostgresDataSource ds;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        ds = db.dataSource();
        SchemaGenerator.createTables(ds, Streamed.class).block(Duration.ofSeconds(30));
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE streamed_rows RESTART IDENTITY");
    }

    @Test
    void createAllTakesAtMostTwoChunksFromItsSourceAheadOfWhatItStored() {
        int batch = 1_000;
        int total = 50_000;
        var repo = new DefaultCrudRepository<>(Streamed.class, ds, RepositorySettings.defaults().withBatchSize(batch));
        AtomicLong taken = new AtomicLong();
        AtomicLong maxAhead = new AtomicLong();
        AtomicLong stored = new AtomicLong();
        Flux<Streamed> source = Flux.range(0, total).map(i -> new Streamed(null, "r" + i, i))
                .doOnNext(r -> maxAhead.accumulateAndGet(taken.incrementAndGet() - stored.get(), Math::max));
        StepVerifier.create(repo.createAll(source).doOnNext(r -> stored.incrementAndGet()))
                .expectNextCount(total)
                .verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM streamed_rows")).isEqualTo(total);
        assertThat(maxAhead.get()).as("rows taken from the source but not yet stored").isLessThanOrEqualTo(2L * batch);
    }

    @Test
    void createAllCountStoresEveryRowReturnsNoneAndEmitsTheCount() {
        var repo = new DefaultCrudRepository<>(Streamed.class, ds, RepositorySettings.defaults().withBatchSize(7_000));
        StepVerifier.create(repo.createAllCount(Flux.range(0, 50_000).map(i -> new Streamed(null, "r" + i, i)),
                        Options.defaults()))
                .expectNext(50_000L).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM streamed_rows")).isEqualTo(50_000);
        assertThat(db.queryLong("SELECT max(n) FROM streamed_rows")).isEqualTo(49_999);
    }

    @Test
    void createAllCountOfAFailingStreamStoresNothing() {
        var repo = new DefaultCrudRepository<>(Streamed.class, ds, RepositorySettings.defaults().withBatchSize(1_000));
        Flux<Streamed> failing = Flux.range(0, 5_500).map(i -> new Streamed(null, "r" + i, i))
                .concatWith(Flux.error(new IllegalStateException("source failed")));
        StepVerifier.create(repo.createAllCount(failing, Options.defaults()))
                .expectErrorMessage("source failed").verify(Duration.ofSeconds(30));
        assertThat(db.queryLong("SELECT count(*) FROM streamed_rows")).as("one transaction").isZero();
    }

    @Test
    void createAllReportsTheRowsStoredAfterEachChunkAndALastEvent() {
        var repo = new DefaultCrudRepository<>(Streamed.class, ds, RepositorySettings.defaults().withBatchSize(1_000));
        List<Progress> events = new CopyOnWriteArrayList<>();
        Flux<Streamed> paced = Flux.range(0, 20).concatMap(chunk -> Flux.range(chunk * 1_000, 1_000)
                .map(i -> new Streamed(null, "r" + i, i)).delaySubscription(Duration.ofMillis(60)));
        StepVerifier.create(repo.createAll(paced, Options.defaults().progress(events::add)))
                .expectNextCount(20_000).verifyComplete();
        assertThat(events).isNotEmpty();
        Progress last = events.get(events.size() - 1);
        assertThat(last).extracting(Progress::rows, Progress::done, Progress::operation)
                .containsExactly(20_000L, true, "createAll Streamed");
        List<Progress> before = events.subList(0, events.size() - 1);
        long quarterSeconds = last.elapsed().toMillis() / 250;
        assertThat(before).as("reported every 250 ms at most over %s", last.elapsed()).hasSizeBetween(1, (int) quarterSeconds + 1)
                .allSatisfy(p -> assertThat(p.rows() % 1_000).as("whole chunks stored").isZero());
        assertThat(before).extracting(Progress::rows).isSorted();
    }
}
