package io.ember.r2dbc.sql;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.filter.Fields;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The columns a field selection reads. Internal: public only for the repository and relation packages. */
public final class Selection {

    private Selection() {
    }

    /**
     * The columns a field selection reads: the visible properties it keeps; a {@code @Hidden}
     * property only when the selection names it explicitly (code inside the service asking for it);
     * and always the id, also when the selection leaves it out.
     * No selection (or an empty exclusion) reads {@code model.selectable()}, the same list object.
     *
     * @throws InvalidFilterException at {@code path.fields...} for an unknown property or a selection of nothing
     */
    public static List<PropertyMetadata> columns(ModelMetadata<?> model, @Nullable Fields fields, String path) {
        List<PropertyMetadata> selectable = model.selectable();
        if (fields == null || (fields.exclude() && fields.names().isEmpty())) {
            return selectable;
        }
        String at = path.isEmpty() ? "fields" : path + ".fields";
        for (String name : fields.names()) {
            if (model.property(name) == null) {
                throw new InvalidFilterException(at + "." + name, "unknown property '" + name + "' of "
                        + model.type().getSimpleName());
            }
        }
        List<PropertyMetadata> from = fields.exclude() ? selectable : model.properties();
        List<PropertyMetadata> out = from.stream().filter(p -> p.isId() || fields.selects(p.name())).toList();
        if (out.size() == 1 && !fields.selects(out.get(0).name())) {
            throw new InvalidFilterException(at, "selects no property");
        }
        return out;
    }
}
