package io.ember.r2dbc.repository;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.audit.AnonymousWrites;
import io.ember.core.audit.Auditor;
import io.ember.core.error.AnonymousWriteException;
import io.ember.core.error.AuditUserException;
import io.ember.core.model.CreatedAt;
import io.ember.core.model.CreatedBy;
import io.ember.core.model.DeletedAt;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Model;
import io.ember.core.model.ModifiedAt;
import io.ember.core.model.ModifiedBy;
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
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@code @CreatedBy}/{@code @ModifiedBy}: the acting user from the Reactor Context on every write path. */
@ExtendWith(EmberDatabaseExtension.class)
class AuditUsersIT {

    @Model(table = "audited_docs")
    record Doc(@Id Long id, String title, @CreatedBy String createdBy, @ModifiedBy String modifiedBy,
               @CreatedAt Instant createdAt, @ModifiedAt Instant modifiedAt, @DeletedAt Instant deletedAt,
               @Version long version) {

        static Doc titled(String title) {
            return new Doc(null, title, null, null, null, null, null, 0);
        }
    }

    /** A client UUID id and an array column: inserts go through multi-row VALUES, not unnest. */
    @Model(table = "audited_tagged")
    record Tagged(@Id(strategy = IdStrategy.UUID) UUID id, List<String> tags, @CreatedBy UUID createdBy,
                  @ModifiedBy UUID modifiedBy) {
    }

    private static final UUID ALICE = UUID.fromString("00000000-0000-0000-0000-00000000a11c");
    private static final UUID BRUNO = UUID.fromString("00000000-0000-0000-0000-00000000b005");

    private static EmberDatabase db;
    private static PostgresDataSource ds;
    private static DefaultCrudRepository<Doc, Long> docs;
    private static DefaultCrudRepository<Doc, Long> strict;
    private static DefaultCrudRepository<Doc, Long> smallBatches;
    private static DefaultCrudRepository<Tagged, UUID> tagged;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        ds = db.dataSource();
        docs = new DefaultCrudRepository<>(Doc.class, ds);
        strict = new DefaultCrudRepository<>(Doc.class, ds,
                RepositorySettings.defaults().withAnonymousWrites(AnonymousWrites.REFUSE));
        smallBatches = new DefaultCrudRepository<>(Doc.class, ds, RepositorySettings.defaults().withBatchSize(3));
        tagged = new DefaultCrudRepository<>(Tagged.class, ds);
        SchemaGenerator.createTables(ds, Doc.class, Tagged.class).block(Duration.ofSeconds(30));
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE audited_docs, audited_tagged RESTART IDENTITY");
    }

    private static <T> Mono<T> as(Object user, Mono<T> write) {
        return write.contextWrite(Auditor.withUser(user));
    }

    private static long rowsBy(String createdBy, String modifiedBy) {
        return db.queryLong("SELECT count(*) FROM audited_docs WHERE created_by = '" + createdBy
                + "' AND modified_by = '" + modifiedBy + "'");
    }

    private static Doc stored(long id) {
        return docs.findById(id, io.ember.core.filter.Filter.empty(), Options.defaults().withDeleted()).block();
    }

    private static Doc createdBy(String user, String title) {
        return as(user, docs.create(Doc.titled(title))).block();
    }

    @Test
    void createStampsTheActingUserAndIgnoresTheEntitysOwnValues() {
        Doc spoofed = new Doc(null, "a", "mallory", "mallory", null, null, null, 0);
        StepVerifier.create(as("ada", docs.create(spoofed)))
                .assertNext(d -> assertThat(d).extracting(Doc::createdBy, Doc::modifiedBy).containsExactly("ada", "ada"))
                .verifyComplete();
        assertThat(rowsBy("ada", "ada")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM audited_docs WHERE created_by = 'mallory' OR modified_by = 'mallory'"))
                .isZero();
    }

    @Test
    void createAllStampsEveryRowOfEveryChunkInsideItsTransaction() {
        List<Doc> ten = IntStream.range(0, 10).mapToObj(i -> Doc.titled("t" + i)).toList();
        StepVerifier.create(smallBatches.createAll(Flux.fromIterable(ten)).contextWrite(Auditor.withUser("bea")))
                .expectNextCount(10)
                .verifyComplete();
        StepVerifier.create(docs.createAll(ten.subList(0, 2)).contextWrite(Auditor.withUser("cy")))
                .assertNext(d -> assertThat(d.createdBy()).isEqualTo("cy"))
                .assertNext(d -> assertThat(d.modifiedBy()).isEqualTo("cy"))
                .verifyComplete();
        StepVerifier.create(as("dee", smallBatches.createAllCount(Flux.fromIterable(ten), Options.defaults())))
                .expectNext(10L)
                .verifyComplete();
        assertThat(rowsBy("bea", "bea")).isEqualTo(10);
        assertThat(rowsBy("cy", "cy")).isEqualTo(2);
        assertThat(rowsBy("dee", "dee")).isEqualTo(10);
    }

    @Test
    void copyLoadStampsEveryRow() {
        Flux<Doc> many = Flux.range(0, 2_000).map(i -> Doc.titled("l" + i));
        StepVerifier.create(as("lou", docs.load(many))).expectNext(2_000L).verifyComplete();
        assertThat(rowsBy("lou", "lou")).isEqualTo(2_000);
    }

    @Test
    void multiRowValuesInsertsAndUuidUsersAreStamped() {
        List<Tagged> rows = List.of(new Tagged(null, List.of("a"), null, null), new Tagged(null, List.of("b", "c"), null, null));
        StepVerifier.create(tagged.createAll(rows).contextWrite(Auditor.withUser(ALICE)))
                .assertNext(t -> assertThat(t.createdBy()).isEqualTo(ALICE))
                .assertNext(t -> assertThat(t.modifiedBy()).isEqualTo(ALICE))
                .verifyComplete();
        Tagged first = tagged.find().blockFirst();
        StepVerifier.create(as(BRUNO, tagged.updateById(first.id(), Patch.of("tags", List.of("z")))))
                .assertNext(t -> assertThat(t).extracting(Tagged::createdBy, Tagged::modifiedBy).containsExactly(ALICE, BRUNO))
                .verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM audited_tagged WHERE created_by = '" + ALICE + "'")).isEqualTo(2);
    }

    @Test
    void updatesKeepTheCreatorAndStampTheModifier() {
        Doc d = createdBy("ada", "first");
        StepVerifier.create(as("bob", docs.updateById(d.id(), Patch.of("title", "second"))))
                .assertNext(u -> assertThat(u).extracting(Doc::createdBy, Doc::modifiedBy, Doc::title)
                        .containsExactly("ada", "bob", "second"))
                .verifyComplete();
        StepVerifier.create(as("cy", docs.updateAll(Patch.of("title", "third"), where("id").eq(d.id()))))
                .expectNext(1L).verifyComplete();
        assertThat(stored(d.id())).extracting(Doc::createdBy, Doc::modifiedBy).containsExactly("ada", "cy");
        StepVerifier.create(docs.updateAllReturning(Patch.of("title", "fourth"), where("id").eq(d.id()))
                        .contextWrite(Auditor.withUser("dee")))
                .assertNext(u -> assertThat(u).extracting(Doc::createdBy, Doc::modifiedBy).containsExactly("ada", "dee"))
                .verifyComplete();
        StepVerifier.create(as("eve", docs.updateAll(Patch.of("title", "fifth"), where("id").eq(d.id()),
                        Options.defaults().chunked(10))))
                .expectNext(1L).verifyComplete();
        assertThat(stored(d.id())).extracting(Doc::createdBy, Doc::modifiedBy).containsExactly("ada", "eve");
        StepVerifier.create(as("fay", docs.updateById(d.id(), Patch.of("title", "sixth").expectVersion(4))))
                .assertNext(u -> assertThat(u).extracting(Doc::createdBy, Doc::modifiedBy, Doc::version)
                        .containsExactly("ada", "fay", 5L))
                .verifyComplete();
    }

    @Test
    void replaceKeepsTheStoredCreatorWhateverTheEntitySays() {
        Doc d = createdBy("ada", "first");
        Doc replacement = new Doc(null, "replaced", "mallory", "mallory", null, null, null, d.version());
        StepVerifier.create(as("gus", docs.replaceById(d.id(), replacement)))
                .assertNext(r -> assertThat(r).extracting(Doc::createdBy, Doc::modifiedBy, Doc::title)
                        .containsExactly("ada", "gus", "replaced"))
                .verifyComplete();
    }

    @Test
    void upsertStampsBothOnInsertAndOnlyTheModifierOnUpdate() {
        Doc d = createdBy("ada", "first");
        Doc again = new Doc(d.id(), "upserted", "mallory", "mallory", null, null, null, d.version());
        StepVerifier.create(as("hal", docs.upsert(again)))
                .assertNext(u -> assertThat(u).extracting(Doc::createdBy, Doc::modifiedBy, Doc::title)
                        .containsExactly("ada", "hal", "upserted"))
                .verifyComplete();
        UUID id = UUID.randomUUID();
        StepVerifier.create(as(BRUNO, tagged.upsert(new Tagged(id, List.of("n"), ALICE, ALICE))))
                .assertNext(t -> assertThat(t).extracting(Tagged::createdBy, Tagged::modifiedBy).containsExactly(BRUNO, BRUNO))
                .verifyComplete();
        StepVerifier.create(as(ALICE, tagged.upsert(new Tagged(id, List.of("m"), null, null))))
                .assertNext(t -> assertThat(t).extracting(Tagged::createdBy, Tagged::modifiedBy).containsExactly(BRUNO, ALICE))
                .verifyComplete();
    }

    @Test
    void softDeleteAndRestoreStampTheModifier() {
        Doc d = createdBy("ada", "first");
        StepVerifier.create(as("ivy", docs.deleteById(d.id())))
                .assertNext(x -> assertThat(x).extracting(Doc::createdBy, Doc::modifiedBy).containsExactly("ada", "ivy"))
                .verifyComplete();
        StepVerifier.create(as("jo", docs.restoreById(d.id())))
                .assertNext(x -> assertThat(x).extracting(Doc::createdBy, Doc::modifiedBy).containsExactly("ada", "jo"))
                .verifyComplete();
        StepVerifier.create(as("kim", docs.deleteAll(where("id").eq(d.id())))).expectNext(1L).verifyComplete();
        assertThat(stored(d.id()).modifiedBy()).isEqualTo("kim");
        StepVerifier.create(as("lea", docs.restoreAll(where("id").eq(d.id())))).expectNext(1L).verifyComplete();
        assertThat(stored(d.id()).modifiedBy()).isEqualTo("lea");
        StepVerifier.create(docs.deleteAllReturning(where("id").eq(d.id())).contextWrite(Auditor.withUser("max")))
                .assertNext(x -> assertThat(x).extracting(Doc::createdBy, Doc::modifiedBy).containsExactly("ada", "max"))
                .verifyComplete();
    }

    @Test
    void theUserTravelsIntoAmbientAndExplicitTransactions() {
        Mono<Doc> ambient = ds.transactions().transactional(docs.create(Doc.titled("tx"))
                .flatMap(d -> docs.updateById(d.id(), Patch.of("title", "tx2"))));
        StepVerifier.create(as("amb", ambient))
                .assertNext(d -> assertThat(d).extracting(Doc::createdBy, Doc::modifiedBy).containsExactly("amb", "amb"))
                .verifyComplete();
        Mono<Doc> explicit = ds.beginTransaction().flatMap(tx -> docs.create(Doc.titled("ex"), Options.defaults().transaction(tx))
                .flatMap(d -> docs.updateById(d.id(), Patch.of("title", "ex2"), Options.defaults().transaction(tx))
                        .contextWrite(Auditor.withUser("exp2")))
                .flatMap(d -> tx.commit().thenReturn(d)));
        StepVerifier.create(as("exp", explicit))
                .assertNext(d -> assertThat(d).extracting(Doc::createdBy, Doc::modifiedBy).containsExactly("exp", "exp2"))
                .verifyComplete();
        assertThat(rowsBy("amb", "amb")).isEqualTo(1);
        assertThat(rowsBy("exp", "exp2")).isEqualTo(1);
    }

    @Test
    void anonymousWritesAreAllowedByDefaultAndLeaveTheUsersNull() {
        StepVerifier.create(docs.create(new Doc(null, "anon", "mallory", "mallory", null, null, null, 0)))
                .assertNext(d -> assertThat(d).extracting(Doc::createdBy, Doc::modifiedBy).containsExactly(null, null))
                .verifyComplete();
        Doc d = createdBy("ada", "named");
        StepVerifier.create(docs.updateById(d.id(), Patch.of("title", "anon edit")))
                .assertNext(u -> assertThat(u).extracting(Doc::createdBy, Doc::modifiedBy).containsExactly("ada", null))
                .verifyComplete();
        StepVerifier.create(as("ada", docs.updateById(d.id(), Patch.of("title", "as anonymous"))
                        .contextWrite(Auditor.anonymous())))
                .assertNext(u -> assertThat(u.modifiedBy()).isNull())
                .verifyComplete();
    }

    @Test
    void anonymousWritesRefusedWriteNothing() {
        StepVerifier.create(strict.create(Doc.titled("x")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(AnonymousWriteException.class)
                        .hasMessageContaining("create of Doc refused: no acting user"))
                .verify();
        StepVerifier.create(strict.createAll(Flux.range(0, 5).map(i -> Doc.titled("x" + i))))
                .expectError(AnonymousWriteException.class)
                .verify();
        StepVerifier.create(strict.load(Flux.just(Doc.titled("y"))))
                .expectError(AnonymousWriteException.class)
                .verify();
        assertThat(db.queryLong("SELECT count(*) FROM audited_docs")).isZero();

        Doc d = as("ada", strict.create(Doc.titled("named"))).block();
        assertThat(d.createdBy()).isEqualTo("ada");
        StepVerifier.create(strict.updateById(d.id(), Patch.of("title", "changed")))
                .expectError(AnonymousWriteException.class)
                .verify();
        StepVerifier.create(strict.upsert(new Doc(d.id(), "upserted", null, null, null, null, null, d.version())))
                .expectError(AnonymousWriteException.class)
                .verify();
        StepVerifier.create(strict.deleteById(d.id())).expectError(AnonymousWriteException.class).verify();
        assertThat(stored(d.id())).extracting(Doc::title, Doc::modifiedBy, Doc::version, Doc::deletedAt)
                .containsExactly("named", "ada", 0L, null);
        StepVerifier.create(strict.deleteById(d.id(), Options.defaults().hardDelete()))
                .expectNextCount(1).verifyComplete();
    }

    @Test
    void aUserOfTheWrongTypeIsRefusedAndNothingIsWritten() {
        StepVerifier.create(as(42, docs.create(Doc.titled("x"))))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(AuditUserException.class)
                        .hasMessageContaining("java.lang.Integer")
                        .hasMessageContaining("Doc.createdBy is a java.lang.String"))
                .verify();
        StepVerifier.create(tagged.createAll(List.of(new Tagged(null, List.of(), null, null)))
                        .contextWrite(Auditor.withUser("not-a-uuid")))
                .expectError(AuditUserException.class)
                .verify();
        assertThat(db.queryLong("SELECT (SELECT count(*) FROM audited_docs) + (SELECT count(*) FROM audited_tagged)"))
                .isZero();
    }

    @Test
    void aPatchCannotSetTheAuditUsers() {
        assertThatThrownBy(() -> docs.updateById(1L, Patch.of("createdBy", "mallory")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Patch may not set 'createdBy'");
        assertThatThrownBy(() -> docs.updateAll(Patch.of("modifiedBy", "mallory"), where("id").eq(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Patch may not set 'modifiedBy'");
    }

    @Test
    void writesAreColdAndReadTheUserOfEachSubscription() {
        Mono<Doc> create = docs.create(Doc.titled("twice"));
        assertThat(db.queryLong("SELECT count(*) FROM audited_docs")).isZero();
        as("one", create).block();
        as("two", create).block();
        assertThat(rowsBy("one", "one")).isEqualTo(1);
        assertThat(rowsBy("two", "two")).isEqualTo(1);
    }
}
