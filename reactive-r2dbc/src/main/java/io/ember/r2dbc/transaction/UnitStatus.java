package io.ember.r2dbc.transaction;

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
