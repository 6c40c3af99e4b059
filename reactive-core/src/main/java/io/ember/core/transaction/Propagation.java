package io.ember.core.transaction;

/** How a transactional unit relates to a transaction already bound in the Reactor {@code Context}. */
public enum Propagation {
    /** Join the ambient transaction, or start one. The default. */
    REQUIRED,
    /** Always start a new transaction on its own connection; the ambient one is untouched. */
    REQUIRES_NEW,
    /** Inside an ambient transaction, a savepoint rolled back alone on error; else a new transaction. */
    NESTED,
    /** Join the ambient transaction; fail with a TransactionStateException when there is none. */
    MANDATORY
}
