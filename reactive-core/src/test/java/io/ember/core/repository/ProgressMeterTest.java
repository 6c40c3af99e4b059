package io.ember.core.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class ProgressMeterTest {

    @Test
    void aMeterWithoutIntervalReportsEveryAddAndALastEvent() {
        List<Progress> events = new ArrayList<>();
        ProgressMeter meter = new ProgressMeter("load X", events::add, Duration.ZERO);
        meter.add(10);
        meter.add(5);
        meter.done(15);
        assertThat(events).extracting(Progress::rows).containsExactly(10L, 15L, 15L);
        assertThat(events).extracting(Progress::done).containsExactly(false, false, true);
    }

    @Test
    void aMeterReportsAtMostOncePerInterval() {
        List<Progress> events = new ArrayList<>();
        ProgressMeter meter = new ProgressMeter("load X", events::add, Duration.ofHours(1));
        for (int i = 0; i < 100_000; i++) {
            meter.add(1);
        }
        assertThat(events).isEmpty();
        meter.done(meter.rows());
        assertThat(events).singleElement().satisfies(p -> {
            assertThat(p.rows()).isEqualTo(100_000);
            assertThat(p.done()).isTrue();
        });
    }

    @Test
    void trackCountsTheElementsOfAnyFluxPerSubscription() {
        List<Progress> events = new ArrayList<>();
        Flux<Integer> tracked = ProgressMeter.track(Flux.range(0, 1_000), "stream", events::add, Duration.ZERO);
        StepVerifier.create(tracked).expectNextCount(1_000).verifyComplete();
        StepVerifier.create(tracked).expectNextCount(1_000).verifyComplete();
        assertThat(events).filteredOn(Progress::done).extracting(Progress::rows).containsExactly(1_000L, 1_000L);
    }

    @Test
    void aListenerThatThrowsFailsTheTrackedFlux() {
        Flux<Integer> tracked = ProgressMeter.track(Flux.range(0, 10), "stream", p -> {
            throw new IllegalStateException("listener failed");
        }, Duration.ZERO);
        StepVerifier.create(tracked).expectErrorMessage("listener failed").verify();
    }

    @Test
    void progressRendersALineWithRowsRateAndElapsed() {
        Progress p = new Progress("load Item", 120_000, Duration.ofMillis(1_500), false);
        assertThat(p.rowsPerSecond()).isEqualTo(80_000.0);
        assertThat(p.line()).isEqualTo("load Item: 120,000 rows in 1.5 s (80,000 rows/s)");
        assertThat(new Progress("x", 0, Duration.ZERO, true).line()).isEqualTo("x: 0 rows in 0.0 s (0 rows/s), done");
        assertThatThrownBy(() -> new Progress("x", -1, Duration.ZERO, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
