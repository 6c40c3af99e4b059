package io.ember.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Rows to insert, made once per trial. */
final class Rows {

    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private Rows() {
    }

    static List<Item> newItems(int n) {
        List<Item> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new Item(null, "new-" + i, i % 1000, BASE.plusMillis(i * 1_001L)));
        }
        return List.copyOf(rows);
    }
}
