package io.ember.core.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** The fetch options: Ember's choice by default, a portal size, or no portal at all. */
class OptionsFetchTest {

    @Test
    void byDefaultEmberChoosesTheFetchSize() {
        assertThat(Options.defaults().fetchSize()).isZero();
        assertThat(Options.defaults().isFetchAll()).isFalse();
    }

    @Test
    void fetchAllAsksForNoPortalAndALaterFetchSizeReplacesIt() {
        Options all = Options.defaults().skipDefaultFilter().fetchAll();
        assertThat(all.isFetchAll()).isTrue();
        assertThat(all.fetchSize()).isEqualTo(Options.FETCH_ALL);
        assertThat(all.isSkipDefaultFilter()).as("other options kept").isTrue();
        assertThat(all.fetchSize(20).fetchSize()).isEqualTo(20);
        assertThat(all.fetchSize(20).isFetchAll()).isFalse();
    }

    @Test
    void aNegativeFetchSizeIsRefusedPointingToFetchAll() {
        assertThatIllegalArgumentException().isThrownBy(() -> Options.defaults().fetchSize(-1))
                .withMessageContaining("fetchSize must be >= 0, was -1")
                .withMessageContaining("fetchAll()");
    }
}
