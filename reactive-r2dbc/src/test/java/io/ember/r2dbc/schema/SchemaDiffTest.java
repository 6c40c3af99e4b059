package io.ember.r2dbc.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.schema.LiveCatalog.LiveColumn;
import io.ember.r2dbc.schema.LiveCatalog.LiveConstraint;
import io.ember.r2dbc.schema.LiveCatalog.LiveIndex;
import io.ember.r2dbc.schema.LiveCatalog.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan and the mismatches computed from a catalog, without a database. */
class SchemaDiffTest {

    private static final List<ModelMetadata<?>> V2 = List.of(ModelMetadata.of(Versions.V2.Author.class),
            ModelMetadata.of(Versions.V2.Book.class));

    /** The catalog of V2 as its DDL creates it, but with these book columns and names. */
    private static LiveCatalog catalog(Map<String, LiveColumn> books, Set<String> bookNames) {
        Map<String, LiveColumn> authors = new LinkedHashMap<>();
        authors.put("id", new LiveColumn("int8", true, 'a', false));
        authors.put("name", new LiveColumn("text", true));
        authors.put("email", new LiveColumn("text", false));
        Table authorTable = new Table(authors, Set.of("lib_authors_pkey", "lib_authors_email_key"),
                Map.of("lib_authors_pkey", new LiveConstraint('p', ' ', List.of("id")),
                        "lib_authors_email_key", new LiveConstraint('u', ' ', List.of("email"))),
                Map.of("lib_authors_pkey", new LiveIndex("btree", true), "lib_authors_email_key", new LiveIndex("btree", true)));
        Map<String, LiveConstraint> bookKeys = new LinkedHashMap<>();
        Map<String, LiveIndex> bookIndexes = new LinkedHashMap<>();
        if (bookNames.contains("lib_books_pkey")) {
            bookKeys.put("lib_books_pkey", new LiveConstraint('p', ' ', List.of("id")));
        }
        if (bookNames.contains("lib_books_author_id_fkey")) {
            bookKeys.put("lib_books_author_id_fkey", new LiveConstraint('f', 'n', List.of("author_id")));
        }
        if (bookNames.contains("lib_books_title_idx")) {
            bookIndexes.put("lib_books_title_idx", new LiveIndex("btree", false));
        }
        return new LiveCatalog("app", Map.of(
                "app.lib_authors", authorTable,
                "app.lib_books", new Table(books, bookNames, bookKeys, bookIndexes)));
    }

    @Test
    void aMatchingCatalogNeedsNoChangeAndHasNoMismatch() {
        Map<String, LiveColumn> books = new LinkedHashMap<>();
        books.put("id", new LiveColumn("int8", true, 'a', false));
        books.put("title", new LiveColumn("text", true));
        books.put("pages", new LiveColumn("int4", true, ' ', true));
        books.put("author_id", new LiveColumn("int8", false));
        LiveCatalog live = catalog(books, Set.of("lib_books_pkey", "lib_books_author_id_fkey", "lib_books_title_idx"));
        assertThat(SchemaDiff.plan(V2, live).isEmpty()).isTrue();
        assertThat(SchemaDiff.mismatches(V2, live)).isEmpty();
    }

    @Test
    void validationComparesKeysIdentityDefaultsIndexesAndDeleteRules() {
        Map<String, LiveColumn> books = new LinkedHashMap<>();
        books.put("id", new LiveColumn("int8", true));
        books.put("title", new LiveColumn("text", true));
        books.put("pages", new LiveColumn("int4", true));
        books.put("author_id", new LiveColumn("int8", false));
        LiveCatalog live = new LiveCatalog("app", Map.of("app.lib_authors", catalog(books, Set.of()).tables()
                        .get("app.lib_authors"),
                "app.lib_books", new Table(books, Set.of("lib_books_author_id_fkey", "lib_books_title_idx"),
                        Map.of("lib_books_author_id_fkey", new LiveConstraint('f', 'c', List.of("author_id"))),
                        Map.of("lib_books_title_idx", new LiveIndex("gin", false)))));
        assertThat(SchemaDiff.mismatches(V2, live)).containsExactly(
                "lib_books: no primary key in the database, [id] in the model",
                "lib_books.id: not an identity column in the database, GENERATED ALWAYS AS IDENTITY in the model",
                "lib_books.pages: no default in the database, DEFAULT 0 in the model",
                "lib_books.lib_books_title_idx: index method gin in the database, btree in the model",
                "lib_books.lib_books_author_id_fkey: ON DELETE CASCADE in the database, SET NULL in the model");
    }

    @Test
    void anExtraColumnATypeChangeAndANewNotNullAreRiskyADroppedNotNullIsSafe() {
        Map<String, LiveColumn> books = new LinkedHashMap<>();
        books.put("id", new LiveColumn("int8", true));
        books.put("title", new LiveColumn("varchar", false));
        books.put("pages", new LiveColumn("int4", true));
        books.put("author_id", new LiveColumn("int8", true));
        books.put("isbn", new LiveColumn("text", false));
        MigrationPlan plan = SchemaDiff.plan(V2, catalog(books, Set.of("lib_books_author_id_fkey", "lib_books_title_idx")));
        assertThat(plan.risky()).extracting(MigrationPlan.Change::sql).containsExactly(
                "ALTER TABLE \"lib_books\" ALTER COLUMN \"title\" TYPE text USING \"title\"::text",
                "ALTER TABLE \"lib_books\" ALTER COLUMN \"title\" SET NOT NULL",
                "ALTER TABLE \"lib_books\" DROP COLUMN \"isbn\"");
        assertThat(plan.safe()).extracting(MigrationPlan.Change::sql).containsExactly(
                "ALTER TABLE \"lib_books\" ALTER COLUMN \"author_id\" DROP NOT NULL");
        assertThat(plan.toScript(false)).contains("-- RISKY: lib_books.isbn: column not in the model",
                "-- ALTER TABLE \"lib_books\" DROP COLUMN \"isbn\";");
        assertThat(plan.toScript(true)).contains("\nALTER TABLE \"lib_books\" DROP COLUMN \"isbn\";");
    }
}
