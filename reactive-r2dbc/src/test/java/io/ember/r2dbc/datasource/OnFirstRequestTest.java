package io.ember.r2dbc.datasource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class OnFirstRequestTest {

    @Test
    void theSourceIsMadeFromTheFirstRequest() {
        List<Long> demands = new CopyOnWriteArrayList<>();
        Flux<Integer> numbers = new OnFirstRequest<>(n -> {
            demands.add(n);
            return Flux.range(1, 5);
        });
        StepVerifier.create(numbers.take(2)).expectNext(1, 2).verifyComplete();
        StepVerifier.create(numbers.collectList()).expectNext(List.of(1, 2, 3, 4, 5)).verifyComplete();
        assertThat(demands).containsExactly(2L, Long.MAX_VALUE);
    }

    @Test
    void laterRequestsReachTheSource() {
        StepVerifier.create(new OnFirstRequest<>(n -> Flux.range(1, 5)), 0)
                .thenRequest(1).expectNext(1)
                .thenRequest(3).expectNext(2, 3, 4)
                .thenRequest(1).expectNext(5)
                .verifyComplete();
    }

    @Test
    void cancellingBeforeTheFirstRequestMakesNothing() {
        AtomicInteger made = new AtomicInteger();
        StepVerifier.create(new OnFirstRequest<>(n -> {
            made.incrementAndGet();
            return Flux.just(1);
        }), 0).thenCancel().verify();
        assertThat(made).hasValue(0);
    }

    @Test
    void aFailureToMakeTheSourceIsAnError() {
        StepVerifier.create(new OnFirstRequest<Integer>(n -> {
            throw new IllegalStateException("no");
        })).expectErrorMessage("no").verify();
    }
}
