package io.ember.r2dbc.repository;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.error.OptimisticLockException;
import io.ember.core.error.ReadOnlyException;
import io.ember.core.filter.Fields;
import io.ember.core.filter.Filter;
import io.ember.core.filter.Order;
import io.ember.core.filter.Where;
import io.ember.core.repository.Options;
import io.ember.core.repository.Patch;
import io.ember.core.repository.RepositorySettings;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.TestModels.Code;
import io.ember.r2dbc.repository.TestModels.Item;
import io.ember.r2dbc.repository.TestModels.Note;
import io.ember.r2dbc.repository.TestModels.User;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@ExtendWith(EmberDatabaseExtension.class)
class DefaultCrudRepositoryIT {

    private static final AtomicInteger STATEMENTS = new AtomicInteger();

    private static EmberDatabase db;
    private static PostgresDataSource ds;
    private static UserRepository users;
    private static DefaultCrudRepository<Item, Long> items;
    private static DefaultCrudRepository<Note, Long> notes;
    private static DefaultCrudRepository<Code, String> codes;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        ds = db.newDataSource(b -> b.queryListener(e -> STATEMENTS.incrementAndGet()));
        users = new UserRepository(ds);
        items = new DefaultCrudRepository<>(Item.class, ds);
        notes = new DefaultCrudRepository<>(Note.class, ds);
        codes = new DefaultCrudRepository<>(Code.class, ds);
        SchemaGenerator.createTables(ds).block(Duration.ofSeconds(30));
        db.execute("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)");
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE users, items, notes, codes RESTART IDENTITY");
    }

    private static List<User> seedUsers() {
        return users.createAll(List.of(
                User.of("Ada", "ada@x.io", 36, List.of("math", "code")),
                User.of("Bob", "bob@x.io", 17, List.of("music")),
                User.of("Cy", "cy@x.io", null, List.of()),
                User.of("Dee", "dee@x.io", 52, List.of("code")),
                User.of("eve", "eve@x.io", 25, List.of("math")))).collectList().block();
    }

    private static List<String> names(Filter filter) {
        return users.find(filter).map(User::name).collectList().block();
    }

    @Test
    void datasourceKnowsTheModelsOfItsRepositories() {
        assertThat(ds.models()).extracting(m -> m.type().getSimpleName())
                .contains("User", "Item", "Note", "Code");
    }

    @Test
    void createReturnsTheStoredRowWithGeneratedIdTimestampsAndVersion() {
        StepVerifier.create(users.create(User.of("Ada", "ada@x.io", 36, List.of("math"))))
                .assertNext(u -> {
                    assertThat(u.id()).isNotNull();
                    assertThat(u.name()).isEqualTo("Ada");
                    assertThat(u.metadata()).containsEntry("city", "Paris");
                    assertThat(u.tags()).containsExactly("math");
                    assertThat(u.createdAt()).isNotNull().isEqualTo(u.modifiedAt());
                    assertThat(u.version()).isZero();
                    assertThat(u.passwordHash()).as("hidden properties are never returned").isNull();
                })
                .verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE password_hash = 'hash-Ada'")).isEqualTo(1);
    }

    @Test
    void createWithIdentityIdReturnsTheGeneratedKey() {
        StepVerifier.create(items.create(Item.of("bolt", 3)))
                .assertNext(i -> assertThat(i.id()).isEqualTo(1L))
                .verifyComplete();
    }

    @Test
    void createWithoutReturningCompletesEmptyAndStoresTheRow() {
        StepVerifier.create(items.create(Item.of("nut", 1), Options.defaults().returning(false))).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(1);
    }

    @Test
    void createWithAClientIdStrategyNeedsTheId() {
        assertThatThrownBy(() -> codes.create(new Code(null, "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Code.code");
        StepVerifier.create(codes.create(new Code("EUR", "Euro"))).expectNext(new Code("EUR", "Euro")).verifyComplete();
    }

    @Test
    void publishersAreColdUntilSubscribed() {
        int before = STATEMENTS.get();
        var pending = users.create(User.of("Ada", "ada@x.io", 1, List.of()));
        var reads = users.find(Filter.empty());
        assertThat(STATEMENTS.get()).isEqualTo(before);
        pending.block();
        reads.blockLast();
        reads.blockLast();
        assertThat(STATEMENTS.get()).isEqualTo(before + 3);
    }

    @Test
    void findAppliesWhereOrderLimitAndSkip() {
        seedUsers();
        Filter filter = Filter.of(where("age").gte(18)).orderBy("age DESC").limit(2).skip(1);
        assertThat(names(filter)).containsExactly("Ada", "eve");
    }

    @Test
    void findSupportsEveryOperatorOfTheFoundation() {
        seedUsers();
        assertThat(names(Filter.of(where("name").eq("Bob")))).containsExactly("Bob");
        assertThat(names(Filter.of(where("name").neq("Bob")).orderBy("name"))).containsExactly("Ada", "Cy", "Dee", "eve");
        assertThat(names(Filter.of(where("age").gt(36)))).containsExactly("Dee");
        assertThat(names(Filter.of(where("age").gte(36)).orderBy("name"))).containsExactly("Ada", "Dee");
        assertThat(names(Filter.of(where("age").lt(25)))).containsExactly("Bob");
        assertThat(names(Filter.of(where("age").lte(25)).orderBy("name"))).containsExactly("Bob", "eve");
        assertThat(names(Filter.of(where("name").inq("Ada", "Cy", "Zed")).orderBy("name"))).containsExactly("Ada", "Cy");
        assertThat(names(Filter.of(where("name").inq(List.of()))).isEmpty()).isTrue();
        assertThat(names(Filter.of(where("name").nin("Ada", "Cy")).orderBy("name"))).containsExactly("Bob", "Dee", "eve");
        assertThat(names(Filter.of(where("name").nin(List.of())))).hasSize(5);
        assertThat(names(Filter.of(where("age").between(20, 40)).orderBy("name"))).containsExactly("Ada", "eve");
        assertThat(names(Filter.of(where("name").like("A%")))).containsExactly("Ada");
        assertThat(names(Filter.of(where("name").ilike("E%")))).containsExactly("eve");
        assertThat(names(Filter.of(where("age").isNull()))).containsExactly("Cy");
        assertThat(names(Filter.of(where("age").isNotNull()))).hasSize(4);
        Where nested = where("age").gt(30).and(where("name").eq("Ada").or(where("name").eq("Dee"), where("age").lt(0)));
        assertThat(names(Filter.of(nested).orderBy("name"))).containsExactly("Ada", "Dee");
        assertThat(names(Filter.of(Where.anyOf(where("name").eq("Bob"), where("age").isNull())).orderBy("name")))
                .containsExactly("Bob", "Cy");
    }

    @Test
    void findOrdersWithNullsPlacement() {
        seedUsers();
        assertThat(names(Filter.empty().orderBy(Order.asc("age").nullsFirst()))).first().isEqualTo("Cy");
        assertThat(names(Filter.empty().orderBy("age ASC NULLS LAST"))).last().isEqualTo("Cy");
    }

    @Test
    void findSelectsOnlyTheRequestedFields() {
        seedUsers();
        StepVerifier.create(users.find(Filter.of(where("name").eq("Ada")).fields("name", "age")))
                .assertNext(u -> {
                    assertThat(u.name()).isEqualTo("Ada");
                    assertThat(u.age()).isEqualTo(36);
                    assertThat(u.id()).as("the id is always read").isNotNull();
                    assertThat(u.email()).isNull();
                })
                .verifyComplete();
        StepVerifier.create(users.find(Filter.of(where("name").eq("Ada")).withFields(Fields.except("email", "tags"))))
                .assertNext(u -> {
                    assertThat(u.id()).isNotNull();
                    assertThat(u.email()).isNull();
                    assertThat(u.tags()).isNull();
                    assertThat(u.metadata()).isNotNull();
                })
                .verifyComplete();
        StepVerifier.create(users.find(Filter.of(where("name").eq("Ada"))))
                .assertNext(u -> assertThat(u.passwordHash()).as("hidden unless asked for").isNull())
                .verifyComplete();
        StepVerifier.create(users.find(Filter.of(where("name").eq("Ada")).fields("id", "passwordHash")))
                .assertNext(u -> assertThat(u.passwordHash()).as("code inside the service may ask").isEqualTo("hash-Ada"))
                .verifyComplete();
        StepVerifier.create(users.find(Filter.of(where("name").eq("Ada")).withFields(Fields.except("email"))))
                .assertNext(u -> assertThat(u.passwordHash()).as("exclusion never adds hidden").isNull())
                .verifyComplete();
        assertThatThrownBy(() -> users.find(Filter.empty().fields("nope")))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("fields");
    }

    @Test
    void unknownPropertiesAreRefusedAtCallTime() {
        assertThatThrownBy(() -> users.find(Filter.of(where("nope").eq(1))))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> users.find(Filter.empty().orderBy("nope DESC")))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("order[0]");
    }

    @Test
    void findOneFindByIdCountAndExists() {
        List<User> seeded = seedUsers();
        User ada = seeded.get(0);
        StepVerifier.create(users.findOne(Filter.of(where("age").gt(30)).orderBy("age DESC")))
                .assertNext(u -> assertThat(u.name()).isEqualTo("Dee")).verifyComplete();
        StepVerifier.create(users.findById(ada.id())).assertNext(u -> assertThat(u).isEqualTo(ada)).verifyComplete();
        StepVerifier.create(users.findById(ada.id(), Filter.empty().fields("email")))
                .assertNext(u -> assertThat(u.email()).isEqualTo("ada@x.io")).verifyComplete();
        StepVerifier.create(users.findById(UUID.randomUUID())).verifyComplete();
        StepVerifier.create(users.count(where("age").gt(20))).expectNext(3L).verifyComplete();
        StepVerifier.create(users.count(null)).expectNext(5L).verifyComplete();
        StepVerifier.create(users.exists(where("name").eq("eve"))).expectNext(true).verifyComplete();
        StepVerifier.create(users.exists(where("name").eq("zed"))).expectNext(false).verifyComplete();
    }

    @Test
    void subclassFindersUseTheRepository() {
        seedUsers();
        StepVerifier.create(new UserRepository(ds).findByEmail("bob@x.io"))
                .assertNext(u -> assertThat(u.name()).isEqualTo("Bob")).verifyComplete();
    }

    @Test
    void findPageReturnsRowsAndTheirRange() {
        seedUsers();
        StepVerifier.create(users.findPage(Filter.of(where("age").isNotNull()).orderBy("name").limit(2).skip(1)))
                .assertNext(page -> {
                    assertThat(page.data()).extracting(User::name).containsExactly("Bob", "Dee");
                    assertThat(page.range().start()).isEqualTo(1);
                    assertThat(page.range().end()).isEqualTo(3);
                    assertThat(page.range().total()).isEqualTo(4);
                })
                .verifyComplete();
    }

    @Test
    void updateByIdWritesThePatchAndTheAutomaticColumns() {
        User ada = seedUsers().get(0);
        StepVerifier.create(users.updateById(ada.id(), Patch.of("age", 37).set("tags", List.of("x"))))
                .assertNext(u -> {
                    assertThat(u.age()).isEqualTo(37);
                    assertThat(u.tags()).containsExactly("x");
                    assertThat(u.name()).isEqualTo("Ada");
                    assertThat(u.version()).isEqualTo(1);
                    assertThat(u.modifiedAt()).isAfterOrEqualTo(ada.modifiedAt());
                    assertThat(u.createdAt()).isEqualTo(ada.createdAt());
                })
                .verifyComplete();
        StepVerifier.create(users.updateById(UUID.randomUUID(), Patch.of("age", 1))).verifyComplete();
    }

    @Test
    void updateByIdSetsAKeyInsideAJsonDocument() {
        User ada = seedUsers().get(0);
        StepVerifier.create(users.updateById(ada.id(), Patch.of("metadata.zip", "75001")))
                .assertNext(u -> assertThat(u.metadata()).containsEntry("city", "Paris").containsEntry("zip", "75001"))
                .verifyComplete();
    }

    @Test
    void patchMistakesThrowAtCallTime() {
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> users.updateById(id, Patch.of("nope", 1))).hasMessageContaining("nope");
        assertThatThrownBy(() -> users.updateById(id, Patch.of("id", UUID.randomUUID()))).hasMessageContaining("id");
        assertThatThrownBy(() -> users.updateById(id, Patch.of("name.x", 1))).hasMessageContaining("not a @Json");
        assertThatThrownBy(() -> users.updateById(id, Patch.of("age", "old"))).hasMessageContaining("age");
    }

    @Test
    void updateAllReturnsTheCountAndRefusesAnEmptyWhere() {
        seedUsers();
        StepVerifier.create(users.updateAll(Patch.of("age", 18), where("age").lt(18))).expectNext(1L).verifyComplete();
        assertThatThrownBy(() -> users.updateAll(Patch.of("age", 1), null))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("force");
        assertThatThrownBy(() -> users.updateAll(Patch.of("age", 1), Where.allOf()))
                .isInstanceOf(InvalidFilterException.class);
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE age = 1")).isZero();
        StepVerifier.create(users.updateAll(Patch.of("age", 1), null, Options.defaults().force()))
                .expectNext(5L).verifyComplete();
    }

    @Test
    void replaceByIdReplacesTheRowAndChecksTheVersion() {
        User ada = seedUsers().get(0);
        User changed = new User(null, "Ada L.", "ada@l.io", "h2", Map.of(), List.of(), 40, null, null, ada.version());
        StepVerifier.create(users.replaceById(ada.id(), changed))
                .assertNext(u -> {
                    assertThat(u.id()).isEqualTo(ada.id());
                    assertThat(u.name()).isEqualTo("Ada L.");
                    assertThat(u.email()).isEqualTo("ada@l.io");
                    assertThat(u.createdAt()).isEqualTo(ada.createdAt());
                    assertThat(u.version()).isEqualTo(ada.version() + 1);
                })
                .verifyComplete();
        StepVerifier.create(users.replaceById(ada.id(), changed))
                .expectError(OptimisticLockException.class).verify();
        StepVerifier.create(users.replaceById(UUID.randomUUID(), changed)).verifyComplete();
    }

    @Test
    void upsertInsertsThenUpdates() {
        Code eur = new Code("EUR", "Euro");
        StepVerifier.create(codes.upsert(eur)).expectNext(eur).verifyComplete();
        StepVerifier.create(codes.upsert(new Code("EUR", "Euro (EU)"))).expectNext(new Code("EUR", "Euro (EU)")).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM codes")).isEqualTo(1);
        StepVerifier.create(items.upsert(new Item(42L, "gear", 1, null)))
                .assertNext(i -> assertThat(i.id()).isEqualTo(42L)).verifyComplete();
        StepVerifier.create(items.upsert(new Item(42L, "gear", 2, null)))
                .assertNext(i -> assertThat(i.qty()).isEqualTo(2)).verifyComplete();
    }

    @Test
    void deleteByIdReturnsTheDeletedRow() {
        User bob = seedUsers().get(1);
        StepVerifier.create(users.deleteById(bob.id())).assertNext(u -> assertThat(u.name()).isEqualTo("Bob")).verifyComplete();
        StepVerifier.create(users.deleteById(bob.id())).verifyComplete();
        StepVerifier.create(users.count(null)).expectNext(4L).verifyComplete();
    }

    @Test
    void deleteAllWithAnEmptyWhereIsRefusedAndDeletesNothing() {
        seedUsers();
        assertThatThrownBy(() -> users.deleteAll(null)).isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("empty where");
        assertThatThrownBy(() -> users.deleteAll(Where.allOf(Where.allOf()))).isInstanceOf(InvalidFilterException.class);
        assertThat(db.queryLong("SELECT count(*) FROM users")).isEqualTo(5);
        StepVerifier.create(users.deleteAll(where("age").lt(30))).expectNext(2L).verifyComplete();
        StepVerifier.create(users.deleteAll(null, Options.defaults().force())).expectNext(3L).verifyComplete();
    }

    @Test
    void readOnlyRepositoriesRefuseWrites() {
        var readOnly = new DefaultCrudRepository<>(Item.class, ds, RepositorySettings.defaults().asReadOnly());
        assertThatThrownBy(() -> readOnly.create(Item.of("x", 1))).isInstanceOf(ReadOnlyException.class)
                .hasMessageContaining("read-only");
        assertThatThrownBy(() -> readOnly.createAll(List.of(Item.of("x", 1)))).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> readOnly.updateById(1L, Patch.of("qty", 1))).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> readOnly.updateAll(Patch.of("qty", 1), where("qty").eq(1))).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> readOnly.replaceById(1L, Item.of("x", 1))).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> readOnly.upsert(Item.of("x", 1))).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> readOnly.deleteById(1L)).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> readOnly.deleteAll(where("qty").eq(1))).isInstanceOf(ReadOnlyException.class);
        StepVerifier.create(readOnly.count(null)).expectNext(0L).verifyComplete();
    }

    @Test
    void softDeleteHidesRowsUnlessSkippedAndHardDeleteRemovesThem() {
        Note a = notes.create(new Note(null, "a", null)).block();
        Note b = notes.create(new Note(null, "b", null)).block();
        StepVerifier.create(notes.deleteById(a.id())).assertNext(n -> assertThat(n.deletedAt()).isNotNull()).verifyComplete();
        StepVerifier.create(notes.find(Filter.empty()).map(Note::body)).expectNext("b").verifyComplete();
        StepVerifier.create(notes.findById(a.id())).verifyComplete();
        StepVerifier.create(notes.count(null, Options.defaults().skipDefaultFilter())).expectNext(2L).verifyComplete();
        StepVerifier.create(notes.updateAll(Patch.of("body", "z"), where("body").eq("a"))).expectNext(0L).verifyComplete();
        StepVerifier.create(notes.deleteById(b.id(), Options.defaults().hardDelete())).expectNextCount(1).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM notes")).isEqualTo(1);
    }

    @Test
    void aDefaultFilterAppliesToReadsUpdatesAndDeletes() {
        var small = new DefaultCrudRepository<>(Item.class, ds,
                RepositorySettings.defaults().withDefaultWhere(where("qty").lt(10)));
        items.createAll(List.of(Item.of("a", 1), Item.of("b", 50))).blockLast();
        StepVerifier.create(small.find(Filter.empty()).map(Item::name)).expectNext("a").verifyComplete();
        StepVerifier.create(small.count(null, Options.defaults().skipDefaultFilter())).expectNext(2L).verifyComplete();
        StepVerifier.create(small.updateAll(Patch.of("name", "z"), where("name").inq("a", "b"))).expectNext(1L).verifyComplete();
        StepVerifier.create(small.deleteAll(where("name").eq("b"))).expectNext(0L).verifyComplete();
    }

    @Test
    void largeReadsStreamAndCancelReleasesTheConnection() {
        items.createAll(Flux.range(0, 5_000).map(i -> Item.of("n" + i, i))).blockLast();
        StepVerifier.create(items.find(Filter.empty().orderBy("id"), Options.defaults().fetchSize(100)).take(5))
                .expectNextCount(5).verifyComplete();
        StepVerifier.create(items.find(Filter.empty(), Options.defaults().fetchSize(100)), 10)
                .expectNextCount(10).thenCancel().verify();
        StepVerifier.create(items.find(Filter.empty(), Options.defaults().fetchSize(250)).count())
                .expectNext(5_000L).verifyComplete();
    }
}
