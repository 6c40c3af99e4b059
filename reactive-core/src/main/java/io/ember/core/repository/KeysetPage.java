package io.ember.core.repository;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a keyset read ({@code findKeysetPage}): its rows, in the filter's order, and the token
 * that continues after the last of them.
 *
 * @param rows the rows of the page, at most the filter's limit
 * @param next the continuation token for the next page (send it back as the filter's {@code after}),
 *             or {@code null} when this page is the last
 * @param <T>  the model type
 */
public record KeysetPage<T>(List<T> rows, @Nullable String next) {

    public KeysetPage {
        rows = List.copyOf(rows);
    }
}
