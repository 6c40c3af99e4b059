package io.ember.core.error;

/** A transaction used in a state that does not allow it (ended, missing for MANDATORY, committed twice). */
public final class TransactionStateException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    public TransactionStateException(String message) {
        super(message);
    }
}
