package io.ember.core.repository;

import io.ember.core.transaction.Transaction;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-call options of a repository method. Immutable; each method returns a new instance:
 * {@code Options.defaults().transaction(tx).skipDefaultFilter()}.
 */
public final class Options {

    private static final Options DEFAULTS = new Options(null, false, true, false, false, 0, false);

    private final @Nullable Transaction transaction;
    private final boolean skipDefaultFilter;
    private final boolean returning;
    private final boolean force;
    private final boolean hardDelete;
    private final int fetchSize;
    private final boolean restoreDeleted;

    private Options(@Nullable Transaction transaction, boolean skipDefaultFilter, boolean returning, boolean force,
                    boolean hardDelete, int fetchSize, boolean restoreDeleted) {
        this.transaction = transaction;
        this.skipDefaultFilter = skipDefaultFilter;
        this.returning = returning;
        this.force = force;
        this.hardDelete = hardDelete;
        this.fetchSize = fetchSize;
        this.restoreDeleted = restoreDeleted;
    }

    /** No transaction named, default filter applied, rows returned, no force, default fetch size. */
    public static Options defaults() {
        return DEFAULTS;
    }

    /** Runs the call in this explicit transaction instead of the ambient one (or none). */
    public Options transaction(Transaction transaction) {
        return new Options(Objects.requireNonNull(transaction, "transaction"), skipDefaultFilter, returning, force,
                hardDelete, fetchSize, restoreDeleted);
    }

    /** Skips the repository's default filter (soft delete included) for this call. */
    public Options skipDefaultFilter() {
        return new Options(transaction, true, returning, force, hardDelete, fetchSize, restoreDeleted);
    }

    /**
     * Whether writes return the written rows (the default). Without, no {@code RETURNING} clause is
     * sent and row-returning writes complete empty; the count-returning ones still count.
     */
    public Options returning(boolean returning) {
        return new Options(transaction, skipDefaultFilter, returning, force, hardDelete, fetchSize, restoreDeleted);
    }

    /**
     * Allows {@code updateAll}/{@code deleteAll} with a where that matches every row (none, an empty
     * one, or one that is always true such as {@code nin []}), which are refused otherwise unless the
     * repository's default where limits them.
     */
    public Options force() {
        return new Options(transaction, skipDefaultFilter, returning, true, hardDelete, fetchSize, restoreDeleted);
    }

    /** Deletes rows for real even when the model has a {@code @DeletedAt} (soft delete) property. */
    public Options hardDelete() {
        return new Options(transaction, skipDefaultFilter, returning, force, true, fetchSize, restoreDeleted);
    }

    /**
     * Rows fetched per round trip when streaming a read (a portal). 0, the default, lets Ember choose:
     * a portal of 1,000 rows (500 in a transaction) when the subscriber asks for a bounded number of
     * rows, none when it asks for all at once ({@code collectList}, a {@code Mono}). See
     * {@code docs/streaming.md}.
     */
    public Options fetchSize(int fetchSize) {
        if (fetchSize < 0) {
            throw new IllegalArgumentException("fetchSize must be >= 0, was " + fetchSize);
        }
        return new Options(transaction, skipDefaultFilter, returning, force, hardDelete, fetchSize, restoreDeleted);
    }

    /**
     * Lets {@code upsert} restore a soft-deleted row that holds the same key (its {@code @DeletedAt}
     * becomes the entity's, null for a plain entity) and overwrite it. Without it, such an upsert
     * fails with a {@link io.ember.core.error.UniqueViolationException} and changes nothing.
     */
    public Options restoreDeleted() {
        return new Options(transaction, skipDefaultFilter, returning, force, hardDelete, fetchSize, true);
    }

    public @Nullable Transaction transaction() {
        return transaction;
    }

    public boolean isSkipDefaultFilter() {
        return skipDefaultFilter;
    }

    public boolean isReturning() {
        return returning;
    }

    public boolean isForce() {
        return force;
    }

    public boolean isHardDelete() {
        return hardDelete;
    }

    public int fetchSize() {
        return fetchSize;
    }

    public boolean isRestoreDeleted() {
        return restoreDeleted;
    }

    @Override
    public String toString() {
        return "Options[transaction=" + (transaction != null) + ", skipDefaultFilter=" + skipDefaultFilter
                + ", returning=" + returning + ", force=" + force + ", hardDelete=" + hardDelete + ", fetchSize=" + fetchSize
                + ", restoreDeleted=" + restoreDeleted + "]";
    }
}
