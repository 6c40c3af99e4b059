package io.ember.core.filter.keyset;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Filter;
import io.ember.core.filter.FilterWriter;
import io.ember.core.filter.Order;
import io.ember.core.filter.PropertyPath;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The keyset of a read: the filter's order plus the model's id as tie-breaker (so the key is unique),
 * and the position a continuation token names. A page is the rows after that position in this
 * order; the token of the next page names the last row of this one. Tokens are signed by a
 * {@link KeysetSigner} over the model, the order, the filter's where and the key values, so a token
 * is accepted only by the query that issued it; anything else (forged, altered, truncated, from
 * another model, order, filter or key) is an {@link InvalidFilterException} at {@code after}.
 *
 * <p>Keys are plain properties of ordered kinds (text, numbers, booleans, UUIDs, timestamps, dates,
 * enums); JSON paths, arrays, jsonb, bytea and {@code @Hidden} properties (whose values would travel in
 * the token) are refused at {@code order[i]}. Immutable.
 *
 * @param <T> the model type
 */
public final class Keyset<T> {

    private static final String VERSION = "ember-keyset-v1";

    private final ModelMetadata<T> model;
    private final List<Key> keys;
    private final KeysetSigner signer;
    private final String orderText;
    private final String whereText;
    private final @Nullable List<@Nullable Object> after;

    /**
     * One key of the order.
     *
     * @param property   the property
     * @param descending whether the order is descending
     * @param nullsFirst whether NULLs come first (PostgreSQL's default: last when ascending, first when
     *                   descending, unless the order says NULLS FIRST/LAST)
     * @param nullable   whether the column may hold NULL (never for the id)
     */
    public record Key(PropertyMetadata property, boolean descending, boolean nullsFirst, boolean nullable) {
    }

    private Keyset(ModelMetadata<T> model, List<Key> keys, KeysetSigner signer, String whereText,
                   @Nullable String token) {
        this.model = model;
        this.keys = List.copyOf(keys);
        this.signer = signer;
        this.whereText = whereText;
        StringJoiner order = new StringJoiner(",");
        keys.forEach(k -> order.add(k.property().name() + (k.descending() ? " DESC" : " ASC")
                + (k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST")));
        this.orderText = order.toString();
        this.after = token == null ? null : KeysetTokens.decode(token, this);
    }

    /**
     * The keyset of a validated filter: its order, then the id unless the order names it (in the
     * direction of the last key), and the position of its {@code after} token.
     *
     * @throws InvalidFilterException when the filter has no positive limit, skips rows, orders by
     *                                something that is not a plain ordered property, or carries a
     *                                token this query did not issue
     */
    public static <T> Keyset<T> of(ModelMetadata<T> model, Filter filter, KeysetSigner signer) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(signer, "signer");
        if (filter.limit() == null || filter.limit() < 1) {
            throw new InvalidFilterException("limit", "a keyset page needs a limit of at least 1 (the page size)");
        }
        if (filter.skip() != 0) {
            throw new InvalidFilterException("skip", "keyset paging does not skip rows; continue with the"
                    + " 'next' token of the previous page");
        }
        if (model.hasCompositeKey()) {
            throw new InvalidFilterException("order", "keyset paging needs a single-column id; "
                    + model.type().getSimpleName() + " has a composite key");
        }
        List<Key> keys = new ArrayList<>();
        boolean id = false;
        for (int i = 0; i < filter.order().size(); i++) {
            Order order = filter.order().get(i);
            String path = "order[" + i + "]";
            PropertyMetadata p = property(model, order.path(), path);
            boolean desc = order.direction() == Order.Direction.DESC;
            boolean nullsFirst = order.nulls() == Order.Nulls.DEFAULT ? desc : order.nulls() == Order.Nulls.FIRST;
            keys.add(new Key(p, desc, nullsFirst, p.nullable() && !p.isId()));
            id |= p.isId();
        }
        if (!id) {
            boolean desc = !keys.isEmpty() && keys.get(keys.size() - 1).descending();
            keys.add(new Key(model.id(), desc, desc, false));
        }
        Where w = filter.where();
        String where = w == null ? "" : FilterWriter.toJson(w).toString();
        return new Keyset<>(model, keys, signer, where, filter.after());
    }

    private static PropertyMetadata property(ModelMetadata<?> model, String name, String path) {
        PropertyPath parsed = PropertyPath.parse(name, path);
        PropertyMetadata p = model.property(parsed.property());
        if (p == null) {
            throw new InvalidFilterException(path, "unknown property '" + parsed.property() + "'");
        }
        if (parsed.isJson() || p.isArray() || p.kind() == ValueKind.JSON || p.kind() == ValueKind.BYTES) {
            throw new InvalidFilterException(path, "keyset paging orders by plain properties of ordered types;"
                    + " '" + name + "' is not one");
        }
        if (p.hidden()) {
            throw new InvalidFilterException(path, "keyset paging cannot order by the @Hidden property '" + name
                    + "': its values would travel in the continuation token");
        }
        return p;
    }

    /** The keys in order, the id last unless the filter's order named it earlier. */
    public List<Key> keys() {
        return keys;
    }

    /** The key values of the row the page starts after, typed as the properties; {@code null} on the first page. */
    public @Nullable List<@Nullable Object> after() {
        return after;
    }

    /** The continuation token naming this row (the last of a page) for the same query. */
    public String tokenAfter(T row) {
        List<@Nullable Object> values = new ArrayList<>(keys.size());
        for (Key key : keys) {
            values.add(key.property().get(row));
        }
        return KeysetTokens.encode(values, this);
    }

    ModelMetadata<T> model() {
        return model;
    }

    /** What a token's signature covers besides its values. */
    String[] signed(String values) {
        return new String[] {VERSION, model.type().getName(), orderText, whereText, values};
    }

    KeysetSigner signer() {
        return signer;
    }
}
