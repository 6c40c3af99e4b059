package io.ember.core.model;

/** The four kinds of relation a model may declare. */
public enum RelationKind {
    BELONGS_TO, HAS_ONE, HAS_MANY, HAS_MANY_THROUGH;

    /** Whether the relation yields a list. */
    public boolean isToMany() {
        return this == HAS_MANY || this == HAS_MANY_THROUGH;
    }
}
