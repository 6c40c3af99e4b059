package io.ember.core.model;

/** How the value of a model's {@link Id} is produced on insert. */
public enum IdStrategy {

    /** The database generates it: {@code bigint generated always as identity} (or int). */
    IDENTITY,

    /** A {@link java.util.UUID}; Ember generates a random one when the entity has none. */
    UUID,

    /** The caller supplies it (a string or any other key); inserting without one is an error. */
    CLIENT
}
