package io.ember.r2dbc.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.SchemaMismatchException;
import io.ember.core.model.Check;
import io.ember.core.model.Default;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Index;
import io.ember.core.model.Model;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** {@code validate()} beyond columns: keys, identity, declared defaults, constraints, indexes, delete rules. */
@ExtendWith(EmberDatabaseExtension.class)
class SchemaCatalogIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Model(table = "lib_shelves")
    record Shelf(@Id(strategy = IdStrategy.UUID) @Nullable UUID id, @Check("slots >= 0") @Default("10") int slots,
                 @Index @Nullable List<String> labels, @Index @Nullable String name) {
    }

    private static final Class<?>[] MODELS = {Versions.V2.Author.class, Versions.V2.Book.class, Versions.V2.Review.class,
            Shelf.class};

    @Test
    void validateReportsKeysIdentityDefaultsConstraintsIndexesAndDeleteRulesInOneError(EmberDatabase db,
                                                                                       PostgresDataSource ds) {
        db.execute("DROP TABLE IF EXISTS lib_reviews, lib_books, lib_authors, lib_shelves CASCADE");
        StepVerifier.create(SchemaMigrator.migrate(ds, false, MODELS)).expectNextCount(1).verifyComplete();
        StepVerifier.create(SchemaMigrator.validate(ds, MODELS)).verifyComplete();
        db.execute("ALTER TABLE lib_authors ALTER COLUMN id DROP IDENTITY",
                "ALTER TABLE lib_authors DROP CONSTRAINT lib_authors_email_key",
                "ALTER TABLE lib_books ALTER COLUMN pages DROP DEFAULT",
                "DROP INDEX lib_books_title_idx",
                "CREATE INDEX lib_books_title_idx ON lib_books USING hash (title)",
                "ALTER TABLE lib_books DROP CONSTRAINT lib_books_author_id_fkey",
                "ALTER TABLE lib_reviews DROP CONSTRAINT lib_reviews_book_id_fkey",
                "ALTER TABLE lib_reviews ADD CONSTRAINT lib_reviews_book_id_fkey FOREIGN KEY (book_id)"
                        + " REFERENCES lib_books (id) ON DELETE RESTRICT",
                "ALTER TABLE lib_shelves DROP CONSTRAINT lib_shelves_pkey",
                "ALTER TABLE lib_shelves ALTER COLUMN id DROP DEFAULT",
                "ALTER TABLE lib_shelves DROP CONSTRAINT lib_shelves_slots_check",
                "DROP INDEX lib_shelves_labels_idx",
                "DROP INDEX lib_shelves_name_idx",
                "CREATE UNIQUE INDEX lib_shelves_name_idx ON lib_shelves (name)");
        StepVerifier.create(SchemaMigrator.validate(ds, MODELS))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(SchemaMismatchException.class);
                    assertThat(((SchemaMismatchException) e).mismatches()).containsExactly(
                            "lib_authors.id: not an identity column in the database, GENERATED ALWAYS AS IDENTITY in the model",
                            "lib_authors.lib_authors_email_key: missing unique constraint",
                            "lib_books.pages: no default in the database, DEFAULT 0 in the model",
                            "lib_books.lib_books_title_idx: index method hash in the database, btree in the model",
                            "lib_shelves: no primary key in the database, [id] in the model",
                            "lib_shelves.id: no default in the database, DEFAULT gen_random_uuid() in the model",
                            "lib_shelves.lib_shelves_slots_check: missing check constraint",
                            "lib_shelves.lib_shelves_labels_idx: missing index",
                            "lib_shelves.lib_shelves_name_idx: unique in the database, not unique in the model",
                            "lib_books.lib_books_author_id_fkey: missing foreign key",
                            "lib_reviews.lib_reviews_book_id_fkey: ON DELETE RESTRICT in the database, CASCADE in the model");
                    assertThat(e).hasMessageContaining("11 mismatches");
                })
                .verify(LIMIT);
        db.execute("DROP TABLE IF EXISTS lib_reviews, lib_books, lib_authors, lib_shelves CASCADE");
    }
}
