package io.ember.r2dbc.sql;

import io.ember.core.model.PropertyMetadata;
import java.util.List;

/** One change in the SET list of an UPDATE. */
public sealed interface Assignment {

    /** The property it changes. */
    PropertyMetadata property();

    /** {@code "col" = $n}, with a driver-ready value (see {@link io.ember.r2dbc.mapping.Values}). */
    record Set(PropertyMetadata property, Object value) implements Assignment {
    }

    /** {@code "col" = jsonb_set(COALESCE("col", '{}'), $path, $value, true)}: one key inside a jsonb document. */
    record SetJsonPath(PropertyMetadata property, List<String> path, Object json) implements Assignment {
        public SetJsonPath {
            path = List.copyOf(path);
        }
    }

    /** {@code "col" = "col" + 1}: an optimistic-locking version. */
    record Increment(PropertyMetadata property) implements Assignment {
    }
}
