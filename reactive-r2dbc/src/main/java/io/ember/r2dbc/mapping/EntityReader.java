package io.ember.r2dbc.mapping;

import io.ember.core.model.ModelMetadata;
import io.ember.core.model.PropertyMetadata;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.List;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

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
        return model.newInstance(components(row, model.componentCount()));
    }

    /**
     * The row's values at their components' positions, in a new array of {@code length} (at least
     * the model's component count); the other positions stay {@code null}. For callers that set more
     * components (relations) before {@link ModelMetadata#newInstance building} the instance once.
     */
    public @Nullable Object[] components(Row row, int length) {
        @Nullable Object[] components = new Object[length];
        for (int i = 0; i < columns.length; i++) {
            PropertyMetadata p = columns[i];
            components[p.index()] = Values.read(p, row, i);
        }
        return components;
    }
}
