package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.OptimisticLockException;
import io.ember.core.error.UniqueViolationException;
import io.ember.core.model.DeletedAt;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Model;
import io.ember.core.model.Version;
import io.ember.core.repository.Options;
import io.ember.r2dbc.repository.TestModels.User;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** upsert keeps the model's rules: the version, soft delete, hidden values, and a conflict target of choice. */
@ExtendWith(EmberDatabaseExtension.class)
class UpsertIT {

    @Model(table = "tags")
    record Tag(@Id(strategy = IdStrategy.CLIENT) String code, String label, @DeletedAt Instant deletedAt) {
    }

    private static EmberDatabase db;
    private static DefaultCrudRepository<User, UUID> users;
    private static DefaultCrudRepository<Tag, String> tags;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        users = new DefaultCrudRepository<>(User.class, db.dataSource());
        tags = new DefaultCrudRepository<>(Tag.class, db.dataSource());
        SchemaGenerator.createTables(db.dataSource(), User.class, Tag.class).block(Duration.ofSeconds(30));
        db.execute("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)");
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE users, tags");
    }

    private static User renamed(User u, String name, long version) {
        return new User(u.id(), name, u.email(), null, u.metadata(), u.tags(), u.age(), u.createdAt(), u.modifiedAt(),
                version);
    }

    @Test
    void upsertAtTheCurrentVersionUpdatesAndIncrementsIt() {
        User ada = users.create(User.of("Ada", "ada@x.io", 36, List.of())).block();
        StepVerifier.create(users.upsert(renamed(ada, "Ada 2", ada.version())))
                .assertNext(u -> {
                    assertThat(u.name()).isEqualTo("Ada 2");
                    assertThat(u.version()).isEqualTo(ada.version() + 1);
                    assertThat(u.createdAt()).isEqualTo(ada.createdAt());
                })
                .verifyComplete();
    }

    @Test
    void upsertWithAStaleVersionIsAnOptimisticLockFailureAndOverwritesNothing() {
        User ada = users.create(User.of("Ada", "ada@x.io", 36, List.of())).block();
        users.upsert(renamed(ada, "Ada 2", 0)).block();
        StepVerifier.create(users.upsert(renamed(ada, "Stale", 0)))
                .expectError(OptimisticLockException.class).verify();
        StepVerifier.create(users.upsert(renamed(ada, "Stale", 0), Options.defaults().returning(false)))
                .expectError(OptimisticLockException.class).verify();
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE name = 'Ada 2' AND version = 1")).isEqualTo(1);
    }

    @Test
    void upsertOntoASoftDeletedRowIsRefusedByDefault() {
        tags.create(new Tag("red", "Red", null)).block();
        tags.deleteById("red").block();
        StepVerifier.create(tags.upsert(new Tag("red", "Red again", null)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UniqueViolationException.class)
                        .hasMessageContaining("soft-deleted"))
                .verify();
        assertThat(db.queryLong("SELECT count(*) FROM tags WHERE deleted_at IS NOT NULL AND label = 'Red'")).isEqualTo(1);
    }

    @Test
    void upsertAfterASoftDeleteOfALiveRowStillUpdatesIt() {
        tags.create(new Tag("blue", "Blue", null)).block();
        StepVerifier.create(tags.upsert(new Tag("blue", "Blue 2", null)))
                .expectNext(new Tag("blue", "Blue 2", null)).verifyComplete();
    }

    @Test
    void upsertWithRestoreDeletedRevivesASoftDeletedRow() {
        tags.create(new Tag("red", "Red", null)).block();
        tags.deleteById("red").block();
        StepVerifier.create(tags.upsert(new Tag("red", "Red again", null), Options.defaults().restoreDeleted()))
                .expectNext(new Tag("red", "Red again", null)).verifyComplete();
        StepVerifier.create(tags.findById("red")).expectNext(new Tag("red", "Red again", null)).verifyComplete();
    }

    @Test
    void upsertOnAUniquePropertyUpdatesTheRowThatHoldsItAndKeepsItsId() {
        User ada = users.create(User.of("Ada", "ada@x.io", 36, List.of())).block();
        User other = new User(UUID.randomUUID(), "Ada (again)", "ada@x.io", null, null, List.of("x"), 37, null, null, 0);
        StepVerifier.create(users.upsert(other, List.of("email")))
                .assertNext(u -> {
                    assertThat(u.id()).isEqualTo(ada.id());
                    assertThat(u.name()).isEqualTo("Ada (again)");
                    assertThat(u.version()).isEqualTo(1);
                })
                .verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM users")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM users WHERE password_hash = 'hash-Ada'")).isEqualTo(1);
        User fresh = new User(null, "Bob", "bob@x.io", "hash-Bob", null, List.of(), 1, null, null, 0);
        StepVerifier.create(users.upsert(fresh, List.of("email")))
                .assertNext(u -> assertThat(u.id()).isNotNull()).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM users")).isEqualTo(2);
    }

    @Model(table = "stock")
    record Stock(@Id Long id, String warehouse, String sku, int qty) {
    }

    @Test
    void upsertOnASetOfPropertiesWithAnIdentityIdInsertsThenUpdates() {
        var stock = new DefaultCrudRepository<>(Stock.class, db.dataSource());
        db.execute("CREATE TABLE stock (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, warehouse text, sku text, "
                + "qty int NOT NULL, UNIQUE (warehouse, sku))");
        Stock first = stock.upsert(new Stock(null, "north", "A1", 5), List.of("warehouse", "sku")).block();
        StepVerifier.create(stock.upsert(new Stock(null, "north", "A1", 7), List.of("warehouse", "sku")))
                .expectNext(new Stock(first.id(), "north", "A1", 7)).verifyComplete();
        stock.upsert(new Stock(null, "south", "A1", 1), List.of("warehouse", "sku")).block();
        assertThat(db.queryLong("SELECT count(*) FROM stock")).isEqualTo(2);
        assertThatThrownBy(() -> stock.upsert(new Stock(null, "x", "y", 1), List.of("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        StepVerifier.create(stock.upsert(new Stock(null, "west", "B2", 1)))
                .assertNext(s -> assertThat(s.id()).as("no id to conflict on: inserted").isNotNull()).verifyComplete();
    }
}
