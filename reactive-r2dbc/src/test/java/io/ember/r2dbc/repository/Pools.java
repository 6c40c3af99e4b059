package io.ember.r2dbc.repository;

import io.ember.r2dbc.datasource.PostgresDataSource;
import java.util.concurrent.locks.LockSupport;

/** Waits for a pool to have no acquired connection (test code only). */
final class Pools {

    private Pools() {
    }

    /** Milliseconds until no connection of the datasource is acquired, polling up to 10 s (10,000 if never). */
    static long millisUntilIdle(PostgresDataSource ds) {
        long start = System.nanoTime();
        long deadline = start + 10_000_000_000L;
        while (ds.stats().acquired() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000);
        }
        return ds.stats().acquired() > 0 ? 10_000 : (System.nanoTime() - start) / 1_000_000;
    }
}
