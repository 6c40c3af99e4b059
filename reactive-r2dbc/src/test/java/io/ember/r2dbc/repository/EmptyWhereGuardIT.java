package io.ember.r2dbc.repository;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Where;
import io.ember.core.repository.Options;
import io.ember.core.repository.Patch;
import io.ember.core.repository.RepositorySettings;
import io.ember.r2dbc.repository.TestModels.Item;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** An update or delete of every row needs Options.force(), however the where says "every row". */
@ExtendWith(EmberDatabaseExtension.class)
class EmptyWhereGuardIT {

    private static EmberDatabase db;
    private static DefaultCrudRepository<Item, Long> items;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        items = new DefaultCrudRepository<>(Item.class, db.dataSource());
        SchemaGenerator.createTables(db.dataSource(), Item.class).block(Duration.ofSeconds(30));
    }

    @BeforeEach
    void seed() {
        db.execute("TRUNCATE items RESTART IDENTITY");
        items.createAll(List.of(Item.of("a", 1), Item.of("b", 50), Item.of("c", 5))).blockLast();
    }

    @Test
    void aWhereTrueForEveryRowIsRefusedLikeAnEmptyOne() {
        List<Where> everyRow = List.of(
                where("name").nin(List.of()),
                where("qty").eq(1).or(where("name").nin(List.of())),
                Where.allOf(where("name").nin(List.of()), where("qty").nin(List.of())),
                where("id").isNotNull(),
                Where.anyOf(Where.allOf(), where("qty").gt(3)));
        for (Where w : everyRow) {
            assertThatThrownBy(() -> items.deleteAll(w)).as("deleteAll(%s)", w)
                    .isInstanceOf(InvalidFilterException.class).hasMessageContaining("every row");
            assertThatThrownBy(() -> items.updateAll(Patch.of("qty", 0), w)).as("updateAll(%s)", w)
                    .isInstanceOf(InvalidFilterException.class).hasMessageContaining("force");
        }
        assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(3);
        StepVerifier.create(items.updateAll(Patch.of("qty", 0), where("name").nin(List.of()), Options.defaults().force()))
                .expectNext(3L).verifyComplete();
    }

    @Test
    void aWhereThatLimitsIsAccepted() {
        StepVerifier.create(items.deleteAll(where("name").nin(List.of("a")).and(where("qty").gt(10))))
                .expectNext(1L).verifyComplete();
        StepVerifier.create(items.deleteAll(where("qty").eq(1).or(where("name").inq(List.of()))))
                .expectNext(1L).verifyComplete();
    }

    @Test
    void deleteAllOnARepositoryWhoseDefaultWhereLimitsItDeletesOnlyThoseRows() {
        var small = new DefaultCrudRepository<>(Item.class, db.dataSource(),
                RepositorySettings.defaults().withDefaultWhere(where("qty").lt(10)));
        StepVerifier.create(small.updateAll(Patch.of("name", "small"), null)).expectNext(2L).verifyComplete();
        StepVerifier.create(small.deleteAll(null)).expectNext(2L).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM items")).isEqualTo(1);
        assertThatThrownBy(() -> small.deleteAll(null, Options.defaults().skipDefaultFilter()))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("every row");
    }
}
