package io.ember.core.error;

/**
 * A write to a model with {@code @CreatedBy}/{@code @ModifiedBy} properties had no acting user in the
 * Reactor {@code Context}, and its repository refuses anonymous writes
 * ({@code AnonymousWrites.REFUSE}). Nothing was written.
 */
public final class AnonymousWriteException extends AuditUserException {

    private static final long serialVersionUID = 1L;

    public AnonymousWriteException(String message) {
        super(message);
    }
}
