package io.ember.r2dbc.relation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Related rows grouped by the key of the parent they belong to, each group in arrival order (the
 * statement's order), filled as the rows arrive; {@link #done()} seals the groups read-only.
 */
final class Groups {

    private final Map<Object, List<Object>> byKey;

    /** Groups sized for {@code expected} parent keys, so that filling them never rehashes. */
    Groups(int expected) {
        this.byKey = new HashMap<>(expected * 4 / 3 + 1);
    }

    /** Adds a row to the group of its (normalized) parent key; a row without a key belongs to no parent. */
    void add(@Nullable Object key, Object row) {
        if (key == null) {
            return;
        }
        List<Object> group = byKey.get(key);
        if (group == null) {
            group = new ArrayList<>();
            byKey.put(key, group);
        }
        group.add(row);
    }

    /** The groups, each list read-only. */
    Map<Object, List<Object>> done() {
        byKey.replaceAll((k, list) -> Collections.unmodifiableList(list));
        return byKey;
    }
}
