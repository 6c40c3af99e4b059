package io.ember.r2dbc.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.application.Application;
import io.ember.core.application.ApplicationStartException;
import io.ember.r2dbc.application.SchemaSteps;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The application's schema step migrates to its models at start, or validates them and refuses to start. */
@ExtendWith(EmberDatabaseExtension.class)
class ApplicationSchemaIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    void startMigratesTheDatabaseToTheModelsOfItsRepositories(EmberDatabase db) {
        db.execute("DROP TABLE IF EXISTS lib_reviews, lib_books, lib_authors CASCADE");
        PostgresDataSource ds = db.newDataSource(b -> b.name("migrating"));
        Application app = Application.builder("library").dataSource("main", ds, SchemaSteps.migrate())
                .repository("authors", new DefaultCrudRepository<>(Versions.V2.Author.class, ds))
                .repository("books", new DefaultCrudRepository<>(Versions.V2.Book.class, ds))
                .build();
        StepVerifier.create(app.start()).verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE conname = 'lib_books_author_id_fkey'"
                + " AND connamespace = current_schema()::regnamespace")).isOne();
        StepVerifier.create(SchemaMigrator.plan(ds, Versions.V2.Author.class, Versions.V2.Book.class))
                .assertNext(plan -> assertThat(plan.isEmpty()).isTrue()).verifyComplete();
        app.stop().block(LIMIT);
    }

    @Test
    void startWithValidationFailsListingEveryMismatch(EmberDatabase db) {
        db.execute("DROP TABLE IF EXISTS lib_reviews, lib_books, lib_authors CASCADE",
                "CREATE TABLE lib_authors (id bigint PRIMARY KEY, name text)");
        PostgresDataSource ds = db.newDataSource(b -> b.name("validating"));
        Application app = Application.builder("library").dataSource("main", ds, SchemaSteps.validate())
                .repository("authors", new DefaultCrudRepository<>(Versions.V2.Author.class, ds))
                .repository("books", new DefaultCrudRepository<>(Versions.V2.Book.class, ds))
                .build();
        StepVerifier.create(app.start())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ApplicationStartException.class)
                        .hasMessageContaining("lib_authors.name: nullable in the database, NOT NULL in the model")
                        .hasMessageContaining("lib_authors.email: missing column")
                        .hasMessageContaining(db.schema() + ".lib_books: missing table"))
                .verify(LIMIT);
    }

    private static Application shop(PostgresDataSource ds) {
        return Application.builder("shop").dataSource("main", ds, SchemaSteps.migrate())
                .repository("stores", new DefaultCrudRepository<>(Shop.Store.class, ds))
                .repository("items", new DefaultCrudRepository<>(Shop.Item.class, ds))
                .repository("labels", new DefaultCrudRepository<>(Shop.Label.class, ds))
                .repository("itemLabels", new DefaultCrudRepository<>(Shop.ItemTag.class, ds))
                .build();
    }

    @Test
    void twoApplicationsStartingAtOnceOnAnEmptyDatabaseBothStartAndTheSchemaIsCreatedOnce(EmberDatabase db) {
        db.execute("DROP SCHEMA IF EXISTS " + Shop.SCHEMA + " CASCADE");
        Application first = shop(db.newDataSource(b -> b.name("shop-1")));
        Application second = shop(db.newDataSource(b -> b.name("shop-2")));
        StepVerifier.create(Mono.when(first.start().subscribeOn(Schedulers.parallel()),
                        second.start().subscribeOn(Schedulers.parallel())))
                .verifyComplete();
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relnamespace = '" + Shop.SCHEMA
                + "'::regnamespace AND relkind = 'r'")).isEqualTo(4);
        assertThat(db.queryLong("SELECT count(*) FROM pg_constraint WHERE connamespace = '" + Shop.SCHEMA
                + "'::regnamespace AND contype = 'f'")).isEqualTo(3);
        StepVerifier.create(SchemaMigrator.plan(db.dataSource(), Shop.Store.class, Shop.Item.class, Shop.Label.class,
                Shop.ItemTag.class)).assertNext(plan -> assertThat(plan.isEmpty()).isTrue()).verifyComplete();
        Mono.when(first.stop(), second.stop()).block(LIMIT);
    }
}
