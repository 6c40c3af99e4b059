package io.ember.core.filter;

/**
 * Builds the paths inside a filter that error messages name ({@code where.or[1].tags.contains}). A
 * key longer than {@value #MAX_KEY} characters is cut, so a path stays short whatever the input.
 */
final class Paths {

    /** The longest key kept in a path. */
    static final int MAX_KEY = 160;

    private Paths() {
    }

    static String key(String parent, String key) {
        String k = key.length() > MAX_KEY ? JsonValues.excerpt(key, MAX_KEY) : key;
        return parent.isEmpty() ? k : parent + "." + k;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
