package io.ember.core.application;

import io.ember.core.model.ModelDefinitionException;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.RelationKeys;
import io.ember.core.model.RelationMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every model of every datasource, and each of their relations: the model and the relation's
 * keys must work ({@link RelationKeys#of}), and the relation's target (and junction) must be a model of
 * the same datasource, stored by one of its repositories. Collects every problem instead of stopping at
 * the first.
 */
final class ModelCheck {

    private ModelCheck() {
    }

    /**
     * The problems, each once, in the order found.
     *
     * @param models   the models of each datasource (by name), discovered from its repositories
     * @param failures the repositories whose construction failed
     */
    static List<String> problems(Map<String, List<ModelMetadata<?>>> models, List<FailedRepository> failures) {
        Set<String> problems = new LinkedHashSet<>();
        for (FailedRepository failed : failures) {
            problems.add(failed.error() instanceof ModelDefinitionException
                    ? failed.error().getMessage()
                    : "Repository " + failed.name() + " could not be created: " + failed.error());
        }
        for (Map.Entry<String, List<ModelMetadata<?>>> entry : models.entrySet()) {
            Set<Class<?>> stored = new LinkedHashSet<>();
            entry.getValue().forEach(m -> stored.add(m.type()));
            failures.stream().filter(f -> f.dataSource().equals(entry.getKey()))
                    .filter(f -> f.error() instanceof ModelDefinitionException)
                    .forEach(f -> stored.add(((ModelDefinitionException) f.error()).model()));
            for (Class<?> type : stored) {
                check(type, entry.getKey(), stored, problems);
            }
        }
        return new ArrayList<>(problems);
    }

    private static void check(Class<?> type, String dataSource, Set<Class<?>> stored, Set<String> problems) {
        ModelMetadata<?> model;
        try {
            model = ModelMetadata.of(type);
        } catch (ModelDefinitionException e) {
            problems.add(e.getMessage());
            return;
        }
        for (RelationMetadata relation : model.relations()) {
            RelationKeys keys;
            try {
                keys = RelationKeys.of(model, relation);
            } catch (ModelDefinitionException e) {
                problems.add(e.getMessage());
                continue;
            }
            registered(model, relation, keys.target(), "target", dataSource, stored, problems);
            ModelMetadata<?> through = keys.through();
            if (through != null) {
                registered(model, relation, through, "junction", dataSource, stored, problems);
            }
        }
    }

    private static void registered(ModelMetadata<?> model, RelationMetadata relation, ModelMetadata<?> other,
                                   String role, String dataSource, Set<Class<?>> stored, Set<String> problems) {
        if (!stored.contains(other.type())) {
            problems.add("Model " + model.type().getName() + ": relation '" + relation.name() + "': its " + role
                    + " model " + other.type().getName() + " is stored by no repository of datasource '"
                    + dataSource + "'");
        }
    }
}
