package io.ember.core.transaction;

/**
 * What a callback-style unit ({@code inTransaction(status -> ...)}) knows about the transaction it
 * runs in, and its one way to end it early: {@link #setRollbackOnly()}.
 */
public interface TransactionStatus {

    /** Whether this unit started the transaction (false when it joined one or runs in a savepoint). */
    boolean isNewTransaction();

    /** Whether this unit runs in a savepoint of an enclosing transaction (NESTED). */
    boolean isNested();

    /** The isolation level of the transaction. */
    Isolation isolation();

    /** Whether the transaction is read-only. */
    boolean isReadOnly();

    /**
     * Makes the unit roll back instead of committing when its publisher completes. The publisher
     * still completes normally. For a joined unit this rolls back the whole enclosing transaction;
     * for a NESTED unit, only its savepoint.
     */
    void setRollbackOnly();

    /** Whether {@link #setRollbackOnly()} was called. */
    boolean isRollbackOnly();
}
