package io.ember.r2dbc.coalesce;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * The calls merged into one statement. A batch is open while it waits for its connection: calls
 * join it until it is full, then it is closed for good when the connection arrives (sealed: its
 * keys are fixed and the statement sent after), when it ends, or when every caller left. So every
 * caller's statement starts after its call. When it ends, every caller that stayed gets its row or
 * empty, or the batch's error. A caller leaving takes only itself out; when the last one leaves
 * the batch is cancelled (its acquire abandoned, or its statement cancelled and its connection
 * released by the datasource). Critical sections are a few field writes under the batch's lock.
 *
 * @param <T> the model type
 */
final class Batch<T> extends BaseSubscriber<Call<T>> {

    private final PointReads<T> owner;
    private final List<Call<T>> calls = new ArrayList<>();
    private final Map<Object, Call<T>> byKey = new HashMap<>();
    private int live;
    private boolean closed;

    Batch(PointReads<T> owner, Call<T> first) {
        this.owner = owner;
        join(first);
    }

    /** Adds a call unless the batch is closed; closes it when the call fills it. */
    synchronized boolean join(Call<T> call) {
        if (closed) {
            return false;
        }
        Call<T> same = byKey.putIfAbsent(call.key, call);
        if (same != null) {
            call.sameKey = same.sameKey;
            same.sameKey = call;
        }
        calls.add(call);
        live++;
        if (calls.size() >= owner.maxBatch()) {
            closed = true;
        }
        return true;
    }

    /** A caller cancelled: it gets nothing; the last one to leave cancels the batch. */
    void leave(Call<T> call) {
        boolean last;
        synchronized (this) {
            if (call.left) {
                return;
            }
            call.left = true;
            last = --live == 0;
            if (last) {
                closed = true;
            }
        }
        if (last) {
            owner.closed(this);
            dispose();
        }
    }

    /** Runs the batch on a connection of the datasource. */
    void start() {
        owner.dataSource().withConnection(this::run).subscribe(this);
    }

    /** On its connection: closes the batch to newcomers, then sends one statement for its keys. */
    private Flux<Call<T>> run(Connection connection) {
        Map<Object, Call<T>> sealed;
        synchronized (this) {
            closed = true;
            sealed = byKey;
        }
        owner.closed(this);
        return owner.dataSource().runner().query(connection, owner.statement(sealed.keySet()), 0,
                (row, meta) -> map(sealed, row, meta));
    }

    /** Maps a row once for each call of its key. */
    private Call<T> map(Map<Object, Call<T>> sealed, Row row, RowMetadata meta) {
        T first = owner.reader().apply(row, meta);
        Call<T> call = sealed.get(owner.keyOf(first));
        if (call == null) {
            throw new IllegalStateException("A coalesced read returned a row with id " + owner.keyOf(first)
                    + ", which no caller asked for");
        }
        call.value = first;
        for (Call<T> next = call.sameKey; next != null; next = next.sameKey) {
            next.value = owner.reader().apply(row, meta);
        }
        return call;
    }

    @Override
    protected void hookOnNext(Call<T> call) {
        // the value is kept in the call until the statement ends
    }

    @Override
    protected void hookOnComplete() {
        for (Call<T> call : end()) {
            T value = call.value;
            if (value != null) {
                call.sink.tryEmitValue(value);
            } else {
                call.sink.tryEmitEmpty();
            }
        }
    }

    @Override
    protected void hookOnError(Throwable error) {
        for (Call<T> call : end()) {
            call.sink.tryEmitError(error);
        }
    }

    /** Closes the batch (a failed acquire never sealed it) and lists the callers still waiting. */
    private List<Call<T>> end() {
        List<Call<T>> waiting;
        synchronized (this) {
            closed = true;
            waiting = new ArrayList<>(calls.size());
            for (Call<T> call : calls) {
                if (!call.left) {
                    waiting.add(call);
                }
            }
        }
        owner.closed(this);
        return waiting;
    }
}
