package io.ember.benchmarks;

import java.util.List;

/**
 * One library under test. Every method runs a whole JMH operation and returns only when all of
 * its work is done; {@code inFlight} is the most statements in flight at once, kept the same way
 * for every library ({@link Concurrency}). Each returns a checksum (rows or a sum) so the work
 * cannot be elided and so a wrong answer is visible.
 */
public interface Peer extends AutoCloseable {

    /** Looks up every id by primary key, mapping each row; returns the sum of {@code qty}. */
    long findById(long[] ids, int inFlight);

    /** For each bound, reads 100 rows {@code WHERE qty > bound ORDER BY id LIMIT 100}; returns rows read. */
    long find(int[] bounds, int inFlight);

    /** For each bound, {@code count(*) WHERE qty > bound}; returns the sum of counts. */
    long count(int[] bounds, int inFlight);

    /** Converts the rows to insert into the library's own entities, outside the measurement. */
    void prepareInserts(List<Item> rows);

    /** Inserts prepared rows {@code [0, n)} one statement each, returning their ids; returns the sum of ids. */
    long create(int n, int inFlight);

    /** Inserts all prepared rows in one call of the library's bulk API, returning their ids; returns rows. */
    long createAll();

    @Override
    void close();
}
