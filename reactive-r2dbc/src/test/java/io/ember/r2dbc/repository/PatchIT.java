package io.ember.r2dbc.repository;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.OptimisticLockException;
import io.ember.core.repository.Options;
import io.ember.core.repository.Patch;
import io.ember.r2dbc.repository.TestModels.Item;
import io.ember.r2dbc.repository.TestModels.User;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Signal;
import reactor.test.StepVerifier;

/** Patches that cannot lose a concurrent update: atomic increments and an expected version. */
@ExtendWith(EmberDatabaseExtension.class)
class PatchIT {

    private static EmberDatabase db;
    private static DefaultCrudRepository<User, UUID> users;
    private static DefaultCrudRepository<Item, Long> items;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        users = new DefaultCrudRepository<>(User.class, db.dataSource());
        items = new DefaultCrudRepository<>(Item.class, db.dataSource());
        SchemaGenerator.createTables(db.dataSource(), User.class, Item.class).block(Duration.ofSeconds(30));
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE users, items RESTART IDENTITY");
    }

    @Test
    void concurrentIncrementsAreNeverLost() {
        Item bolt = items.create(Item.of("bolt", 0)).block();
        Flux.range(0, 100)
                .flatMap(i -> items.updateById(bolt.id(), Patch.ofIncrement("qty", 1)), 8)
                .blockLast(Duration.ofSeconds(60));
        assertThat(items.findById(bolt.id()).block().qty()).isEqualTo(100);
        StepVerifier.create(items.updateById(bolt.id(), Patch.ofIncrement("qty", -30).set("name", "bolts")))
                .assertNext(i -> assertThat(i).isEqualTo(new Item(bolt.id(), "bolts", 70, bolt.createdAt())))
                .verifyComplete();
    }

    @Test
    void anIncrementOfANullCountsFromZeroAndWorksInUpdateAll() {
        User ada = users.create(User.of("Ada", "ada@x.io", null, List.of())).block();
        users.create(User.of("Bob", "bob@x.io", 10, List.of())).block();
        StepVerifier.create(users.updateById(ada.id(), Patch.ofIncrement("age", 2)))
                .assertNext(u -> assertThat(u.age()).isEqualTo(2)).verifyComplete();
        StepVerifier.create(users.updateAll(Patch.ofIncrement("age", 5), where("age").isNotNull()))
                .expectNext(2L).verifyComplete();
        assertThat(db.queryLong("SELECT sum(age) FROM users")).isEqualTo(7 + 15);
    }

    @Test
    void anIncrementOfWhatIsNotANumberIsRefusedAtCallTime() {
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> users.updateById(id, Patch.ofIncrement("name", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'name'");
        assertThatThrownBy(() -> users.updateById(id, Patch.ofIncrement("metadata.count", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata.count");
        assertThatThrownBy(() -> users.updateById(id, Patch.ofIncrement("version", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> items.updateById(1L, Patch.ofIncrement("qty", 1.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qty");
    }

    @Test
    void updateByIdAtTheExpectedVersionUpdatesAndAtAStaleOneFails() {
        User ada = users.create(User.of("Ada", "ada@x.io", 36, List.of())).block();
        StepVerifier.create(users.updateById(ada.id(), Patch.of("age", 37).expectVersion(0)))
                .assertNext(u -> {
                    assertThat(u.age()).isEqualTo(37);
                    assertThat(u.version()).isEqualTo(1);
                })
                .verifyComplete();
        StepVerifier.create(users.updateById(ada.id(), Patch.of("age", 99).expectVersion(0)))
                .expectError(OptimisticLockException.class).verify();
        StepVerifier.create(users.updateById(ada.id(), Patch.of("age", 99).expectVersion(0),
                Options.defaults().returning(false))).expectError(OptimisticLockException.class).verify();
        assertThat(db.queryLong("SELECT age FROM users")).isEqualTo(37);
        StepVerifier.create(users.updateById(UUID.randomUUID(), Patch.of("age", 1).expectVersion(0))).verifyComplete();
    }

    @Test
    void twoConcurrentPatchesAtOneVersionCannotBothWin() {
        User ada = users.create(User.of("Ada", "ada@x.io", 0, List.of())).block();
        List<Signal<User>> outcomes = Flux.range(1, 6)
                .flatMap(i -> users.updateById(ada.id(), Patch.of("age", i).expectVersion(0)).materialize()
                        .filter(s -> !s.isOnComplete()))
                .collectList().block(Duration.ofSeconds(60));
        assertThat(outcomes).filteredOn(Signal::isOnNext).hasSize(1);
        assertThat(outcomes).filteredOn(Signal::isOnError).hasSize(5)
                .allSatisfy(s -> assertThat(s.getThrowable()).isInstanceOf(OptimisticLockException.class));
        assertThat(db.queryLong("SELECT version FROM users")).isEqualTo(1);
    }

    @Test
    void anExpectedVersionNeedsAVersionedModelAndUpdateById() {
        assertThatThrownBy(() -> items.updateById(1L, Patch.of("qty", 1).expectVersion(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@Version");
        assertThatThrownBy(() -> users.updateAll(Patch.of("age", 1).expectVersion(3), where("age").eq(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updateById");
    }
}
