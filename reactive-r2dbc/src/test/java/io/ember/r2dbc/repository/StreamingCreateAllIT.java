package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.repository.RepositorySettings;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
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
}
