package io.ember.r2dbc.sql;

import io.ember.core.filter.PropertyPath;
import io.ember.core.filter.Where;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;

/** Whether a where names a {@code @Hidden} property, whose operands must then stay out of logs. */
final class HiddenConditions {

    private HiddenConditions() {
    }

    static boolean mentionHidden(ModelMetadata<?> model, Where where) {
        if (where instanceof Where.And and) {
            return and.items().stream().anyMatch(w -> mentionHidden(model, w));
        }
        if (where instanceof Where.Or or) {
            return or.items().stream().anyMatch(w -> mentionHidden(model, w));
        }
        if (where instanceof Where.Condition c) {
            PropertyMetadata p = model.property(PropertyPath.parse(c.path(), "where").property());
            return p != null && p.hidden();
        }
        if (where instanceof Where.Relation r) {
            return RelationCondition.mentionsHidden(model, r);
        }
        return false;
    }
}
