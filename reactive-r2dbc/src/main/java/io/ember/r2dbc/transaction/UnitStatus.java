package io.ember.r2dbc.transaction;

import io.ember.core.error.TransactionStateException;
import io.ember.core.transaction.Isolation;
import io.ember.core.transaction.TransactionStatus;

/** The status a unit sees: a new transaction, a joined one, or a savepoint in one. */
final class UnitStatus implements TransactionStatus {

    private final BoundConnection bound;
    private final boolean newTransaction;
    private final boolean nested;
    private volatile boolean rollbackOnly;

    private UnitStatus(BoundConnection bound, boolean newTransaction, boolean nested) {
        this.bound = bound;
        this.newTransaction = newTransaction;
        this.nested = nested;
    }

    static UnitStatus started(BoundConnection bound) {
        return new UnitStatus(bound, true, false);
    }

    static UnitStatus joined(BoundConnection bound) {
        return new UnitStatus(bound, false, false);
    }

    static UnitStatus savepoint(BoundConnection bound) {
        return new UnitStatus(bound, false, true);
    }

    @Override
    public boolean isNewTransaction() {
        return newTransaction;
    }

    @Override
    public boolean isNested() {
        return nested;
    }

    @Override
    public Isolation isolation() {
        return bound.isolation();
    }

    @Override
    public boolean isReadOnly() {
        return bound.options().isReadOnly();
    }

    @Override
    public void setRollbackOnly() {
        ExternalTransaction external = bound.externalTransaction();
        if (!nested && external != null) {
            // Spring's reactive manager commits whatever a participant marks; refusing is the honest answer
            throw new TransactionStateException("This unit joined a transaction of " + external.describe()
                    + ", which Ember cannot mark rollback-only: fail the unit (an error rolls the transaction back), "
                    + "or mark it with that manager's own status");
        }
        rollbackOnly = true;
        if (!nested) {
            bound.setRollbackOnly();
        }
    }

    @Override
    public boolean isRollbackOnly() {
        return rollbackOnly || (!nested && bound.isRollbackOnly());
    }
}
