package io.ember.r2dbc.repository;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.repository.Options;
import io.ember.core.repository.Patch;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.TestModels.Item;
import io.ember.r2dbc.repository.TestModels.Note;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** What a Spring Data user reaches for first, and writes that report the rows they touched. */
@ExtendWith(EmberDatabaseExtension.class)
class ConveniencesIT {

    private static final List<String> STATEMENTS = new CopyOnWriteArrayList<>();

    private static EmberDatabase db;
    private static DefaultCrudRepository<Item, Long> items;
    private static DefaultCrudRepository<Note, Long> notes;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        PostgresDataSource ds = db.newDataSource(b -> b.queryListener(e -> STATEMENTS.add(e.sql())));
        items = new DefaultCrudRepository<>(Item.class, ds);
        notes = new DefaultCrudRepository<>(Note.class, ds);
        SchemaGenerator.createTables(ds, Item.class, Note.class).block(Duration.ofSeconds(30));
    }

    @BeforeEach
    void seed() {
        db.execute("TRUNCATE items, notes RESTART IDENTITY");
        items.createAll(List.of(Item.of("a", 1), Item.of("b", 2), Item.of("c", 3), Item.of("d", 4))).blockLast();
        STATEMENTS.clear();
    }

    @Test
    void findAndCountWithoutArgumentsSeeEveryRow() {
        StepVerifier.create(items.find().map(Item::name).sort()).expectNext("a", "b", "c", "d").verifyComplete();
        StepVerifier.create(items.count()).expectNext(4L).verifyComplete();
        notes.create(new Note(null, "kept", null)).block();
        Note gone = notes.create(new Note(null, "gone", null)).block();
        notes.deleteById(gone.id()).block();
        StepVerifier.create(notes.count()).as("the default filter still applies").expectNext(1L).verifyComplete();
    }

    @Test
    void existsByIdSaysWhetherTheRowIsThere() {
        StepVerifier.create(items.existsById(2L)).expectNext(true).verifyComplete();
        StepVerifier.create(items.existsById(99L)).expectNext(false).verifyComplete();
    }

    @Test
    void findByIdsReadsTheRowsWithOneStatementAndSkipsMissingIds() {
        StepVerifier.create(items.findByIds(List.of(3L, 1L, 99L, 1L)).map(Item::name).sort())
                .expectNext("a", "c").verifyComplete();
        assertThat(STATEMENTS).hasSize(1);
        assertThat(STATEMENTS.get(0)).contains("= ANY($1)");
        StepVerifier.create(items.findByIds(List.of())).verifyComplete();
        assertThat(STATEMENTS).as("no statement for no ids").hasSize(1);
    }

    @Test
    void updateAllReturningEmitsTheUpdatedRows() {
        StepVerifier.create(items.updateAllReturning(Patch.ofIncrement("qty", 10), where("qty").gt(2)).map(Item::qty).sort())
                .expectNext(13, 14).verifyComplete();
        assertThatThrownBy(() -> items.updateAllReturning(Patch.of("qty", 0), null))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("force");
        StepVerifier.create(items.updateAllReturning(Patch.of("qty", 0), null, Options.defaults().force()))
                .expectNextCount(4).verifyComplete();
    }

    @Test
    void deleteAllReturningEmitsTheDeletedRows() {
        StepVerifier.create(items.deleteAllReturning(where("qty").lte(2)).map(Item::name).sort())
                .expectNext("a", "b").verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(2);
        assertThatThrownBy(() -> items.deleteAllReturning(where("name").nin(List.of())))
                .isInstanceOf(InvalidFilterException.class);
        notes.create(new Note(null, "n", null)).block();
        StepVerifier.create(notes.deleteAllReturning(where("body").eq("n")))
                .assertNext(n -> assertThat(n.deletedAt()).as("soft-deleted, with its time").isNotNull())
                .verifyComplete();
    }
}
