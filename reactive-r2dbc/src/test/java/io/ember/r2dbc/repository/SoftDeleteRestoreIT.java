package io.ember.r2dbc.repository;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Filter;
import io.ember.core.model.DeletedAt;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.model.Version;
import io.ember.core.repository.Options;
import io.ember.core.repository.Patch;
import io.ember.core.repository.RepositorySettings;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** Soft delete, complete: restore, and reading deleted rows on purpose. */
@ExtendWith(EmberDatabaseExtension.class)
class SoftDeleteRestoreIT {

    @Model(table = "trash_notes")
    record Note(@Id Long id, String tenant, String body, @DeletedAt Instant deletedAt, @Version long version) {

        static Note of(String tenant, String body) {
            return new Note(null, tenant, body, null, 0);
        }
    }

    @Model(table = "trash_plain")
    record Plain(@Id Long id, String body) {
    }

    private static EmberDatabase db;
    private static DefaultCrudRepository<Note, Long> notes;
    private static DefaultCrudRepository<Note, Long> tenantA;
    private static DefaultCrudRepository<Plain, Long> plain;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        PostgresDataSource ds = db.dataSource();
        notes = new DefaultCrudRepository<>(Note.class, ds);
        tenantA = new DefaultCrudRepository<>(Note.class, ds,
                RepositorySettings.defaults().withDefaultWhere(where("tenant").eq("a")));
        plain = new DefaultCrudRepository<>(Plain.class, ds);
        SchemaGenerator.createTables(ds, Note.class, Plain.class).block(Duration.ofSeconds(30));
    }

    /** Five notes: a1, a2, a3 of tenant a, b1, b2 of tenant b; a2, a3 and b2 deleted. */
    @BeforeEach
    void seed() {
        db.execute("TRUNCATE trash_notes, trash_plain RESTART IDENTITY");
        notes.createAll(List.of(Note.of("a", "a1"), Note.of("a", "a2"), Note.of("a", "a3"), Note.of("b", "b1"),
                Note.of("b", "b2"))).then().block();
        notes.deleteAll(where("body").inq("a2", "a3", "b2")).block();
    }

    private static List<String> bodies(Options options) {
        return notes.find(Filter.empty().orderBy("body"), options).map(Note::body).collectList().block();
    }

    private static long version(String body) {
        return db.queryLong("SELECT version FROM trash_notes WHERE body = '" + body + "'");
    }

    @Test
    void restoreByIdBringsTheRowBackToTheDefaultFilter() {
        Note a2 = notes.findOne(Filter.of(where("body").eq("a2")), Options.defaults().withDeleted()).block();
        StepVerifier.create(notes.findById(a2.id())).verifyComplete();
        StepVerifier.create(notes.count()).expectNext(2L).verifyComplete();
        StepVerifier.create(notes.restoreById(a2.id()))
                .assertNext(n -> assertThat(n).extracting(Note::body, Note::deletedAt, Note::version)
                        .containsExactly("a2", null, a2.version() + 1))
                .verifyComplete();
        StepVerifier.create(notes.findById(a2.id())).assertNext(n -> assertThat(n.body()).isEqualTo("a2")).verifyComplete();
        StepVerifier.create(notes.count()).expectNext(3L).verifyComplete();
        assertThat(bodies(Options.defaults())).containsExactly("a1", "a2", "b1");
        StepVerifier.create(notes.existsById(a2.id())).expectNext(true).verifyComplete();
    }

    @Test
    void restoringALiveOrMissingRowChangesNothing() {
        Note a1 = notes.findOne(Filter.of(where("body").eq("a1"))).block();
        StepVerifier.create(notes.restoreById(a1.id())).verifyComplete();
        StepVerifier.create(notes.restoreById(999L)).verifyComplete();
        assertThat(version("a1")).isEqualTo(a1.version());
        StepVerifier.create(notes.restoreAll(where("body").eq("a1"))).expectNext(0L).verifyComplete();
        StepVerifier.create(notes.restoreById(a1.id(), Options.defaults().returning(false))).verifyComplete();
        assertThat(version("a1")).isEqualTo(a1.version());
    }

    @Test
    void restoreAllRestoresTheDeletedRowsTheWhereMatches() {
        StepVerifier.create(notes.restoreAll(where("tenant").eq("a"))).expectNext(2L).verifyComplete();
        assertThat(bodies(Options.defaults())).containsExactly("a1", "a2", "a3", "b1");
        assertThat(version("a1")).isZero();
        assertThat(version("a2")).isEqualTo(2);
        assertThat(version("b2")).isEqualTo(1);
    }

    @Test
    void restoreAllOfEveryRowNeedsForce() {
        assertThatThrownBy(() -> notes.restoreAll(null))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("restoreAll with an empty where");
        StepVerifier.create(notes.restoreAll(null, Options.defaults().force())).expectNext(3L).verifyComplete();
        StepVerifier.create(notes.count()).expectNext(5L).verifyComplete();
    }

    @Test
    void restoreAllInChunksWalksTheDeletedRows() {
        StepVerifier.create(notes.restoreAll(null, Options.defaults().force().chunked(1))).expectNext(3L).verifyComplete();
        StepVerifier.create(notes.count()).expectNext(5L).verifyComplete();
    }

    @Test
    void restoreStaysInsideTheRepositorysScope() {
        StepVerifier.create(tenantA.restoreAll(where("body").inq("a3", "b2"))).expectNext(1L).verifyComplete();
        StepVerifier.create(notes.count(where("body").eq("b2"), Options.defaults().onlyDeleted())).expectNext(1L)
                .verifyComplete();
        Note b2 = notes.findOne(Filter.of(where("body").eq("b2")), Options.defaults().onlyDeleted()).block();
        StepVerifier.create(tenantA.restoreById(b2.id())).verifyComplete();
        StepVerifier.create(tenantA.restoreById(b2.id(), Options.defaults().skipDefaultFilter()))
                .assertNext(n -> assertThat(n.body()).isEqualTo("b2")).verifyComplete();
    }

    @Test
    void restoreOnAModelWithoutSoftDeleteIsRefused() {
        assertThatThrownBy(() -> plain.restoreById(1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restoreById needs a soft-deleted model: Plain has no @DeletedAt property");
        assertThatThrownBy(() -> plain.restoreAll(where("body").eq("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restoreAll");
        assertThatThrownBy(() -> plain.find(Filter.empty(), Options.defaults().withDeleted()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Options.withDeleted() needs a soft-deleted model");
    }

    @Test
    void withDeletedAndOnlyDeletedReadOnPurpose() {
        assertThat(bodies(Options.defaults())).containsExactly("a1", "b1");
        assertThat(bodies(Options.defaults().withDeleted())).containsExactly("a1", "a2", "a3", "b1", "b2");
        assertThat(bodies(Options.defaults().onlyDeleted())).containsExactly("a2", "a3", "b2");
        StepVerifier.create(notes.count(where("tenant").eq("a"), Options.defaults().onlyDeleted())).expectNext(2L)
                .verifyComplete();
        StepVerifier.create(notes.exists(where("body").eq("b2"), Options.defaults().withDeleted())).expectNext(true)
                .verifyComplete();
        Note a3 = notes.findOne(Filter.of(where("body").eq("a3")), Options.defaults().onlyDeleted()).block();
        assertThat(a3.deletedAt()).isNotNull();
        StepVerifier.create(notes.findById(a3.id())).verifyComplete();
        StepVerifier.create(notes.findById(a3.id(), Filter.empty(), Options.defaults().withDeleted()))
                .assertNext(n -> assertThat(n.body()).isEqualTo("a3")).verifyComplete();
        StepVerifier.create(notes.findPage(Filter.empty().limit(2), Options.defaults().onlyDeleted()))
                .assertNext(p -> assertThat(p.range().total()).isEqualTo(3)).verifyComplete();
    }

    @Test
    void withDeletedKeepsTheRepositorysScopeWhereSkipDefaultFilterDropsIt() {
        assertThat(tenantA.find(Filter.empty().orderBy("body"), Options.defaults().withDeleted()).map(Note::body)
                .collectList().block()).containsExactly("a1", "a2", "a3");
        assertThat(tenantA.find(Filter.empty().orderBy("body"), Options.defaults().onlyDeleted()).map(Note::body)
                .collectList().block()).containsExactly("a2", "a3");
        assertThat(tenantA.find(Filter.empty().orderBy("body"), Options.defaults().skipDefaultFilter()).map(Note::body)
                .collectList().block()).containsExactly("a1", "a2", "a3", "b1", "b2");
    }

    @Test
    void updatesCanReachDeletedRowsOnlyWhenAsked() {
        StepVerifier.create(notes.updateAll(Patch.of("body", "x"), where("body").eq("a2"))).expectNext(0L).verifyComplete();
        StepVerifier.create(notes.updateAll(Patch.of("body", "a2-edited"), where("body").eq("a2"),
                Options.defaults().onlyDeleted())).expectNext(1L).verifyComplete();
        assertThat(bodies(Options.defaults().onlyDeleted())).containsExactly("a2-edited", "a3", "b2");
    }

    @Test
    void hardDeleteStaysAndPurgesOnlyDeletedRowsWhenAsked() {
        StepVerifier.create(notes.deleteAll(where("tenant").eq("a"), Options.defaults().onlyDeleted().hardDelete()))
                .expectNext(2L).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM trash_notes")).isEqualTo(3);
        assertThat(bodies(Options.defaults().withDeleted())).containsExactly("a1", "b1", "b2");
        Note a1 = notes.findOne(Filter.of(where("body").eq("a1"))).block();
        StepVerifier.create(notes.deleteById(a1.id(), Options.defaults().hardDelete())).expectNextCount(1).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM trash_notes")).isEqualTo(2);
    }
}
