package io.ember.r2dbc.relation;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.filter.Filter;
import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.relation.Blog.PostTag;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** A junction keyed by its two foreign keys: created by the schema step, read, found and deleted by its key. */
@ExtendWith(EmberDatabaseExtension.class)
class CompositeKeyIT {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static DefaultCrudRepository<PostTag, List<Long>> links;

    @BeforeAll
    static void schema(PostgresDataSource ds) {
        SchemaGenerator.createTables(ds, PostTag.class).block(LIMIT);
        links = new DefaultCrudRepository<>(PostTag.class, ds);
    }

    @Test
    void theSchemaStepDeclaresTheCompositePrimaryKey() {
        assertThat(SchemaGenerator.createTable(ModelMetadata.of(PostTag.class))).isEqualTo(
                "CREATE TABLE IF NOT EXISTS \"post_tags\" (\"post_id\" int8 NOT NULL, \"tag_id\" int8 NOT NULL,"
                        + " PRIMARY KEY (\"post_id\", \"tag_id\"))");
        assertThat(ModelMetadata.of(PostTag.class).key()).extracting(p -> p.name()).containsExactly("postId", "tagId");
    }

    @Test
    void rowsAreCreatedFoundUpsertedAndDeletedByTheirCompositeKey(EmberDatabase db) {
        StepVerifier.create(links.createAll(List.of(new PostTag(1L, 10L), new PostTag(1L, 11L), new PostTag(2L, 10L))))
                .expectNextCount(3).verifyComplete();
        StepVerifier.create(links.findById(List.of(1L, 11L))).expectNext(new PostTag(1L, 11L)).verifyComplete();
        StepVerifier.create(links.findById(List.of(2L, 11L))).verifyComplete();
        StepVerifier.create(links.upsert(new PostTag(3L, 12L))).expectNext(new PostTag(3L, 12L)).verifyComplete();
        // a junction row has nothing but its key: upserting an existing one changes nothing and returns it
        StepVerifier.create(links.upsert(new PostTag(2L, 10L))).expectNext(new PostTag(2L, 10L)).verifyComplete();
        StepVerifier.create(links.deleteById(List.of(1L, 10L))).expectNext(new PostTag(1L, 10L)).verifyComplete();
        StepVerifier.create(links.find(Filter.of(where("postId").eq(1L)))).expectNext(new PostTag(1L, 11L))
                .verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM post_tags")).isEqualTo(3);
        StepVerifier.create(links.findByIds(List.of(List.of(1L, 11L), List.of(3L, 12L), List.of(9L, 9L))).collectList())
                .assertNext(found -> assertThat(found).containsExactlyInAnyOrder(new PostTag(1L, 11L), new PostTag(3L, 12L)))
                .verifyComplete();
        assertThatThrownBy(() -> links.findById(List.of(1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[postId, tagId]");
    }
}
