package io.ember.r2dbc.repository;

import io.ember.core.audit.AnonymousWrites;
import io.ember.core.audit.Auditor;
import io.ember.core.error.AnonymousWriteException;
import io.ember.core.error.AuditUserException;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.PropertyMetadata.Role;
import io.ember.r2dbc.mapping.Values;
import io.ember.r2dbc.sql.SqlStatement;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The acting user of a repository's writes, for a model with {@code @CreatedBy}/{@code @ModifiedBy}
 * properties. A write is checked and rendered when it is called, with a {@link Slot} where the user
 * goes (an insert's audit columns, a {@code SET "modified_by"}); on subscription the user is read from
 * the subscriber's {@code Context} ({@link Auditor#KEY}), checked, and put into the slots. A model
 * without audit properties runs its writes as they are, without reading the {@code Context}.
 */
final class AuditUsers {

    /** Where a user's value goes: in a row of model values, or as one bind value. */
    record Slot(PropertyMetadata property) {
    }

    /** Where a column of users goes: the array bind of an {@code unnest} insert of {@code rows} rows. */
    record ColumnSlot(PropertyMetadata property, int rows) {
    }

    private final ModelMetadata<?> model;
    private final @Nullable PropertyMetadata createdBy;
    private final @Nullable PropertyMetadata modifiedBy;
    private final AnonymousWrites anonymous;

    AuditUsers(ModelMetadata<?> model, AnonymousWrites anonymous) {
        this.model = model;
        this.createdBy = model.withRole(Role.CREATED_BY);
        this.modifiedBy = model.withRole(Role.MODIFIED_BY);
        this.anonymous = anonymous;
    }

    /** Whether the model has an audit property, so its writes read the acting user. */
    boolean active() {
        return createdBy != null || modifiedBy != null;
    }

    /**
     * The write for the subscriber's acting user ({@code null} when there is none and anonymous writes
     * are allowed); when they are refused, or the user has the wrong type, an error and no statement.
     * For a model without audit properties, the write itself.
     */
    <R> Mono<R> mono(String operation, Function<@Nullable Object, Mono<R>> write) {
        if (!active()) {
            return write.apply(null);
        }
        return Mono.deferContextual(context -> write.apply(user(context, operation)));
    }

    /** As {@link #mono}, for a write that emits many values. */
    <R> Flux<R> flux(String operation, Function<@Nullable Object, Flux<R>> write) {
        if (!active()) {
            return write.apply(null);
        }
        return Flux.deferContextual(context -> write.apply(user(context, operation)));
    }

    /** The statement with its slots filled with the user's driver value; the same statement when it has none. */
    SqlStatement fill(SqlStatement statement, @Nullable Object user) {
        if (!active()) {
            return statement;
        }
        List<Object> binds = statement.binds();
        List<Object> out = null;
        for (int i = 0; i < binds.size(); i++) {
            Object bind = binds.get(i);
            Object filled = bind instanceof Slot s ? Values.toDriver(s.property(), user)
                    : bind instanceof ColumnSlot c ? column(c, user) : bind;
            if (filled != bind) {
                if (out == null) {
                    out = new ArrayList<>(binds);
                }
                out.set(i, filled);
            }
        }
        return out == null ? statement : statement.withBinds(out);
    }

    /** A row of model values with its slots replaced by the user, in place. */
    static Object[] fill(Object[] values, @Nullable Object user) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Slot) {
                values[i] = user;
            }
        }
        return values;
    }

    private static Object column(ColumnSlot slot, @Nullable Object user) {
        PropertyMetadata p = slot.property();
        Object array = Array.newInstance(p.kind().driverType(), slot.rows());
        if (user != null) {
            Object value = Values.scalar(p.kind(), user);
            for (int i = 0; i < slot.rows(); i++) {
                Array.set(array, i, value);
            }
        }
        return array;
    }

    private @Nullable Object user(ContextView context, String operation) {
        Optional<Object> found = Auditor.user(context);
        if (found.isEmpty()) {
            if (anonymous == AnonymousWrites.REFUSE) {
                throw new AnonymousWriteException(operation + " of " + model.type().getSimpleName()
                        + " refused: no acting user in the Reactor Context (contextWrite(Auditor.withUser(...)))"
                        + " and the repository refuses anonymous writes (AnonymousWrites.REFUSE); nothing was written");
            }
            return null;
        }
        Object user = found.get();
        check(user, createdBy, operation);
        check(user, modifiedBy, operation);
        return user;
    }

    private void check(Object user, @Nullable PropertyMetadata property, String operation) {
        if (property != null && !property.type().isInstance(user)) {
            throw new AuditUserException(operation + " of " + model.type().getSimpleName() + " refused: the acting"
                    + " user in the Reactor Context is a " + user.getClass().getName() + ", but "
                    + model.type().getSimpleName() + "." + property.name() + " is a " + property.type().getName()
                    + "; nothing was written");
        }
    }
}
