package io.ember.core.error;

/** An update of a versioned entity found another version than the one it was given. */
public final class OptimisticLockException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    public OptimisticLockException(String message) {
        super(message);
    }
}
