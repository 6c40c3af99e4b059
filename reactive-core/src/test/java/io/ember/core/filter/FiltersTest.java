package io.ember.core.filter;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FiltersTest {

    private static final Where NOT_DELETED = where("deletedAt").isNull();

    @Test
    void defaultIsAndedWithTheCallsWhere() {
        Where call = where("age").gte(18);
        assertThat(Filters.mergeDefault(NOT_DELETED, call)).isEqualTo(new Where.And(List.of(NOT_DELETED, call)));
    }

    @Test
    void callCannotOverrideTheDefaultOnTheSameKey() {
        Where call = where("deletedAt").isNotNull();
        Where merged = Filters.mergeDefault(NOT_DELETED, call);
        assertThat(merged).isEqualTo(new Where.And(List.of(NOT_DELETED, call)));
        assertThat(((Where.And) merged).items()).contains(NOT_DELETED);
    }

    @Test
    void missingSidesAreLeftOut() {
        assertThat(Filters.mergeDefault(null, NOT_DELETED)).isSameAs(NOT_DELETED);
        assertThat(Filters.mergeDefault(NOT_DELETED, null)).isSameAs(NOT_DELETED);
        assertThat(Filters.mergeDefault(NOT_DELETED, Where.allOf())).isSameAs(NOT_DELETED);
        assertThat(Filters.mergeDefault(Where.allOf(), NOT_DELETED)).isSameAs(NOT_DELETED);
        assertThat(Filters.mergeDefault(null, (Where) null)).isNull();
    }

    @Test
    void mergesIntoAFiltersWhere() {
        Filter f = Filter.of(where("age").gte(18)).limit(5);
        assertThat(Filters.applyDefault(NOT_DELETED, f))
                .isEqualTo(f.withWhere(new Where.And(List.of(NOT_DELETED, where("age").gte(18)))));
        assertThat(Filters.applyDefault(null, f)).isSameAs(f);
    }

    @Test
    void emptyDisjunctionFromTheCallIsKeptSoItStillMatchesNothing() {
        Where nothing = Where.anyOf();
        assertThat(Filters.mergeDefault(NOT_DELETED, nothing)).isEqualTo(new Where.And(List.of(NOT_DELETED, nothing)));
    }
}
