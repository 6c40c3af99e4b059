package io.ember.core.filter;

/** Builds the paths inside a filter that error messages name ({@code where.or[1].tags.contains}). */
final class Paths {

    private Paths() {
    }

    static String key(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
