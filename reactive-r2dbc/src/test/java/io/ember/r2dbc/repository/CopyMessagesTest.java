package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.model.ModelMetadata;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
    private static final CopyFormat TEXT = CopyFormat.text(PLAN.insertColumns());
    /** As the catalog shows the table that {@code SchemaGenerator} creates for {@link Copied}. */
    private static final CopyFormat BINARY = CopyFormat.of(PLAN.insertColumns(), Map.of(
            "name", new CopyFormat.ColumnType(25, false), "n", new CopyFormat.ColumnType(23, false)));
    private static final int TRIES = Integer.getInteger("ember.copyCancel.tries", 2_000);

    private static Flux<Copied> endless() {
        return Flux.generate(() -> 0L, (n, sink) -> {
            sink.next(new Copied(n, "row number " + n + " of an endless load", (int) (long) n));
            return n + 1;
        });
    }

    @Test
    void rowsAreGatheredIntoMessagesOfAboutTheMessageSize() {
        List<ByteBuf> messages = CopyMessages.of(endless().take(20_000), PLAN, TEXT, null, null).collectList().block();
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
    void anEmptySourceGivesNoMessageInTextAndTheHeaderAndTrailerInBinary() {
        StepVerifier.create(CopyMessages.of(Flux.<Copied>empty(), PLAN, TEXT, null, null)).verifyComplete();
        assertThat(BINARY.isBinary()).isTrue();
        ByteBuf only = CopyMessages.of(Flux.<Copied>empty(), PLAN, BINARY, null, null).single().block();
        assertThat(ByteBufUtil.hexDump(only)).isEqualTo("5047434f50590aff0d0a00" + "00000000" + "00000000" + "ffff");
    }

    @Test
    void binaryRowsCountTheirFieldsAndPrefixEachWithItsLength() {
        List<ByteBuf> messages = CopyMessages.of(Flux.just(new Copied(null, "é", 7), new Copied(null, null, -1)),
                PLAN, BINARY, null, null).collectList().block();
        assertThat(messages).hasSize(1);
        String hex = ByteBufUtil.hexDump(messages.get(0));
        assertThat(hex).isEqualTo("5047434f50590aff0d0a000000000000000000"
                + "0002" + "00000002c3a9" + "0000000400000007"     // 2 fields: "é" in UTF-8, 7
                + "0002" + "ffffffff" + "00000004ffffffff"          // NULL, -1
                + "ffff");
    }

    @Test
    void aColumnOfAnotherTypeThanItsKindsKeepsTheLoadInText() {
        assertThat(CopyFormat.of(PLAN.insertColumns(), Map.of("name", new CopyFormat.ColumnType(25, false),
                "n", new CopyFormat.ColumnType(20, false))).isBinary()).as("int property, bigint column").isFalse();
        assertThat(CopyFormat.of(PLAN.insertColumns(), Map.of("name", new CopyFormat.ColumnType(25, false)))
                .isBinary()).as("a column the catalog does not show").isFalse();
        assertThat(CopyFormat.of(PLAN.insertColumns(), Map.of()).isBinary()).as("no table").isFalse();
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
            for (CopyFormat format : List.of(TEXT, BINARY)) {
                List<Throwable> errors = new CopyOnWriteArrayList<>();
                for (int i = 0; i < TRIES; i++) {
                    CountDownLatch first = new CountDownLatch(1);
                    Disposable load = CopyMessages.of(endless(), PLAN, format, null, null)
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
                assertThat(errors).as("errors signalled after a cancel, %s, in %d tries", format.isBinary() ? "binary" : "text", TRIES).isEmpty();
            }
        } finally {
            producer.dispose();
        }
    }
}
