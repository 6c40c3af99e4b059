package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.model.ModelMetadata;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The COPY data of a load: message sizes, text, and a cancel that comes from another thread mid-row. */
class CopyMessagesTest {

    @Model(table = "copied")
    record Copied(@Id Long id, String name, int n) {
    }

    private static final WritePlan<Copied> PLAN = new WritePlan<>(ModelMetadata.of(Copied.class));
    private static final int TRIES = Integer.getInteger("ember.copyCancel.tries", 2_000);

    private static Flux<Copied> endless() {
        return Flux.generate(() -> 0L, (n, sink) -> {
            sink.next(new Copied(n, "row number " + n + " of an endless load", (int) (long) n));
            return n + 1;
        });
    }

    @Test
    void rowsAreGatheredIntoMessagesOfAboutTheMessageSize() {
        List<ByteBuf> messages = CopyMessages.of(endless().take(20_000), PLAN, null, null).collectList().block();
        assertThat(messages).hasSizeGreaterThan(1);
        for (ByteBuf m : messages.subList(0, messages.size() - 1)) {
            assertThat(m.readableBytes()).isBetween(CopyMessages.MESSAGE_BYTES, CopyMessages.MESSAGE_BYTES + 200);
        }
        String text = messages.get(0).toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("row number 0 of an endless load\t0\nrow number 1 of an endless load\t1\n");   // the identity id is the server's
        long lines = messages.stream().mapToLong(m -> m.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count()).sum();
        assertThat(lines).isEqualTo(20_000);
        messages.forEach(ByteBuf::release);
    }

    @Test
    void anEmptySourceGivesNoMessage() {
        StepVerifier.create(CopyMessages.of(Flux.<Copied>empty(), PLAN, null, null)).verifyComplete();
    }

    /**
     * The COPY's connection cancels the data from its event loop (the server refused a row) while the
     * data is encoded on a worker: the row being encoded must not fail (it did, writing into the buffer
     * the cancel had just released, and the load then reported that error instead of the server's).
     */
    @Test
    void aCancelFromAnotherThreadMidRowSignalsNothingAfterIt() throws InterruptedException {
        Scheduler producer = Schedulers.newSingle("copy-producer");
        try {
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            for (int i = 0; i < TRIES; i++) {
                CountDownLatch first = new CountDownLatch(1);
                Disposable load = CopyMessages.of(endless(), PLAN, null, null)
                        .subscribeOn(producer)
                        .doOnError(errors::add)
                        .subscribe(m -> first.countDown());
                assertThat(first.await(10, TimeUnit.SECONDS)).as("a first message").isTrue();
                long spin = System.nanoTime() + (i % 50) * 1_000L;   // vary where in a row the cancel lands
                while (System.nanoTime() < spin) {
                    Thread.onSpinWait();
                }
                load.dispose();
            }
            // the producer runs one task at a time: once this one ran, every row in progress was done
            CountDownLatch idle = new CountDownLatch(1);
            producer.schedule(idle::countDown);
            assertThat(idle.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(errors).as("errors signalled after a cancel, in %d tries", TRIES).isEmpty();
        } finally {
            producer.dispose();
        }
    }
}
