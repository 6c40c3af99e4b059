package io.ember.r2dbc.repository;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.repository.Options;
import io.ember.r2dbc.repository.TestModels.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which wheres count as "every row", without a database. */
class WhereGuardTest {

    private final ModelMetadata<Item> model = ModelMetadata.of(Item.class);

    private boolean everyRow(Where w) {
        return WhereGuard.matchesEveryRow(w, model);
    }

    @Test
    void alwaysTrueWheresMatchEveryRow() {
        assertThat(WhereGuard.matchesEveryRow(null, model)).isTrue();
        assertThat(everyRow(Where.allOf())).isTrue();
        assertThat(everyRow(where("name").nin(List.of()))).isTrue();
        assertThat(everyRow(where("id").isNotNull())).isTrue();
        assertThat(everyRow(where("qty").eq(1).or(where("name").nin(List.of())))).isTrue();
        assertThat(everyRow(Where.allOf(where("id").isNotNull(), Where.allOf(where("qty").nin(List.of()))))).isTrue();
    }

    @Test
    void aRelationsEveryOfAnEmptyWhereMatchesEveryRowAndOtherRelationFiltersDoNot() {
        assertThat(everyRow(where("children").every(Where.allOf()))).isTrue();
        assertThat(everyRow(where("children").every(where("qty").eq(1)))).isFalse();
        assertThat(everyRow(where("children").some(Where.allOf()))).isFalse();
        assertThat(everyRow(where("children").none(Where.allOf()))).isFalse();
    }

    @Test
    void wheresThatCanLimitDoNot() {
        assertThat(everyRow(where("name").isNotNull())).as("a nullable column may be NULL").isFalse();
        assertThat(everyRow(where("name").nin(List.of("a")))).isFalse();
        assertThat(everyRow(where("name").inq(List.of()))).isFalse();
        assertThat(everyRow(Where.anyOf())).as("an empty or matches nothing").isFalse();
        assertThat(everyRow(where("qty").eq(1).and(where("name").nin(List.of())))).isFalse();
        assertThat(everyRow(where("qty").gt(1).or(where("qty").lte(1)))).as("NULLs match neither").isFalse();
    }

    @Test
    void aDefaultWhereLimitsUnlessSkippedAndForceAlwaysPasses() {
        Where scope = where("qty").lt(10);
        assertThatCode(() -> WhereGuard.check("deleteAll", null, Options.defaults(), scope, model)).doesNotThrowAnyException();
        assertThatThrownBy(() -> WhereGuard.check("deleteAll", null, Options.defaults().skipDefaultFilter(), scope, model))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("every row of items");
        assertThatThrownBy(() -> WhereGuard.check("updateAll", null, Options.defaults(), where("id").isNotNull(), model))
                .isInstanceOf(InvalidFilterException.class).hasMessageContaining("updateAll");
        assertThatCode(() -> WhereGuard.check("deleteAll", null, Options.defaults().force(), null, model))
                .doesNotThrowAnyException();
    }
}
