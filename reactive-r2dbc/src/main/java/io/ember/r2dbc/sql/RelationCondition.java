package io.ember.r2dbc.sql;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.Names;
import io.ember.core.model.PropertyMetadata;
import io.ember.core.model.RelationKeys;
import io.ember.core.model.RelationMetadata;
import java.util.Objects;

/**
 * Renders a {@link Where.Relation} as a correlated subquery on the related model, aliased
 * {@code "ember_rel<n>"} (and its junction {@code "ember_link<n>"}) for the n-th level of nesting:
 *
 * <pre>{@code
 * some w     EXISTS (SELECT 1 FROM "posts" AS "ember_rel1" WHERE "ember_rel1"."author_id" = "users"."id"
 *                    AND "ember_rel1"."deleted_at" IS NULL AND (w))
 * none w     NOT EXISTS (… AND (w))
 * every w    NOT EXISTS (… AND (w) IS NOT TRUE)      a row where w is NULL fails; TRUE without rows
 * is w       EXISTS (… AND (w))          is null     NOT EXISTS (…)
 * isNot w    NOT EXISTS (… AND (w))      isNot null  EXISTS (…)
 * }</pre>
 *
 * A relation through a junction joins the junction to the target ({@code FROM "post_tags" AS
 * "ember_link1" JOIN "tags" AS "ember_rel1" ON …}); the soft delete of the target and of the junction
 * applies inside. Identifiers come from model metadata only; the values of {@code w} are parameters.
 */
final class RelationCondition {

    private RelationCondition() {
    }

    /**
     * @param model the model the relation belongs to
     * @param self  how the subquery refers to the parent's row (its table or alias)
     * @param level how many relation subqueries enclose this one
     * @param path  the condition's path in the filter, for errors
     */
    static void render(ModelMetadata<?> model, String self, int level, Where.Relation r, SqlBuilder out, String path) {
        RelationMetadata relation = model.relation(r.relation());
        if (relation == null) {
            throw new InvalidFilterException(path, "unknown relation '" + r.relation() + "' of "
                    + model.type().getSimpleName());
        }
        Where where = r.where();
        boolean empty = where == null || where.isEmpty();
        boolean exists;
        boolean failing = false;
        switch (r.quantifier()) {
            case SOME -> exists = true;
            case NONE -> exists = false;
            case EVERY -> {
                if (empty) {
                    out.append("TRUE"); // no related row can fail an empty condition
                    return;
                }
                exists = false;
                failing = true;
            }
            case IS -> exists = where != null;
            default -> exists = where == null; // IS_NOT
        }
        RelationKeys keys = RelationKeys.of(model, relation);
        String alias = Names.quote("ember_rel" + (level + 1));
        out.append(exists ? "EXISTS (SELECT 1 FROM " : "NOT EXISTS (SELECT 1 FROM ");
        from(keys, alias, Names.quote("ember_link" + (level + 1)), self, out);
        PropertyMetadata deletedAt = keys.target().withRole(PropertyMetadata.Role.DELETED_AT);
        if (deletedAt != null) {
            out.append(" AND ").append(alias).append('.').append(Columns.quoted(deletedAt)).append(" IS NULL");
        }
        if (!empty) {
            out.append(" AND (");
            new WhereRenderer(keys.target(), out, alias, alias, level + 1).render(where, path);
            out.append(failing ? ") IS NOT TRUE" : ")");
        }
        out.append(')');
    }

    /** The FROM list and the correlation, up to the end of the correlating condition. */
    private static void from(RelationKeys keys, String alias, String link, String self, SqlBuilder out) {
        String parentKey = self + "." + Columns.quoted(keys.parentKey());
        ModelMetadata<?> junction = keys.through();
        if (junction == null) {
            out.append(keys.target().qualifiedTable()).append(" AS ").append(alias).append(" WHERE ").append(alias)
                    .append('.').append(Columns.quoted(keys.childKey())).append(" = ").append(parentKey);
            return;
        }
        PropertyMetadata throughTarget = Objects.requireNonNull(keys.throughTarget());
        out.append(junction.qualifiedTable()).append(" AS ").append(link).append(" JOIN ")
                .append(keys.target().qualifiedTable()).append(" AS ").append(alias).append(" ON ").append(alias)
                .append('.').append(Columns.quoted(keys.targetKey())).append(" = ").append(link).append('.')
                .append(Columns.quoted(throughTarget)).append(" WHERE ").append(link).append('.')
                .append(Columns.quoted(keys.childKey())).append(" = ").append(parentKey);
        PropertyMetadata deletedAt = junction.withRole(PropertyMetadata.Role.DELETED_AT);
        if (deletedAt != null) {
            out.append(" AND ").append(link).append('.').append(Columns.quoted(deletedAt)).append(" IS NULL");
        }
    }

    /** Whether the relation condition's where names a hidden property of the related model (at any depth). */
    static boolean mentionsHidden(ModelMetadata<?> model, Where.Relation r) {
        RelationMetadata relation = model.relation(r.relation());
        Where where = r.where();
        return relation != null && where != null
                && HiddenConditions.mentionHidden(ModelMetadata.of(relation.target()), where);
    }
}
