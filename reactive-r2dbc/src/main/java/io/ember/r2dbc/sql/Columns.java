package io.ember.r2dbc.sql;

import io.ember.core.error.InvalidFilterException;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.Names;
import io.ember.core.model.PropertyMetadata;

/** Property lookup and quoting for the renderers. */
final class Columns {

    private Columns() {
    }

    static PropertyMetadata property(ModelMetadata<?> model, String name, String path) {
        PropertyMetadata p = model.property(name);
        if (p == null) {
            throw new InvalidFilterException(path, "unknown property '" + name + "' of " + model.type().getSimpleName()
                    + " (known: " + model.properties().stream().map(PropertyMetadata::name).toList() + ")");
        }
        return p;
    }

    static String quoted(PropertyMetadata p) {
        return Names.quote(p.column());
    }
}
