package io.ember.r2dbc.sql;

import io.ember.core.model.PropertyMetadata;
import java.util.List;

/** One change in the SET list of an UPDATE (or of an upsert's {@code DO UPDATE}). */
public sealed interface Assignment {

    /** The property it changes. */
    PropertyMetadata property();

    /** {@code "col" = $n}, with a driver-ready value (see {@link io.ember.r2dbc.mapping.Values}). */
    record Set(PropertyMetadata property, Object value) implements Assignment {
    }

    /**
     * {@code "col" = <the document with the key set>}: one key inside a jsonb document, creating the
     * missing objects on its way; a path through a scalar or past the end of an array fails the statement.
     *
     * @param key the patch key as the caller wrote it, for error messages
     */
    record SetJsonPath(PropertyMetadata property, List<String> path, Object json, String key) implements Assignment {
        public SetJsonPath {
            path = List.copyOf(path);
        }
    }

    /** {@code "col" = "col" + 1}: an optimistic-locking version. */
    record Increment(PropertyMetadata property) implements Assignment {
    }

    /** {@code "col" = COALESCE("col", 0) + $n}: an atomic addition, with a driver-ready amount. */
    record Add(PropertyMetadata property, Object amount) implements Assignment {
    }

    /** {@code "col" = EXCLUDED."col"}: an upsert's update takes the value the insert proposed. */
    record Excluded(PropertyMetadata property) implements Assignment {
    }
}
