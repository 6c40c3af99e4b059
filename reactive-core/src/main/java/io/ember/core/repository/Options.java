package io.ember.core.repository;

import io.ember.core.transaction.Transaction;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Per-call options of a repository method. Immutable; each method returns a new instance:
 * {@code Options.defaults().transaction(tx).skipDefaultFilter()}.
 */
public final class Options {

    /** The {@link #fetchSize()} of options that read without a portal ({@link #fetchAll()}). */
    public static final int FETCH_ALL = -1;

    private static final Options DEFAULTS = new Options(null, false, true, false, false, 0, false, null, 0, Deleted.EXCLUDED);

    private final @Nullable Transaction transaction;
    private final boolean skipDefaultFilter;
    private final boolean returning;
    private final boolean force;
    private final boolean hardDelete;
    private final int fetchSize;
    private final boolean restoreDeleted;
    private final @Nullable Consumer<? super Progress> progress;
    private final int chunkRows;
    private final Deleted deleted;

    /** Which rows of a soft-deleted model ({@code @DeletedAt}) a call sees. */
    public enum Deleted {
        /** Only rows that are not deleted: the default filter's {@code deletedAt IS NULL}. */
        EXCLUDED,
        /** Deleted rows and the others. */
        INCLUDED,
        /** Only deleted rows: {@code deletedAt IS NOT NULL}. */
        ONLY
    }

    private Options(@Nullable Transaction transaction, boolean skipDefaultFilter, boolean returning, boolean force,
                    boolean hardDelete, int fetchSize, boolean restoreDeleted,
                    @Nullable Consumer<? super Progress> progress, int chunkRows, Deleted deleted) {
        this.transaction = transaction;
        this.skipDefaultFilter = skipDefaultFilter;
        this.returning = returning;
        this.force = force;
        this.hardDelete = hardDelete;
        this.fetchSize = fetchSize;
        this.restoreDeleted = restoreDeleted;
        this.progress = progress;
        this.chunkRows = chunkRows;
        this.deleted = deleted;
    }

    /** No transaction named, default filter applied, rows returned, no force, default fetch size. */
    public static Options defaults() {
        return DEFAULTS;
    }

    /** Runs the call in this explicit transaction instead of the ambient one (or none). */
    public Options transaction(Transaction transaction) {
        return new Options(Objects.requireNonNull(transaction, "transaction"), skipDefaultFilter, returning, force,
                hardDelete, fetchSize, restoreDeleted, progress, chunkRows, deleted);
    }

    /**
     * Skips the repository's default filter for this call: both its {@code defaultWhere} (a scope such
     * as a tenant) and soft delete's {@code deletedAt IS NULL}. To see deleted rows and stay inside the
     * scope, use {@link #withDeleted()} or {@link #onlyDeleted()}.
     */
    public Options skipDefaultFilter() {
        return new Options(transaction, true, returning, force, hardDelete, fetchSize, restoreDeleted, progress, chunkRows, deleted);
    }

    /**
     * Sees soft-deleted rows too: reads, counts, updates and deletes of a model with a {@code @DeletedAt}
     * property match deleted rows as well as the others. The repository's own {@code defaultWhere}
     * still applies; relations included by the read keep their default filters. A model without
     * {@code @DeletedAt} refuses it ({@link IllegalArgumentException} at call time).
     */
    public Options withDeleted() {
        return new Options(transaction, skipDefaultFilter, returning, force, hardDelete, fetchSize, restoreDeleted,
                progress, chunkRows, Deleted.INCLUDED);
    }

    /**
     * Sees only soft-deleted rows ({@code deletedAt IS NOT NULL}), as {@link #withDeleted()} otherwise:
     * a trash view, or {@code deleteAll(where, Options.defaults().onlyDeleted().hardDelete())} to purge.
     */
    public Options onlyDeleted() {
        return new Options(transaction, skipDefaultFilter, returning, force, hardDelete, fetchSize, restoreDeleted,
                progress, chunkRows, Deleted.ONLY);
    }

    /**
     * Whether writes return the written rows (the default). Without, no {@code RETURNING} clause is
     * sent and row-returning writes complete empty; the count-returning ones still count.
     */
    public Options returning(boolean returning) {
        return new Options(transaction, skipDefaultFilter, returning, force, hardDelete, fetchSize, restoreDeleted, progress, chunkRows, deleted);
    }

    /**
     * Allows {@code updateAll}/{@code deleteAll} with a where that matches every row (none, an empty
     * one, or one that is always true such as {@code nin []}), which are refused otherwise unless the
     * repository's default where limits them.
     */
    public Options force() {
        return new Options(transaction, skipDefaultFilter, returning, true, hardDelete, fetchSize, restoreDeleted, progress, chunkRows, deleted);
    }

    /** Deletes rows for real even when the model has a {@code @DeletedAt} (soft delete) property. */
    public Options hardDelete() {
        return new Options(transaction, skipDefaultFilter, returning, force, true, fetchSize, restoreDeleted, progress, chunkRows, deleted);
    }

    /**
     * Rows fetched per round trip when streaming a read (a portal). 0, the default, lets Ember choose:
     * a portal of 1,000 rows (500 in a transaction) when the subscriber asks for a bounded number of
     * rows and the statement may return more than that (no {@code limit}, or a larger one), none when
     * it asks for all at once ({@code collectList}, a {@code Mono}). A read whose {@code limit} fits
     * in one fetch is read without a portal. To read without one whatever the subscriber asks for,
     * use {@link #fetchAll()}. See {@code docs/streaming.md}.
     *
     * @throws IllegalArgumentException when {@code fetchSize} is negative
     */
    public Options fetchSize(int fetchSize) {
        if (fetchSize < 0) {
            throw new IllegalArgumentException("fetchSize must be >= 0, was " + fetchSize
                    + " (fetchAll() reads without a portal)");
        }
        return new Options(transaction, skipDefaultFilter, returning, force, hardDelete, fetchSize, restoreDeleted, progress, chunkRows, deleted);
    }

    /**
     * Reads without a portal, whatever the subscriber asks for: the server sends every row as fast
     * as the connection takes them, and the subscriber's pace is kept by the socket's buffers
     * instead of the server (a slow subscriber then holds a connection whose server side has run
     * ahead, and a cancel stops the server by a cancel request rather than after a fetch). Saves the
     * portal's extra round trip on reads that are consumed to their end anyway. {@link #fetchSize()}
     * is then {@link #FETCH_ALL}.
     */
    public Options fetchAll() {
        return new Options(transaction, skipDefaultFilter, returning, force, hardDelete, FETCH_ALL, restoreDeleted,
                progress, chunkRows, deleted);
    }

    /**
     * Lets {@code upsert} restore a soft-deleted row that holds the same key (its {@code @DeletedAt}
     * becomes the entity's, null for a plain entity) and overwrite it. Without it, such an upsert
     * fails with a {@link io.ember.core.error.UniqueViolationException} and changes nothing.
     */
    public Options restoreDeleted() {
        return new Options(transaction, skipDefaultFilter, returning, force, hardDelete, fetchSize, true, progress, chunkRows, deleted);
    }

    /**
     * Reports the progress of a long operation ({@code load}, {@code createAll} of a publisher,
     * chunked {@code updateAll}/{@code deleteAll}) to a listener, at most every
     * {@link ProgressMeter#DEFAULT_INTERVAL} and once when it completes. Other calls ignore it.
     */
    public Options progress(Consumer<? super Progress> listener) {
        return new Options(transaction, skipDefaultFilter, returning, force, hardDelete, fetchSize, restoreDeleted,
                Objects.requireNonNull(listener, "listener"), chunkRows, deleted);
    }

    /**
     * Runs {@code updateAll}/{@code deleteAll} in chunks of at most {@code rows} rows, by ranges of the
     * primary key, each chunk one statement in a short transaction of its own (unless the call runs
     * in a transaction, which the chunks then join): locks and WAL per statement stay bounded, and
     * the whole is not atomic (a failure leaves the chunks before it done). Needs a single-column key.
     */
    public Options chunked(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1, was " + rows);
        }
        return new Options(transaction, skipDefaultFilter, returning, force, hardDelete, fetchSize, restoreDeleted,
                progress, rows, deleted);
    }

    /** The progress listener, or {@code null}. */
    public @Nullable Consumer<? super Progress> progress() {
        return progress;
    }

    /** Rows per chunk of a chunked {@code updateAll}/{@code deleteAll}; 0 when not chunked. */
    public int chunkRows() {
        return chunkRows;
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

    /**
     * Rows per fetch of a portal ({@link #fetchSize(int)}), {@code 0} when Ember chooses, or
     * {@link #FETCH_ALL} after {@link #fetchAll()}.
     */
    public int fetchSize() {
        return fetchSize;
    }

    /** Whether reads go without a portal whatever the subscriber asks for ({@link #fetchAll()}). */
    public boolean isFetchAll() {
        return fetchSize == FETCH_ALL;
    }

    public boolean isRestoreDeleted() {
        return restoreDeleted;
    }

    /** Which soft-deleted rows the call sees: {@link Deleted#EXCLUDED} unless asked. */
    public Deleted deleted() {
        return deleted;
    }

    @Override
    public String toString() {
        return "Options[transaction=" + (transaction != null) + ", skipDefaultFilter=" + skipDefaultFilter
                + ", returning=" + returning + ", force=" + force + ", hardDelete=" + hardDelete + ", fetchSize=" + fetchSize
                + ", restoreDeleted=" + restoreDeleted + ", progress=" + (progress != null) + ", chunkRows=" + chunkRows
                + ", deleted=" + deleted + "]";
    }
}
