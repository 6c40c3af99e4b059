package io.ember.core.repository;

import java.util.List;

/**
 * One page of a {@code findPage}: the rows and where they sit in the whole result.
 *
 * @param data  the rows of the page
 * @param range the page's position and the total count
 * @param <T>   the model type
 */
public record Page<T>(List<T> data, Range range) {

    public Page {
        data = List.copyOf(data);
    }

    /**
     * The position of a page: rows {@code start} (inclusive) to {@code end} (exclusive) of
     * {@code total} matching rows; {@code end == start} for an empty page.
     */
    public record Range(long start, long end, long total) {
    }
}
