package io.ember.core.filter;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which properties a read returns: only the named ones ({@code ["id","name"]},
 * {@code {"name": true}}) or all but the named ones ({@code {"email": false}}). The id is always
 * read; properties an inclusion needs are read and dropped afterwards.
 *
 * @param names   the property names
 * @param exclude whether {@code names} are left out rather than kept
 */
public record Fields(Set<String> names, boolean exclude) {

    public Fields {
        names = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    /** Only these properties. */
    public static Fields only(String... names) {
        return new Fields(new LinkedHashSet<>(Arrays.asList(names)), false);
    }

    /** Every property but these. */
    public static Fields except(String... names) {
        return new Fields(new LinkedHashSet<>(Arrays.asList(names)), true);
    }

    /** Whether a property is returned under this selection. */
    public boolean selects(String name) {
        return names.contains(name) != exclude;
    }
}
