package io.ember.r2dbc.mapping;

import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Maps rows whose columns are a known list of properties, in that order, into model instances.
 * Built once per selection; mapping a row does no lookup by name and no reflection.
 *
 * @param <T> the model type
 */
public final class EntityReader<T> implements BiFunction<Row, RowMetadata, T> {

    private final ModelMetadata<T> model;
    private final PropertyMetadata[] columns;

    public EntityReader(ModelMetadata<T> model, List<PropertyMetadata> columns) {
        this.model = model;
        this.columns = columns.toArray(PropertyMetadata[]::new);
    }

    /** The properties, in column order. */
    public List<PropertyMetadata> columns() {
        return List.of(columns);
    }

    @Override
    public T apply(Row row, RowMetadata metadata) {
        Object[] components = new Object[model.componentCount()];
        for (int i = 0; i < columns.length; i++) {
            PropertyMetadata p = columns[i];
            components[p.index()] = Values.read(p, row, i);
        }
        return model.newInstance(components);
    }
}
