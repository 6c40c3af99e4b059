package io.ember.benchmarks;

import java.time.Instant;

/** A row of {@code bench_item} as the raw driver, JDBC and Vert.x peers map it. */
public record Item(Long id, String name, int qty, Instant createdAt) {
}
