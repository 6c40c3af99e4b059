package io.ember.r2dbc.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.NotNullViolationException;
import io.ember.core.error.SchemaMismatchException;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Migration from the models over R2DBC: what a plan adds, idempotence, risky changes held back, races, validation. */
@ExtendWith(EmberDatabaseExtension.class)
class SchemaMigrationIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static List<String> reasons(MigrationPlan plan) {
        return plan.changes().stream().map(MigrationPlan.Change::reason).toList();
    }

    private static List<String> columns(PostgresDataSource ds, String table) {
        return ds.withConnection(c -> Flux.from(c.createStatement("SELECT column_name || ' ' || data_type || ' '"
                                + " || is_nullable FROM information_schema.columns WHERE table_schema = current_schema()"
                                + " AND table_name = $1 ORDER BY ordinal_position").bind("$1", table).execute())
                        .concatMap(r -> r.map((row, meta) -> row.get(0, String.class))))
                .collectList().block(LIMIT);
    }

    @Test
    void olderModelsGetExactlyWhatIsMissingTwiceIsANoOpAndTheDataSurvives(EmberDatabase db, PostgresDataSource ds) {
        db.execute("DROP TABLE IF EXISTS lib_reviews, lib_books, lib_authors CASCADE");
        StepVerifier.create(SchemaMigrator.migrate(ds, false, Versions.V1.Author.class, Versions.V1.Book.class))
                .assertNext(plan -> assertThat(reasons(plan)).containsExactly(
                        "lib_authors: missing table", "lib_books: missing table"))
                .verifyComplete();
        db.execute("INSERT INTO lib_authors (name) VALUES ('Ada'), ('Grace')",
                "INSERT INTO lib_books (title) VALUES ('Notes'), ('Compilers')");

        Class<?>[] v2 = {Versions.V2.Author.class, Versions.V2.Book.class, Versions.V2.Review.class};
        StepVerifier.create(SchemaMigrator.plan(ds, v2))
                .assertNext(plan -> {
                    assertThat(reasons(plan)).containsExactly(
                            "lib_reviews: missing table",
                            "lib_authors.email: missing column",
                            "lib_books.pages: missing column",
                            "lib_books.author_id: missing column",
                            "lib_authors.lib_authors_email_key: missing unique constraint",
                            "lib_books.lib_books_author_id_fkey: missing foreign key",
                            "lib_reviews.lib_reviews_book_id_fkey: missing foreign key",
                            "lib_books.lib_books_title_idx: missing index");
                    assertThat(plan.risky()).isEmpty();
                    assertThat(plan.toScript(false)).contains(
                            "ALTER TABLE \"lib_books\" ADD COLUMN \"pages\" int4 DEFAULT 0 NOT NULL;",
                            "CREATE INDEX IF NOT EXISTS \"lib_books_title_idx\" ON \"lib_books\" USING btree (\"title\");");
                })
                .verifyComplete();
        StepVerifier.create(SchemaMigrator.migrate(ds, false, v2)).assertNext(plan -> assertThat(plan.changes()).hasSize(8))
                .verifyComplete();
        StepVerifier.create(SchemaMigrator.migrate(ds, false, v2)).assertNext(plan -> assertThat(plan.isEmpty()).isTrue())
                .verifyComplete();
        StepVerifier.create(SchemaMigrator.validate(ds, v2)).verifyComplete();

        assertThat(columns(ds, "lib_books")).containsExactly("id bigint NO", "title text NO", "pages integer NO",
                "author_id bigint YES");
        assertThat(db.queryLong("SELECT count(*) FROM lib_books WHERE title IN ('Notes', 'Compilers') AND pages = 0"))
                .isEqualTo(2);
        assertThat(db.queryLong("SELECT count(*) FROM lib_authors")).isEqualTo(2);
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()"
                + " AND indexname = 'lib_books_title_idx'")).isOne();
    }

    @Test
    void riskyChangesAreListedAndAppliedOnlyWithTheFlagInOneTransaction(EmberDatabase db, PostgresDataSource ds) {
        db.execute("DROP TABLE IF EXISTS lib_reviews, lib_books, lib_authors CASCADE");
        SchemaMigrator.migrate(ds, false, Versions.V2.Author.class, Versions.V2.Book.class).block(LIMIT);
        db.execute("INSERT INTO lib_books (title) VALUES ('Orphan')");
        Class<?>[] v3 = {Versions.V3.Author.class, Versions.V3.Book.class};

        StepVerifier.create(SchemaMigrator.migrate(ds, false, v3))
                .assertNext(plan -> {
                    assertThat(plan.safe()).isEmpty();
                    assertThat(plan.risky()).extracting(MigrationPlan.Change::sql).containsExactly(
                            "ALTER TABLE \"lib_books\" ALTER COLUMN \"pages\" TYPE int8 USING \"pages\"::int8",
                            "ALTER TABLE \"lib_books\" ALTER COLUMN \"author_id\" SET NOT NULL",
                            "ALTER TABLE \"lib_books\" DROP COLUMN \"title\"");
                    assertThat(plan.toScript(false)).contains("-- ALTER TABLE \"lib_books\" DROP COLUMN \"title\";");
                })
                .verifyComplete();
        assertThat(columns(ds, "lib_books")).containsExactly("id bigint NO", "title text NO", "pages integer NO",
                "author_id bigint YES");

        // with the flag, SET NOT NULL meets the orphan's NULL: everything rolls back, the title column included
        StepVerifier.create(SchemaMigrator.migrate(ds, true, v3)).expectError(NotNullViolationException.class).verify(LIMIT);
        assertThat(columns(ds, "lib_books")).containsExactly("id bigint NO", "title text NO", "pages integer NO",
                "author_id bigint YES");
        assertThat(db.queryLong("SELECT count(*) FROM lib_books WHERE title = 'Orphan'")).isOne();

        db.execute("DELETE FROM lib_books");
        StepVerifier.create(SchemaMigrator.migrate(ds, true, v3)).assertNext(plan -> assertThat(plan.risky()).hasSize(3))
                .verifyComplete();
        assertThat(columns(ds, "lib_books")).containsExactly("id bigint NO", "pages bigint NO", "author_id bigint NO");
        StepVerifier.create(SchemaMigrator.plan(ds, v3)).assertNext(plan -> assertThat(plan.isEmpty()).isTrue())
                .verifyComplete();
    }

    @Test
    void twoInstancesMigratingTheSameEmptyDatabaseAtOnceBothSucceedAndCreateTheSchemaOnce(EmberDatabase db) {
        db.execute("DROP SCHEMA IF EXISTS " + Shop.SCHEMA + " CASCADE");
        PostgresDataSource first = db.newDataSource(b -> { });
        PostgresDataSource second = db.newDataSource(b -> { });
        Class<?>[] models = {Shop.Store.class, Shop.Item.class, Shop.Label.class, Shop.ItemTag.class};
        StepVerifier.create(Mono.zip(
                                SchemaMigrator.migrate(first, false, models).subscribeOn(Schedulers.parallel()),
                                SchemaMigrator.migrate(second, false, models).subscribeOn(Schedulers.parallel())))
                .assertNext(plans -> {
                    // the advisory lock makes one wait for the other, which then finds nothing left to do
                    assertThat(List.of(plans.getT1().isEmpty(), plans.getT2().isEmpty())).containsExactlyInAnyOrder(true, false);
                    MigrationPlan done = plans.getT1().isEmpty() ? plans.getT2() : plans.getT1();
                    assertThat(done.changes()).hasSize(SchemaGenerator.script(
                            List.of(io.ember.core.model.ModelMetadata.of(Shop.Store.class),
                                    io.ember.core.model.ModelMetadata.of(Shop.Item.class),
                                    io.ember.core.model.ModelMetadata.of(Shop.Label.class),
                                    io.ember.core.model.ModelMetadata.of(Shop.ItemTag.class))).size());
                })
                .verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relnamespace = '" + Shop.SCHEMA
                + "'::regnamespace AND relkind = 'r'")).isEqualTo(4);
        // jsonb and array indexes are GIN, and the enum check refuses a name the enum does not have
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + Shop.SCHEMA
                + "' AND indexdef LIKE '%USING gin%'")).isEqualTo(2);
        db.execute("INSERT INTO " + Shop.SCHEMA + ".items (sku, status, archived) VALUES ('a', 'LIVE', false)");
        StepVerifier.create(first.withConnection(c -> Flux.from(c.createStatement("INSERT INTO " + Shop.SCHEMA
                        + ".items (sku, status, archived) VALUES ('b', 'GONE', false)").execute()).concatMap(r -> r.getRowsUpdated())))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("items_status_check"))
                .verify(LIMIT);
        StepVerifier.create(SchemaMigrator.validate(first, models)).verifyComplete();
    }

    @Test
    void validateReportsEveryMismatchInOneError(EmberDatabase db, PostgresDataSource ds) {
        db.execute("DROP TABLE IF EXISTS lib_reviews, lib_books, lib_authors CASCADE",
                "CREATE TABLE lib_authors (id bigint PRIMARY KEY, name text)",
                "CREATE TABLE lib_books (id bigint PRIMARY KEY, title varchar(20) NOT NULL, pages int4 NOT NULL)");
        StepVerifier.create(SchemaMigrator.validate(ds, Versions.V2.Author.class, Versions.V2.Book.class,
                        Versions.V2.Review.class))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(SchemaMismatchException.class);
                    assertThat(((SchemaMismatchException) e).mismatches()).containsExactly(
                            "lib_authors.name: nullable in the database, NOT NULL in the model",
                            "lib_authors.email: missing column (text)",
                            "lib_authors.id: not an identity column in the database, GENERATED ALWAYS AS IDENTITY in the model",
                            "lib_authors.lib_authors_email_key: missing unique constraint",
                            "lib_books.title: type varchar in the database, text in the model",
                            "lib_books.author_id: missing column (int8)",
                            "lib_books.id: not an identity column in the database, GENERATED ALWAYS AS IDENTITY in the model",
                            "lib_books.pages: no default in the database, DEFAULT 0 in the model",
                            "lib_books.lib_books_title_idx: missing index",
                            db.schema() + ".lib_reviews: missing table",
                            "lib_books.lib_books_author_id_fkey: missing foreign key");
                    assertThat(e).hasMessageContaining("11 mismatches");
                })
                .verify(LIMIT);
    }
}
