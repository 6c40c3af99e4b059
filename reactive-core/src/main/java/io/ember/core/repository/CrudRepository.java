package io.ember.core.repository;

import io.ember.core.filter.Filter;
import io.ember.core.filter.Where;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Type-safe CRUD over one model. Every publisher is cold: nothing touches the database until it
 * is subscribed, and each subscription runs the statement again. A call joins the transaction its
 * {@link Options} name, else the ambient one in the subscriber's Reactor {@code Context}, else runs
 * on a connection of its own that goes back to the pool on complete, error and cancel.
 *
 * <p>Argument mistakes (a null entity, an unknown property in a patch, a write on a read-only
 * repository, an update or delete of every row without {@link Options#force()}) throw at
 * call time. Everything the database says arrives as {@code onError}, typed by
 * {@link io.ember.core.error}.
 *
 * @param <T>  the model type
 * @param <ID> the id type
 */
public interface CrudRepository<T, ID> {

    /**
     * The rows that match the filter, in its order, streamed as they arrive. With inclusions, the
     * rows come in chunks, each completed with its related rows (see {@code docs/relations.md}).
     */
    Flux<T> find(Filter filter, Options options);

    default Flux<T> find(Filter filter) {
        return find(filter, Options.defaults());
    }

    /** Every row (the default filter still applies), streamed as they arrive. */
    default Flux<T> find() {
        return find(Filter.empty(), Options.defaults());
    }

    /**
     * The rows with these ids, with one statement ({@code WHERE id = ANY($1)}) whatever their number,
     * in no particular order; ids without a row are skipped. An empty collection completes at once.
     */
    Flux<T> findByIds(Iterable<ID> ids, Options options);

    default Flux<T> findByIds(Iterable<ID> ids) {
        return findByIds(ids, Options.defaults());
    }

    /** The first row that matches the filter, or empty. */
    Mono<T> findOne(Filter filter, Options options);

    default Mono<T> findOne(Filter filter) {
        return findOne(filter, Options.defaults());
    }

    /**
     * The row with that id, or empty. The filter may select fields and include relations; its where is
     * ANDed. For a model with a composite key, the id is a {@code List} of the key's values in order.
     */
    Mono<T> findById(ID id, Filter filter, Options options);

    default Mono<T> findById(ID id) {
        return findById(id, Filter.empty(), Options.defaults());
    }

    default Mono<T> findById(ID id, Filter filter) {
        return findById(id, filter, Options.defaults());
    }

    /** The number of rows that match ({@code null} for all). */
    Mono<Long> count(@Nullable Where where, Options options);

    default Mono<Long> count(@Nullable Where where) {
        return count(where, Options.defaults());
    }

    /** The number of rows (the default filter still applies). */
    default Mono<Long> count() {
        return count(null, Options.defaults());
    }

    /** Whether any row matches ({@code null} for any row at all). */
    Mono<Boolean> exists(@Nullable Where where, Options options);

    default Mono<Boolean> exists(@Nullable Where where) {
        return exists(where, Options.defaults());
    }

    /** Whether a row with that id exists (and passes the default filter). */
    Mono<Boolean> existsById(ID id, Options options);

    default Mono<Boolean> existsById(ID id) {
        return existsById(id, Options.defaults());
    }

    /** One page of rows and its range: rows {@code skip} to {@code skip + size} of the total that match. */
    Mono<Page<T>> findPage(Filter filter, Options options);

    default Mono<Page<T>> findPage(Filter filter) {
        return findPage(filter, Options.defaults());
    }

    /**
     * One keyset page: at most the filter's {@code limit} rows after the row its {@code after} token
     * names (from the start without one), in the filter's order plus the id as tie-breaker, and the
     * token of the next page ({@code null} after the last). No connection is held between pages; rows
     * inserted behind the position are never seen, rows inserted ahead may be, none twice. Inclusions
     * and field selections apply to each page (the order's properties are read even when the fields
     * leave them out). See {@code docs/streaming.md}.
     *
     * @throws io.ember.core.error.InvalidFilterException at call time when the filter has no limit,
     *         skips rows, orders by a JSON path or a non-ordered property, or carries a token that
     *         this repository did not issue for this model, order and where (forged, altered, truncated
     *         or foreign)
     */
    Mono<KeysetPage<T>> findKeysetPage(Filter filter, Options options);

    default Mono<KeysetPage<T>> findKeysetPage(Filter filter) {
        return findKeysetPage(filter, Options.defaults());
    }

    /**
     * Every row that matches the filter, page by page ({@link #findKeysetPage}, the filter's
     * {@code limit} rows per statement, starting after its {@code after} token if any). Each page is
     * read on a connection of its own (or in the call's transaction), so a long walk holds no
     * connection and no snapshot between pages. Cold; pages are read as the subscriber asks for rows,
     * at most one page ahead, so a slow subscriber holds at most about two pages in memory.
     *
     * @throws io.ember.core.error.InvalidFilterException at call time, as {@link #findKeysetPage}
     */
    default Flux<T> scroll(Filter filter, Options options) {
        return findKeysetPage(filter, options)
                .expand(page -> page.next() == null ? Mono.empty() : findKeysetPage(filter.after(page.next()), options))
                .concatMapIterable(KeysetPage::rows, 1);
    }

    default Flux<T> scroll(Filter filter) {
        return scroll(filter, Options.defaults());
    }

    /** Inserts one entity and emits the stored row (generated id, timestamps and defaults filled in). */
    Mono<T> create(T entity, Options options);

    default Mono<T> create(T entity) {
        return create(entity, Options.defaults());
    }

    /**
     * Inserts many entities with one statement per chunk of rows (the repository's batch size), never
     * one per row, and emits the stored rows in input order. A publisher is consumed chunk by chunk.
     */
    Flux<T> createAll(Publisher<T> entities, Options options);

    default Flux<T> createAll(Publisher<T> entities) {
        return createAll(entities, Options.defaults());
    }

    default Flux<T> createAll(Iterable<T> entities) {
        return createAll(Flux.fromIterable(entities), Options.defaults());
    }

    default Flux<T> createAll(Iterable<T> entities, Options options) {
        return createAll(Flux.fromIterable(entities), options);
    }

    /**
     * Writes the patch to the row with that id and emits the updated row, or empty when there is none.
     * With {@link Patch#expectVersion(long)}, a row at another version fails with an
     * {@link io.ember.core.error.OptimisticLockException} and is left unchanged.
     */
    Mono<T> updateById(ID id, Patch patch, Options options);

    default Mono<T> updateById(ID id, Patch patch) {
        return updateById(id, patch, Options.defaults());
    }

    /**
     * Writes the patch to every row that matches and emits how many changed. A where that matches
     * every row ({@code null}, empty, or always true such as {@code nin []}) needs
     * {@link Options#force()}, unless the repository's default where limits the rows.
     */
    Mono<Long> updateAll(Patch patch, @Nullable Where where, Options options);

    default Mono<Long> updateAll(Patch patch, @Nullable Where where) {
        return updateAll(patch, where, Options.defaults());
    }

    /**
     * As {@link #updateAll(Patch, Where, Options)}, but emits the updated rows ({@code RETURNING}); their
     * number is the count. The where is checked as there.
     */
    Flux<T> updateAllReturning(Patch patch, @Nullable Where where, Options options);

    default Flux<T> updateAllReturning(Patch patch, @Nullable Where where) {
        return updateAllReturning(patch, where, Options.defaults());
    }

    /**
     * Replaces every stored property of the row with that id by the entity's, emits the row, or empty
     * when there is none. A {@code @Version} model's row must be at the entity's version, else an
     * {@link io.ember.core.error.OptimisticLockException}. A {@code @Hidden} property whose value is
     * {@code null} is left as stored (reads return it null); a non-null value is written.
     */
    Mono<T> replaceById(ID id, T entity, Options options);

    default Mono<T> replaceById(ID id, T entity) {
        return replaceById(id, entity, Options.defaults());
    }

    /**
     * Inserts the entity, or on a conflict of its id updates the existing row; emits the stored row.
     * The update keeps the model's rules: a {@code @Version} model's row must be at the entity's
     * version (else {@link io.ember.core.error.OptimisticLockException}, nothing written) and its
     * version is incremented; a soft-deleted row is not revived unless the options say
     * {@link Options#restoreDeleted()} (else {@link io.ember.core.error.UniqueViolationException},
     * nothing written); a {@code @Hidden} property whose value is {@code null} keeps its stored value;
     * the creation time is kept and the modification time set. With {@code returning(false)} it
     * completes empty, failing the same way.
     */
    Mono<T> upsert(T entity, Options options);

    default Mono<T> upsert(T entity) {
        return upsert(entity, Options.defaults());
    }

    /**
     * As {@link #upsert(Object, Options)}, with the conflict on other properties than the id: a
     * unique property or a set of them ({@code List.of("email")}), which a unique constraint or index
     * of the table must cover. The existing row keeps its id.
     */
    Mono<T> upsert(T entity, List<String> conflictProperties, Options options);

    default Mono<T> upsert(T entity, List<String> conflictProperties) {
        return upsert(entity, conflictProperties, Options.defaults());
    }

    /** Deletes the row with that id and emits it, or empty when there is none. */
    Mono<T> deleteById(ID id, Options options);

    default Mono<T> deleteById(ID id) {
        return deleteById(id, Options.defaults());
    }

    /**
     * Deletes every row that matches and emits how many. A where that matches every row needs
     * {@link Options#force()}, as for {@link #updateAll(Patch, Where, Options)}.
     */
    Mono<Long> deleteAll(@Nullable Where where, Options options);

    default Mono<Long> deleteAll(@Nullable Where where) {
        return deleteAll(where, Options.defaults());
    }

    /**
     * As {@link #deleteAll(Where, Options)}, but emits the deleted rows (soft-deleted ones with their
     * deletion time); their number is the count.
     */
    Flux<T> deleteAllReturning(@Nullable Where where, Options options);

    default Flux<T> deleteAllReturning(@Nullable Where where) {
        return deleteAllReturning(where, Options.defaults());
    }

    /**
     * Restores the soft-deleted row with that id ({@code @DeletedAt} back to NULL, the modification
     * time, user and version moved on as by an update) and emits it as restored; completes empty when
     * no deleted row has that id (a live row or a missing one: nothing changes). The repository's own
     * {@code defaultWhere} still applies unless {@link Options#skipDefaultFilter()}.
     *
     * @throws IllegalArgumentException at call time when the model has no {@code @DeletedAt} property
     */
    Mono<T> restoreById(ID id, Options options);

    default Mono<T> restoreById(ID id) {
        return restoreById(id, Options.defaults());
    }

    /**
     * Restores every soft-deleted row that matches and emits how many (0 when none is deleted). A
     * where that matches every row needs {@link Options#force()}, as for
     * {@link #updateAll(Patch, Where, Options)}.
     *
     * @throws IllegalArgumentException at call time when the model has no {@code @DeletedAt} property
     */
    Mono<Long> restoreAll(@Nullable Where where, Options options);

    default Mono<Long> restoreAll(@Nullable Where where) {
        return restoreAll(where, Options.defaults());
    }
}
