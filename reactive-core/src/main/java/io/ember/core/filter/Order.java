package io.ember.core.filter;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One sort key: a property (or JSON path), a direction and where NULLs go.
 *
 * @param path      the property name or JSON path
 * @param direction ascending or descending
 * @param nulls     NULLS FIRST/LAST, or {@link Nulls#DEFAULT} for PostgreSQL's default
 *                  (last when ascending, first when descending)
 */
public record Order(String path, Direction direction, Nulls nulls) {

    /** Sort direction. */
    public enum Direction { ASC, DESC }

    /** Placement of NULLs. */
    public enum Nulls { DEFAULT, FIRST, LAST }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    public Order {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(nulls, "nulls");
    }

    /** Ascending on a property. */
    public static Order asc(String path) {
        return new Order(path, Direction.ASC, Nulls.DEFAULT);
    }

    /** Descending on a property. */
    public static Order desc(String path) {
        return new Order(path, Direction.DESC, Nulls.DEFAULT);
    }

    /** This order with NULLs first. */
    public Order nullsFirst() {
        return new Order(path, direction, Nulls.FIRST);
    }

    /** This order with NULLs last. */
    public Order nullsLast() {
        return new Order(path, direction, Nulls.LAST);
    }

    /**
     * Parses {@code "name"}, {@code "name DESC"}, {@code "name NULLS FIRST"}, {@code "name ASC NULLS LAST"}
     * (case-insensitive; the direction is optional also before NULLS).
     *
     * @throws IllegalArgumentException naming the text when it is not of that form
     */
    public static Order parse(String text) {
        String[] parts = WHITESPACE.split(text.trim());
        if (parts.length == 0 || parts[0].isEmpty() || parts.length > 4) {
            throw new IllegalArgumentException("order '" + text + "' is not 'property [ASC|DESC] [NULLS FIRST|LAST]'");
        }
        int next = 1;
        Direction direction = Direction.ASC;
        if (next < parts.length && !parts[next].equalsIgnoreCase("NULLS")) {
            switch (parts[next++].toUpperCase(Locale.ROOT)) {
                case "ASC" -> direction = Direction.ASC;
                case "DESC" -> direction = Direction.DESC;
                default -> throw new IllegalArgumentException("order '" + text + "': direction must be ASC or DESC");
            }
        }
        Nulls nulls = Nulls.DEFAULT;
        if (next < parts.length) {
            if (parts.length - next != 2 || !parts[next].equalsIgnoreCase("NULLS")) {
                throw new IllegalArgumentException("order '" + text + "': expected NULLS FIRST or NULLS LAST");
            }
            switch (parts[next + 1].toUpperCase(Locale.ROOT)) {
                case "FIRST" -> nulls = Nulls.FIRST;
                case "LAST" -> nulls = Nulls.LAST;
                default -> throw new IllegalArgumentException("order '" + text + "': expected NULLS FIRST or NULLS LAST");
            }
        }
        return new Order(parts[0], direction, nulls);
    }

    @Override
    public String toString() {
        return path + " " + direction + (nulls == Nulls.DEFAULT ? "" : " NULLS " + nulls);
    }
}
