package io.ember.r2dbc.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.model.ModelMetadata;
import io.ember.r2dbc.schema.LiveCatalog.LiveColumn;
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

    private static LiveCatalog catalog(Map<String, LiveColumn> books, Set<String> bookNames) {
        Map<String, LiveColumn> authors = new LinkedHashMap<>();
        authors.put("id", new LiveColumn("int8", true));
        authors.put("name", new LiveColumn("text", true));
        authors.put("email", new LiveColumn("text", false));
        return new LiveCatalog("app", Map.of(
                "app.lib_authors", new Table(authors, Set.of("lib_authors_pkey", "lib_authors_email_key")),
                "app.lib_books", new Table(books, bookNames)));
    }

    @Test
    void aMatchingCatalogNeedsNoChangeAndHasNoMismatch() {
        Map<String, LiveColumn> books = new LinkedHashMap<>();
        books.put("id", new LiveColumn("int8", true));
        books.put("title", new LiveColumn("text", true));
        books.put("pages", new LiveColumn("int4", true));
        books.put("author_id", new LiveColumn("int8", false));
        LiveCatalog live = catalog(books, Set.of("lib_books_pkey", "lib_books_author_id_fkey", "lib_books_title_idx"));
        assertThat(SchemaDiff.plan(V2, live).isEmpty()).isTrue();
        assertThat(SchemaDiff.mismatches(V2, live)).isEmpty();
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
