package io.ember.core.error;

/**
 * A write could not stamp its acting user: the value in the Reactor {@code Context}
 * ({@code io.ember.core.audit.Auditor}) is not of the type of the model's {@code @CreatedBy} or
 * {@code @ModifiedBy} property. Nothing was written.
 */
public class AuditUserException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    public AuditUserException(String message) {
        super(message);
    }
}
