package io.ember.r2dbc.repository;

import io.ember.core.application.ManagedRepository;
import io.ember.core.error.InvalidFilterException;
import io.ember.core.error.ReadOnlyException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterPolicy;
import io.ember.core.filter.FilterValidator;
import io.ember.core.filter.Filters;
import io.ember.core.filter.Where;
import io.ember.core.filter.keyset.Keyset;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.RelationKeys;
import io.ember.core.repository.CrudRepository;
import io.ember.core.repository.KeysetPage;
import io.ember.core.repository.Options;
import io.ember.core.repository.Page;
import io.ember.core.repository.Patch;
import io.ember.core.repository.RepositorySettings;
import io.ember.r2dbc.coalesce.PointReads;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.mapping.EntityReader;
import io.ember.r2dbc.mapping.Values;
import io.ember.r2dbc.relation.Inclusions;
import io.ember.r2dbc.sql.Assignment;
import io.ember.r2dbc.sql.ModelSql;
import io.ember.r2dbc.sql.Selection;
import io.ember.r2dbc.sql.SqlStatement;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The PostgreSQL {@link CrudRepository}. Bind it to a model and a datasource; subclass it to add
 * finders of your own:
 *
 * <pre>{@code
 * public final class UserRepository extends DefaultCrudRepository<User, UUID> {
 *     public UserRepository(PostgresDataSource ds) {
 *         super(User.class, ds);
 *     }
 *
 *     public Mono<User> findByEmail(String email) {
 *         return findOne(Filter.of(Where.where("email").eq(email)));
 *     }
 * }
 * }</pre>
 *
 * <p>Filters and patches are checked and the SQL rendered when a method is called, so mistakes
 * throw there; the database is touched only on subscription, again on each subscription. Rows
 * stream as the server sends them. {@code createAll} inserts a chunk of rows per statement
 * ({@code INSERT … SELECT FROM unnest(…)}, one array parameter per column; a chunk of 1,000 rows or
 * more goes as a COPY where the table allows it, see {@code CopyInserts}). A model with a
 * {@code @DeletedAt} property is soft-deleted: reads skip deleted rows, deletes set the timestamp,
 * unless a call skips the default filter or asks for {@link Options#hardDelete()};
 * {@link Options#withDeleted()}/{@link Options#onlyDeleted()} read deleted rows on purpose and
 * {@link #restoreById}/{@link #restoreAll} bring them back. A model with {@code @CreatedBy}/{@code @ModifiedBy}
 * properties gets the acting user from the subscriber's Reactor {@code Context}
 * ({@link io.ember.core.audit.Auditor}) on every write that changes a row; a write without one follows
 * {@link RepositorySettings#anonymousWrites()}. On a datasource
 * that coalesces point reads ({@code coalescePointReads}), concurrent {@code findById} calls outside
 * transactions that would wait for a connection share one {@code WHERE id = ANY($1)} statement.
 *
 * @param <T>  the model type
 * @param <ID> the id type
 */
public class DefaultCrudRepository<T, ID> implements CrudRepository<T, ID>, ManagedRepository {

    private final ModelMetadata<T> model;
    private final PostgresDataSource dataSource;
    private final RepositorySettings settings;
    private final ModelSql<T> sql;
    private final WritePlan<T> plan;
    private final @Nullable Where defaultWhere;
    private final @Nullable PropertyMetadata deletedAt;
    private final EntityReader<T> reader;
    private final List<PropertyMetadata> selectable;
    private final Inserts<T> inserts;
    private final CopyLoad<T> copyLoad;
    private final ChunkedWrites<T> chunked;
    private final Upserts<T> upserts;
    private final Updates<T> updates;
    private final AuditUsers audit;
    private final SoftDeletes<T> softDeletes;
    private final @Nullable SqlStatement[] byIdTemplates = new SqlStatement[2];
    private final AtomicReferenceArray<@Nullable PointReads<T>> pointReads = new AtomicReferenceArray<>(2);

    /** A read-write repository with default settings. */
    public DefaultCrudRepository(Class<T> modelType, PostgresDataSource dataSource) {
        this(modelType, dataSource, RepositorySettings.defaults());
    }

    /**
     * A repository with settings (read-only, default filter, batch size).
     *
     * @throws io.ember.core.model.ModelDefinitionException when the model cannot work
     */
    public DefaultCrudRepository(Class<T> modelType, PostgresDataSource dataSource, RepositorySettings settings) {
        this.model = ModelMetadata.of(Objects.requireNonNull(modelType, "modelType"));
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sql = new ModelSql<>(model);
        this.plan = new WritePlan<>(model);
        this.deletedAt = model.withRole(PropertyMetadata.Role.DELETED_AT);
        this.defaultWhere = Filters.mergeDefault(settings.defaultWhere(),
                deletedAt == null ? null : Where.where(deletedAt.name()).isNull());
        this.selectable = model.selectable();
        this.reader = new EntityReader<>(model, selectable);
        this.audit = new AuditUsers(model, settings.anonymousWrites());
        this.copyLoad = new CopyLoad<>(dataSource, sql, plan, audit);
        this.inserts = new Inserts<>(dataSource, sql, plan, audit, copyLoad, settings.batchSize());
        this.chunked = new ChunkedWrites<>(dataSource, sql);
        this.upserts = new Upserts<>(dataSource, sql, plan, audit, reader);
        this.softDeletes = new SoftDeletes<>(sql, plan, settings.defaultWhere());
        this.updates = new Updates<>(dataSource, reader);
        RelationKeys.checkAll(model);
        dataSource.register(model);
    }

    /** The model's metadata. */
    @Override
    public ModelMetadata<T> model() {
        return model;
    }

    /** The datasource it runs on. */
    @Override
    public PostgresDataSource dataSource() {
        return dataSource;
    }

    /** Its settings. */
    public RepositorySettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Flux<T> find(Filter filter, Options options) {
        Objects.requireNonNull(options, "options");
        filter = FilterValidator.validate(Objects.requireNonNull(filter, "filter"), model, FilterPolicy.internal());
        if (filter.after() != null) {
            throw new InvalidFilterException("after", "a continuation token is read by findKeysetPage or scroll,"
                    + " not by find or findPage");
        }
        List<PropertyMetadata> columns = Selection.columns(model, filter.fields(), "");
        @Nullable Inclusions<T> inclusions = filter.include().isEmpty() ? null
                : Inclusions.plan(model, columns, filter.include());
        if (inclusions != null) {
            columns = inclusions.columns();
        }
        EntityReader<T> rows = columns == selectable ? reader : new EntityReader<>(model, columns);
        SqlStatement statement = sql.select(columns, withDefault(filter.where(), options), filter.order(),
                filter.limit(), filter.skip());
        if (inclusions == null) {
            return query(statement, options, rows);
        }
        int components = model.componentCount();
        return dataSource.withConnection(options.transaction(), c -> inclusions.read(c, statement,
                (row, meta) -> rows.components(row, components), dataSource, options));
    }

    @Override
    public Mono<T> findOne(Filter filter, Options options) {
        return find(Objects.requireNonNull(filter, "filter").limit(1), options).singleOrEmpty();
    }

    @Override
    public Mono<T> findById(ID id, Filter filter, Options options) {
        Objects.requireNonNull(filter, "filter");
        if (filter.equals(Filter.empty())) {
            SqlStatement byId = byIdStatement(id, options);
            if (byId != null) {
                Mono<T> alone = query(byId, options, reader).singleOrEmpty();
                PointReads<T> coalesced = options.transaction() == null ? pointReads(byId, options) : null;
                return coalesced == null ? alone : coalesced.read(byId.binds().get(0), alone);
            }
        }
        return find(filter.withWhere(Filters.mergeDefault(idEquals(id), filter.where())).limit(null).skip(0), options).singleOrEmpty();
    }

    @Override
    public Flux<T> findByIds(Iterable<ID> ids, Options options) {
        Objects.requireNonNull(ids, "ids");
        List<Object> list = new ArrayList<>();
        ids.forEach(id -> list.add(Objects.requireNonNull(id, "ids holds a null")));
        if (list.isEmpty()) {
            Objects.requireNonNull(options, "options");
            return Flux.empty();
        }
        if (model.hasCompositeKey()) {
            List<Where> any = new ArrayList<>(list.size());
            ids.forEach(id -> any.add(idEquals(id)));
            return find(Filter.of(new Where.Or(any)), options);
        }
        return find(Filter.of(Where.where(model.id().name()).inq(list)), options);
    }

    @Override
    public Mono<Boolean> existsById(ID id, Options options) {
        return exists(idEquals(id), options);
    }

    @Override
    public Mono<Long> count(@Nullable Where where, Options options) {
        SqlStatement statement = sql.count(effectiveWhere(where, options));
        return query(statement, options, (row, meta) -> row.get(0, Long.class)).singleOrEmpty();
    }

    @Override
    public Mono<Boolean> exists(@Nullable Where where, Options options) {
        SqlStatement statement = sql.exists(effectiveWhere(where, options));
        return query(statement, options, (row, meta) -> row.get(0, Boolean.class)).singleOrEmpty();
    }

    @Override
    public Mono<Page<T>> findPage(Filter filter, Options options) {
        Flux<T> rows = find(filter, options);
        Mono<Long> total = count(filter.where(), options);
        long start = filter.skip();
        return Mono.zip(rows.collectList(), total)
                .map(t -> new Page<>(t.getT1(), new Page.Range(start, start + t.getT1().size(), t.getT2())));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The statement asks for one row more than the limit, to know whether a next page exists; the
     * tokens are signed with {@link RepositorySettings#keysetSigner()}.
     */
    @Override
    public Mono<KeysetPage<T>> findKeysetPage(Filter filter, Options options) {
        Objects.requireNonNull(options, "options");
        filter = FilterValidator.validate(Objects.requireNonNull(filter, "filter"), model, FilterPolicy.internal());
        Keyset<T> keyset = Keyset.of(model, filter, settings.keysetSigner());
        return KeysetReads.page(sql, dataSource, reader, filter, keyset, withDefault(filter.where(), options), options);
    }

    /**
     * The lookup by id with all visible columns, rendered once per repository (with and without the
     * default filter) and reused with the id as {@code $1}, at most one row (so never a portal);
     * {@code null} when the id is not of the id's exact type, which the general path then converts.
     */
    private @Nullable SqlStatement byIdStatement(ID id, Options options) {
        if (model.hasCompositeKey()) {
            return null;
        }
        Object bound = Values.toDriver(model.id(), Objects.requireNonNull(id, "id"));
        if (bound.getClass() != model.id().kind().driverType()) {
            return null;
        }
        if (options.deleted() != Options.Deleted.EXCLUDED && !options.isSkipDefaultFilter()) {
            return null;
        }
        int slot = options.isSkipDefaultFilter() ? 1 : 0;
        SqlStatement template = byIdTemplates[slot];
        if (template == null) {
            Where where = options.isSkipDefaultFilter() ? idEquals(id) : Filters.mergeDefault(idEquals(id), defaultWhere);
            template = sql.select(selectable, where, List.of(), null, 0).atMost(1);
            byIdTemplates[slot] = template;
        }
        List<Object> binds = template.binds();
        if (binds.size() == 1) {
            return template.withBinds(List.of(bound));
        }
        Object[] copy = binds.toArray();
        copy[0] = bound;
        return template.withBinds(Arrays.asList(copy));
    }

    /**
     * The coalescer of lookups by id of this shape (with or without the default filter), when the
     * datasource coalesces point reads; made on first use from the lookup's {@code id = ANY($1)} form.
     */
    private @Nullable PointReads<T> pointReads(SqlStatement byId, Options options) {
        if (!dataSource.config().coalescePointReads()) {
            return null;
        }
        int slot = options.isSkipDefaultFilter() ? 1 : 0;
        PointReads<T> reads = pointReads.get(slot);
        if (reads == null) {
            Where any = Where.where(model.id().name()).inq(List.of(byId.binds().get(0)));
            SqlStatement template = sql.select(selectable, options.isSkipDefaultFilter() ? any
                    : Filters.mergeDefault(any, defaultWhere), List.of(), null, 0);
            pointReads.compareAndSet(slot, null, new PointReads<>(dataSource, model.id(), reader, template,
                    dataSource.config().coalesceMaxBatch()));
            reads = pointReads.get(slot);
        }
        return reads;
    }

    // ---------------------------------------------------------------- writes

    @Override
    public Mono<T> create(T entity, Options options) {
        checkWritable("create");
        Objects.requireNonNull(options, "options");
        return inserts.one(entity, options);
    }

    /**
     * {@inheritDoc}
     *
     * <p>More than one chunk runs in one transaction (the ambient or named one, else a new one), so
     * the rows are stored all or none. Emits the entities as written, with the generated id,
     * timestamps and version filled in ({@code @Hidden} properties left null); only generated keys
     * are read back.
     */
    @Override
    public Flux<T> createAll(Publisher<T> entities, Options options) {
        Objects.requireNonNull(entities, "entities");
        Objects.requireNonNull(options, "options");
        checkWritable("createAll");
        Flux<T> chunks = inserts.stream(entities, options, "createAll " + model.type().getSimpleName(), inserts::chunk);
        return options.transaction() != null ? chunks : dataSource.transactions().transactional(chunks);
    }

    /**
     * Inserts a stream of entities as {@link #createAll(Publisher, Options)} does (a chunk of
     * {@code batchSize} rows per statement, all in one transaction, memory bounded by two chunks),
     * without returning them: emits the number of rows inserted. For loads too large to return.
     * Cold. With {@link Options#progress}, reports the rows stored after each chunk.
     */
    public Mono<Long> createAllCount(Publisher<T> entities, Options options) {
        Objects.requireNonNull(entities, "entities");
        Objects.requireNonNull(options, "options");
        checkWritable("createAll");
        Mono<Long> count = inserts.stream(entities, options, "createAll " + model.type().getSimpleName(),
                inserts::chunkCount).reduce(0L, Long::sum);
        return options.transaction() != null ? count : dataSource.transactions().transactional(count);
    }

    /**
     * Loads a stream of entities with PostgreSQL's {@code COPY … FROM STDIN} (text format) and emits
     * the number of rows stored. Each entity is filled as {@link #create} fills it (a UUID id
     * generated, {@code @CreatedAt}/{@code @ModifiedAt} set to now, {@code @Version} 0); an identity
     * id and column defaults come from the database; nothing is read back. The source is read as the
     * connection takes the data, so memory stays bounded whatever its length. One COPY statement:
     * all rows or none. It runs in the named or ambient transaction when there is one. When the
     * source fails or the subscriber cancels, the server aborts the COPY and nothing of it is stored;
     * a source error reaches the subscriber unchanged. Cold. With {@link Options#progress}, reports
     * the rows sent so far, and the count stored at the end.
     */
    public Mono<Long> load(Publisher<T> entities, Options options) {
        Objects.requireNonNull(entities, "entities");
        Objects.requireNonNull(options, "options");
        checkWritable("load");
        return copyLoad.load(entities, options, "load " + model.type().getSimpleName());
    }

    /** {@link #load(Publisher, Options)} with default options. */
    public Mono<Long> load(Publisher<T> entities) {
        return load(entities, Options.defaults());
    }

    /** A collection that fits in one chunk is one statement, without a transaction around it. */
    @Override
    public Flux<T> createAll(Iterable<T> entities, Options options) {
        Objects.requireNonNull(entities, "entities");
        if (entities instanceof Collection<T> collection && collection.size() <= inserts.chunkSize()) {
            Objects.requireNonNull(options, "options");
            checkWritable("createAll");
            return collection.isEmpty() ? Flux.empty() : inserts.chunk(List.copyOf(collection), options);
        }
        return createAll(Flux.fromIterable(entities), options);
    }

    @Override
    public Mono<T> updateById(ID id, Patch patch, Options options) {
        checkWritable("updateById");
        List<Assignment> assignments = plan.assignments(patch, WritePlan.now());
        Where where = idEquals(id);
        Long expected = patch.expectedVersion();
        if (expected != null) {
            where = Filters.mergeDefault(where, versionEquals(expected, "updateById"));
        }
        SqlStatement statement = sql.update(assignments, effectiveWhere(where, options), returning(options));
        Mono<Boolean> exists = expected == null ? Mono.empty() : existsById(id, options);
        return audit.mono("updateById", user -> expected == null
                ? updates.one(audit.fill(statement, user), assignments, options)
                : updates.versioned(audit.fill(statement, user), assignments, describe(id), expected, exists, options));
    }

    @Override
    public Mono<Long> updateAll(Patch patch, @Nullable Where where, Options options) {
        List<Assignment> assignments = updateAllAssignments(patch, where, options);
        if (options.chunkRows() > 0) {
            chunked.check("updateAll");
            Where effective = effectiveWhere(where, options);
            return audit.mono("updateAll", user -> chunked.run(effective, options,
                    "updateAll " + model.type().getSimpleName(),
                    range -> updates.count(audit.fill(sql.update(assignments, range, null), user), assignments, options)));
        }
        SqlStatement statement = sql.update(assignments, effectiveWhere(where, options), null);
        return audit.mono("updateAll", user -> updates.count(audit.fill(statement, user), assignments, options));
    }

    @Override
    public Flux<T> updateAllReturning(Patch patch, @Nullable Where where, Options options) {
        List<Assignment> assignments = updateAllAssignments(patch, where, options);
        SqlStatement statement = sql.update(assignments, effectiveWhere(where, options), selectable);
        return audit.flux("updateAll", user -> updates.rows(audit.fill(statement, user), assignments, options));
    }

    private List<Assignment> updateAllAssignments(Patch patch, @Nullable Where where, Options options) {
        checkWritable("updateAll");
        Objects.requireNonNull(patch, "patch");
        if (patch.expectedVersion() != null) {
            throw new IllegalArgumentException("Patch.expectVersion applies to updateById; updateAll changes rows of "
                    + "any version (name the version in the where to mean one)");
        }
        checkWhere(where, options, "updateAll");
        return plan.assignments(patch, WritePlan.now());
    }

    @Override
    public Mono<T> replaceById(ID id, T entity, Options options) {
        checkWritable("replaceById");
        List<Assignment> assignments = plan.replacement(entity, WritePlan.now());
        PropertyMetadata version = plan.version();
        if (version == null) {
            SqlStatement statement = sql.update(assignments, effectiveWhere(idEquals(id), options), returning(options));
            return audit.mono("replaceById", user -> updates.one(audit.fill(statement, user), assignments, options));
        }
        Object expected = Objects.requireNonNull(version.get(entity), "version");
        Where where = Filters.mergeDefault(idEquals(id), Where.where(version.name()).eq(expected));
        SqlStatement statement = sql.update(assignments, effectiveWhere(where, options), returning(options));
        Mono<Boolean> exists = existsById(id, options);
        return audit.mono("replaceById", user -> updates.versioned(audit.fill(statement, user), assignments,
                describe(id), expected, exists, options));
    }

    @Override
    public Mono<T> upsert(T entity, Options options) {
        return upsert(entity, List.of(), options);
    }

    @Override
    public Mono<T> upsert(T entity, List<String> conflictProperties, Options options) {
        checkWritable("upsert");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(conflictProperties, "conflictProperties");
        if (conflictProperties.isEmpty() && model.id().get(entity) == null && model.idStrategy() == IdStrategy.IDENTITY) {
            return create(entity, options);   // no id to conflict on: the database generates a new one
        }
        return upserts.upsert(entity, upserts.target(conflictProperties), options);
    }

    @Override
    public Mono<T> deleteById(ID id, Options options) {
        checkWritable("deleteById");
        Where where = effectiveWhere(idEquals(id), options);
        SqlStatement statement = deleteStatement(where, returning(options), options);
        return stamped(options) ? audit.mono("deleteById", user -> write(audit.fill(statement, user), options))
                : write(statement, options);
    }

    @Override
    public Mono<Long> deleteAll(@Nullable Where where, Options options) {
        checkWritable("deleteAll");
        checkWhere(where, options, "deleteAll");
        if (options.chunkRows() > 0) {
            chunked.check("deleteAll");
            Where effective = effectiveWhere(where, options);
            Function<@Nullable Object, Mono<Long>> walk = user -> chunked.run(effective, options,
                    "deleteAll " + model.type().getSimpleName(),
                    range -> execute(audit.fill(deleteStatement(range, null, options), user), options));
            return stamped(options) ? audit.mono("deleteAll", walk) : walk.apply(null);
        }
        SqlStatement statement = deleteStatement(effectiveWhere(where, options), null, options);
        return stamped(options) ? audit.mono("deleteAll", user -> execute(audit.fill(statement, user), options))
                : execute(statement, options);
    }

    @Override
    public Flux<T> deleteAllReturning(@Nullable Where where, Options options) {
        checkWritable("deleteAll");
        checkWhere(where, options, "deleteAll");
        SqlStatement statement = deleteStatement(effectiveWhere(where, options), selectable, options);
        return stamped(options)
                ? audit.flux("deleteAll", user -> query(audit.fill(statement, user), options, reader))
                : query(statement, options, reader);
    }

    /** Whether a delete statement is a soft delete that stamps the acting user ({@code @ModifiedBy}). */
    private boolean stamped(Options options) {
        return deletedAt != null && !options.isHardDelete() && audit.active();
    }

    @Override
    public Mono<T> restoreById(ID id, Options options) {
        checkWritable("restoreById");
        SqlStatement statement = softDeletes.restore(restoreWhere(idEquals(id), options, "restoreById"), returning(options));
        return audit.mono("restoreById", user -> write(audit.fill(statement, user), options));
    }

    @Override
    public Mono<Long> restoreAll(@Nullable Where where, Options options) {
        checkWritable("restoreAll");
        checkWhere(where, options, "restoreAll");
        Where restorable = restoreWhere(where, options, "restoreAll");
        if (options.chunkRows() > 0) {
            chunked.check("restoreAll");
            return audit.mono("restoreAll", user -> chunked.run(restorable, options,
                    "restoreAll " + model.type().getSimpleName(),
                    range -> execute(audit.fill(softDeletes.restore(range, null), user), options)));
        }
        SqlStatement statement = softDeletes.restore(restorable, null);
        return audit.mono("restoreAll", user -> execute(audit.fill(statement, user), options));
    }

    /** The caller's where, validated, within the repository's scope unless skipped, on deleted rows only. */
    private Where restoreWhere(@Nullable Where where, Options options, String operation) {
        Where checked = where == null ? null : FilterValidator.validateWhere(where, model, FilterPolicy.internal());
        return softDeletes.restorable(checked, options, operation);
    }

    private SqlStatement deleteStatement(@Nullable Where where, @Nullable List<PropertyMetadata> returning,
                                         Options options) {
        if (deletedAt == null || options.isHardDelete()) {
            return sql.delete(where, returning);
        }
        Instant now = WritePlan.now();
        List<Assignment> assignments = new ArrayList<>();
        assignments.add(new Assignment.Set(deletedAt,
                Values.toDriver(deletedAt, WritePlan.timestamp(deletedAt, now))));
        plan.addAutomatic(assignments, java.util.Set.of(), now);
        return sql.update(assignments, Filters.mergeDefault(where, Where.where(deletedAt.name()).isNull()), returning);
    }

    // ---------------------------------------------------------------- for subclasses

    /** Runs a query on this repository's datasource, joining the call's or the ambient transaction. */
    protected final <R> Flux<R> query(SqlStatement statement, Options options,
                                      BiFunction<Row, RowMetadata, ? extends R> mapper) {
        return Statements.query(dataSource, statement, options, mapper);
    }

    /** Runs a statement and emits the number of rows it changed. */
    protected final Mono<Long> execute(SqlStatement statement, Options options) {
        return Statements.execute(dataSource, statement, options);
    }

    /** The SQL renderer of this model, for finders that need more than a filter. */
    protected final ModelSql<T> sql() {
        return sql;
    }

    /** The reader that maps a row of all visible columns, in {@code model().selectable()} order. */
    protected final EntityReader<T> reader() {
        return reader;
    }

    // ---------------------------------------------------------------- helpers

    private Mono<T> write(SqlStatement statement, Options options) {
        if (options.isReturning()) {
            return query(statement, options, reader).singleOrEmpty();
        }
        return execute(statement, options).then(Mono.empty());
    }

    private String describe(ID id) {
        return model.type().getSimpleName() + " " + id;
    }

    private Where versionEquals(long expected, String operation) {
        PropertyMetadata version = plan.version();
        if (version == null) {
            throw new IllegalArgumentException(operation + ": Patch.expectVersion needs a @Version property, which "
                    + model.type().getSimpleName() + " does not have");
        }
        return Where.where(version.name()).eq(expected);
    }

    private @Nullable List<PropertyMetadata> returning(Options options) {
        return options.isReturning() ? selectable : null;
    }

    /** {@code id = $1}; for a composite key the id is a {@code List} of its values in key order. */
    private Where idEquals(ID id) {
        Objects.requireNonNull(id, "id");
        if (!model.hasCompositeKey()) {
            return Where.where(model.id().name()).eq(id);
        }
        List<PropertyMetadata> key = model.key();
        if (!(id instanceof List<?> values) || values.size() != key.size()) {
            throw new IllegalArgumentException("the id of " + model.type().getSimpleName() + " is a List of "
                    + key.stream().map(PropertyMetadata::name).toList() + ", was " + id);
        }
        List<Where> parts = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            parts.add(Where.where(key.get(i).name()).eq(Objects.requireNonNull(values.get(i), "id component")));
        }
        return new Where.And(parts);
    }

    /** The call's where, validated, with the default filter ANDed unless the call skips it. */
    private @Nullable Where effectiveWhere(@Nullable Where where, Options options) {
        return withDefault(where == null ? null : FilterValidator.validateWhere(where, model, FilterPolicy.internal()),
                options);
    }

    /**
     * The where with the default filter ANDed: the repository's scope and soft delete's
     * {@code deletedAt IS NULL}, which {@link Options#withDeleted()} drops and {@link Options#onlyDeleted()}
     * turns into {@code IS NOT NULL}; nothing with {@link Options#skipDefaultFilter()}.
     */
    private @Nullable Where withDefault(@Nullable Where checked, Options options) {
        Objects.requireNonNull(options, "options");
        if (options.isSkipDefaultFilter()) {
            return checked;
        }
        return options.deleted() == Options.Deleted.EXCLUDED ? Filters.mergeDefault(defaultWhere, checked)
                : softDeletes.visible(options.deleted(), checked);
    }

    private void checkWritable(String operation) {
        if (settings.readOnly()) {
            throw new ReadOnlyException("The " + model.type().getSimpleName() + " repository is read-only: "
                    + operation + " refused");
        }
    }

    private void checkWhere(@Nullable Where where, Options options, String operation) {
        Objects.requireNonNull(options, "options");
        WhereGuard.check(operation, where, options, settings.defaultWhere(), model);
    }
}
