package io.ember.core.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.model.BelongsTo;
import io.ember.core.model.HasMany;
import io.ember.core.model.HasManyThrough;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Model;
import io.ember.core.model.ModelDefinitionException;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.RelationKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What start() checks across an application's models, without a database. */
class ModelCheckTest {

    @Model(table = "writers")
    record Writer(@Id Long id, @HasMany(foreignKey = "writerId") List<Essay> essays) {
    }

    @Model(table = "essays")
    record Essay(@Id Long id, Long writerId, @BelongsTo Writer writer,
                 @HasManyThrough(through = EssayTopic.class, foreignKey = "essayId", targetKey = "topicId") List<Topic> topics) {
    }

    @Model(table = "topics")
    record Topic(@Id Long id, String name) {
    }

    @Model(table = "essay_topics")
    record EssayTopic(@Id(strategy = IdStrategy.CLIENT) Long essayId, @Id(strategy = IdStrategy.CLIENT) Long topicId) {
    }

    @Model(table = "notes")
    record Note(@Id Long id, @BelongsTo(foreignKey = "nowhereId") Writer writer) {
    }

    private static Map<String, List<ModelMetadata<?>>> dataSources(Object... nameThenModels) {
        Map<String, List<ModelMetadata<?>>> out = new LinkedHashMap<>();
        String current = null;
        for (Object o : nameThenModels) {
            if (o instanceof String name) {
                current = name;
                out.put(name, new ArrayList<>());
            } else {
                out.get(current).add(ModelMetadata.of((Class<?>) o));
            }
        }
        return out;
    }

    @Test
    void modelsWhoseRelationsAllResolveInTheirDataSourceHaveNoProblem() {
        assertThat(ModelCheck.problems(dataSources("main", Writer.class, Essay.class, Topic.class, EssayTopic.class),
                List.of())).isEmpty();
    }

    @Test
    void aRelationToAModelOfAnotherDataSourceIsAProblemNamingTheRelationAndTheDataSource() {
        List<String> problems = ModelCheck.problems(dataSources(
                "main", Writer.class, Essay.class, Topic.class,
                "archive", EssayTopic.class), List.of());
        assertThat(problems).containsExactly("Model " + Essay.class.getName() + ": relation 'topics': its junction model "
                + EssayTopic.class.getName() + " is stored by no repository of datasource 'main'");
    }

    @Test
    void everyProblemIsListedOnceWhateverTheNumberOfRepositoriesThatMetIt() {
        ModelDefinitionException broken = brokenNote();
        List<String> problems = ModelCheck.problems(dataSources("main", Writer.class),
                List.of(new FailedRepository("NoteRepository", "main", broken),
                        new FailedRepository("OtherNoteRepository", "main", broken),
                        new FailedRepository("Odd", "main", new IllegalStateException("no config"))));
        assertThat(problems).containsExactly(
                broken.getMessage(),
                "Repository Odd could not be created: java.lang.IllegalStateException: no config",
                "Model " + Writer.class.getName() + ": relation 'essays': its target model " + Essay.class.getName()
                        + " is stored by no repository of datasource 'main'");
        assertThat(broken.getMessage()).contains("Note", "nowhereId");
    }

    private static ModelDefinitionException brokenNote() {
        try {
            RelationKeys.checkAll(ModelMetadata.of(Note.class));
        } catch (ModelDefinitionException e) {
            return e;
        }
        throw new AssertionError("Note's relation should not resolve");
    }
}
