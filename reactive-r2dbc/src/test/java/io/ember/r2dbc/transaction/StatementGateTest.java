package io.ember.r2dbc.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

class StatementGateTest {

    private final StatementGate gate = new StatementGate();

    @Test
    void statementsRunOneAtATimeInSubscriptionOrder() {
        AtomicInteger running = new AtomicInteger();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        Flux<Integer> all = Flux.range(0, 50).flatMap(i -> gate.run(() -> Mono.fromCallable(() -> {
            assertThat(running.incrementAndGet()).isEqualTo(1);
            seen.add(i);
            return i;
        }).delayElement(Duration.ofMillis(1)).doOnTerminate(running::decrementAndGet)));
        StepVerifier.create(all).expectNextCount(50).verifyComplete();
        assertThat(seen).isSorted().hasSize(50);
    }

    @Test
    void aRunningStatementIsReadAtItsSubscribersPace() {
        TestPublisher<Integer> first = TestPublisher.create();
        StepVerifier.create(gate.run(() -> first), 0)
                .expectSubscription()
                .then(() -> first.assertWasSubscribed())
                .then(() -> first.assertWasNotRequested())
                .thenRequest(2)
                .then(() -> first.assertMinRequested(2).assertMaxRequested(2))
                .then(() -> first.emit(1, 2))
                .expectNext(1, 2)
                .thenRequest(1)
                .then(() -> first.assertMaxRequested(1))
                .thenCancel()
                .verify();
    }

    @Test
    void aRunningStatementIsReadToItsEndOnceAnotherWaits() {
        TestPublisher<Integer> first = TestPublisher.create();
        StepVerifier[] second = new StepVerifier[1];
        StepVerifier.create(gate.run(() -> first), 0)
                .then(() -> first.assertWasNotRequested())
                .then(() -> second[0] = StepVerifier.create(gate.run(() -> Flux.just(99)))
                        .expectNext(99).expectComplete().verifyLater())
                .then(() -> first.assertMinRequested(Long.MAX_VALUE))
                .then(() -> first.emit(1, 2, 3))
                .then(() -> second[0].verify(Duration.ofSeconds(5)))
                .thenRequest(3)
                .expectNext(1, 2, 3)
                .verifyComplete();
    }

    @Test
    void theLastStatementRunsAfterThoseQueuedBeforeItAndNothingRunsAfterIt() {
        Sinks.Empty<Void> release = Sinks.empty();
        List<String> ran = new CopyOnWriteArrayList<>();
        StepVerifier running = StepVerifier.create(gate.run(() -> release.asMono().doOnSubscribe(s -> ran.add("first"))))
                .expectComplete().verifyLater();
        StepVerifier queued = StepVerifier.create(gate.run(() -> Mono.fromRunnable(() -> ran.add("queued"))))
                .expectComplete().verifyLater();
        StepVerifier last = StepVerifier.create(gate.runClosing(() -> Mono.fromRunnable(() -> ran.add("ROLLBACK")),
                Mono::empty, null)).expectComplete().verifyLater();
        // a statement subscribed once the last one is queued (its unit already ended) never runs
        StepVerifier.create(gate.run(() -> Mono.fromRunnable(() -> ran.add("late"))))
                .expectError(io.ember.core.error.TransactionStateException.class)
                .verify(Duration.ofSeconds(5));
        release.tryEmitEmpty();
        running.verify(Duration.ofSeconds(5));
        queued.verify(Duration.ofSeconds(5));
        last.verify(Duration.ofSeconds(5));
        assertThat(ran).containsExactly("first", "queued", "ROLLBACK");
    }

    @Test
    void aStatementSubscribedWhileTheLastOneRunsNeverRuns() {
        // subscribed just after the ROLLBACK took the turn, its subscriber not yet cancelled (a slow thread):
        // it used to wait and start as soon as the ROLLBACK ended, outside the transaction
        Sinks.Empty<Void> rollback = Sinks.empty();
        List<String> ran = new CopyOnWriteArrayList<>();
        var last = gate.runClosing(() -> rollback.asMono().doOnSubscribe(s -> ran.add("ROLLBACK")), Mono::empty, null);
        StepVerifier ended = StepVerifier.create(last).expectComplete().verifyLater();
        var late = gate.run(() -> Mono.fromRunnable(() -> ran.add("late")));
        StepVerifier refused = StepVerifier.create(late).expectError().verifyLater();
        rollback.tryEmitEmpty();
        ended.verify(Duration.ofSeconds(5));
        refused.verify(Duration.ofSeconds(5));
        assertThat(ran).containsExactly("ROLLBACK");
    }

    @Test
    void aNestedUnitsEndRefusesOnlyItsOwnLaterStatementsAndThoseOfUnitsInsideIt() {
        StatementGate.Scope nested = gate.nested(reactor.util.context.Context.empty());
        StatementGate.Scope inner = gate.nested(nested.enter(reactor.util.context.Context.empty()));
        List<String> ran = new CopyOnWriteArrayList<>();
        StepVerifier.create(gate.runClosing(() -> Mono.fromRunnable(() -> ran.add("ROLLBACK TO SAVEPOINT")),
                Mono::empty, nested)).verifyComplete();
        for (StatementGate.Scope late : List.of(nested, inner)) {
            StepVerifier.create(gate.run(() -> Mono.fromRunnable(() -> ran.add("late"))).contextWrite(late::enter))
                    .expectError(io.ember.core.error.TransactionStateException.class)
                    .verify(Duration.ofSeconds(5));
        }
        // the transaction goes on: its own statements run, then its COMMIT, then nothing
        StepVerifier.create(gate.run(() -> Mono.fromRunnable(() -> ran.add("outer")))).verifyComplete();
        StepVerifier.create(gate.runClosing(() -> Mono.fromRunnable(() -> ran.add("COMMIT")), Mono::empty, null))
                .verifyComplete();
        StepVerifier.create(gate.run(() -> Mono.fromRunnable(() -> ran.add("after"))))
                .expectError(io.ember.core.error.TransactionStateException.class)
                .verify(Duration.ofSeconds(5));
        assertThat(ran).containsExactly("ROLLBACK TO SAVEPOINT", "outer", "COMMIT");
    }

    @Test
    void cancellingAWaitingStatementGivesUpItsTurn() {
        Sinks.Empty<Void> release = Sinks.empty();
        StepVerifier.create(gate.run(() -> release.asMono()))
                .then(() -> StepVerifier.create(gate.run(() -> Mono.just(1)))
                        .expectSubscription().thenCancel().verify())
                .then(release::tryEmitEmpty)
                .verifyComplete();
        StepVerifier.create(gate.run(() -> Mono.just(2))).expectNext(2).verifyComplete();
    }

    @Test
    void errorsAndCancelsHandTheTurnOn() {
        StepVerifier.create(gate.run(() -> Mono.error(new IllegalStateException("x")))).expectError().verify();
        StepVerifier.create(gate.run(() -> Flux.range(0, 20).delayElements(Duration.ofMillis(1))).take(2)).expectNextCount(2).verifyComplete();
        StepVerifier.create(gate.run(() -> Mono.just(3))).expectNext(3).verifyComplete();
    }

    @Test
    void aCancelledStatementIsCancelledAndHandsOverOnlyOnceItsCancelIsThrough() {
        TestPublisher<Integer> first = TestPublisher.create();
        Sinks.Empty<Void> cancelThrough = Sinks.empty();
        List<String> log = new CopyOnWriteArrayList<>();
        StepVerifier.create(gate.run(() -> first.flux().doOnCancel(() -> log.add("first cancelled")),
                        cancelThrough::asMono).take(1))
                .then(() -> first.emit(1))
                .expectNext(1)
                .verifyComplete();
        Mono<Integer> second = gate.run(() -> Mono.fromCallable(() -> {
            log.add("second started");
            return 2;
        })).next();
        StepVerifier.create(second)
                .then(() -> assertThat(log).containsExactly("first cancelled"))
                .then(cancelThrough::tryEmitEmpty)
                .expectNext(2)
                .verifyComplete();
        assertThat(log).containsExactly("first cancelled", "second started");
    }

    @Test
    void manyStatementsThatEndAtOnceDoNotOverflowTheStack() {
        Sinks.Empty<Void> first = Sinks.empty();
        Flux<Integer> queued = Flux.merge(gate.run(() -> first.asMono().then(Mono.just(-1))),
                Flux.range(0, 10_000).flatMap(i -> gate.run(() -> Mono.just(i)), Integer.MAX_VALUE));
        StepVerifier.create(queued.count())
                .then(first::tryEmitEmpty)
                .expectNext(10_001L)
                .verifyComplete();
    }

    @Test
    void workInsideAStatementSeesTheGateHeld() {
        Mono<Boolean> held = gate.run(() -> Mono.deferContextual(ctx -> Mono.just(gate.isHeld(ctx)))).next();
        StepVerifier.create(held).expectNext(true).verifyComplete();
        StepVerifier.create(Mono.deferContextual(ctx -> Mono.just(gate.isHeld(ctx)))).expectNext(false).verifyComplete();
    }
}
