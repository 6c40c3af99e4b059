package io.ember.r2dbc.schema;

import io.ember.core.model.ModelMetadata;
import io.ember.core.model.ModelSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders models so that referenced tables come first, and gathers the foreign keys among a set of models. */
final class SchemaOrder {

    private SchemaOrder() {
    }

    /**
     * The models, each after the models its foreign keys reference (within the set); a cycle keeps the
     * given order for the models in it (foreign keys are added after the tables, so a cycle still works).
     */
    static List<ModelMetadata<?>> byForeignKeys(Collection<? extends ModelMetadata<?>> models) {
        Map<Class<?>, ModelMetadata<?>> byType = new LinkedHashMap<>();
        models.forEach(m -> byType.put(m.type(), m));
        Set<Class<?>> done = new LinkedHashSet<>();
        Set<Class<?>> visiting = new LinkedHashSet<>();
        List<ModelMetadata<?>> out = new ArrayList<>(byType.size());
        List<ModelSchema.ForeignKey> keys = foreignKeys(byType.values());
        for (ModelMetadata<?> m : byType.values()) {
            visit(m, byType, keys, done, visiting, out);
        }
        return out;
    }

    private static void visit(ModelMetadata<?> m, Map<Class<?>, ModelMetadata<?>> byType,
                              List<ModelSchema.ForeignKey> keys, Set<Class<?>> done, Set<Class<?>> visiting,
                              List<ModelMetadata<?>> out) {
        if (done.contains(m.type()) || !visiting.add(m.type())) {
            return;
        }
        for (ModelSchema.ForeignKey fk : keys) {
            if (fk.owner().type() == m.type() && fk.target().type() != m.type()) {
                visit(byType.get(fk.target().type()), byType, keys, done, visiting, out);
            }
        }
        visiting.remove(m.type());
        done.add(m.type());
        out.add(m);
    }

    /** The foreign keys whose table and referenced table are both among the models, each once. */
    static List<ModelSchema.ForeignKey> foreignKeys(Collection<? extends ModelMetadata<?>> models) {
        Set<Class<?>> types = new LinkedHashSet<>();
        models.forEach(m -> types.add(m.type()));
        Map<String, ModelSchema.ForeignKey> out = new LinkedHashMap<>();
        for (ModelMetadata<?> m : models) {
            for (ModelSchema.ForeignKey fk : ModelSchema.of(m.type()).foreignKeys()) {
                if (types.contains(fk.owner().type()) && types.contains(fk.target().type())) {
                    out.putIfAbsent(fk.owner().qualifiedTable() + "." + fk.name(), fk);
                }
            }
        }
        return List.copyOf(out.values());
    }
}
