package io.ember.core.audit;

/**
 * What a repository does with a write to a model that has a {@link io.ember.core.model.CreatedBy} or
 * {@link io.ember.core.model.ModifiedBy} property when the Reactor {@code Context} holds no acting
 * user ({@link Auditor#KEY}).
 */
public enum AnonymousWrites {

    /** The write goes through and the audit properties it would set are written NULL (the default). */
    ALLOW,

    /**
     * The write fails with an {@link io.ember.core.error.AnonymousWriteException} before any statement
     * is sent: nothing is written.
     */
    REFUSE
}
