package io.ember.r2dbc.application;

import io.ember.core.model.BelongsTo;
import io.ember.core.model.HasMany;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import java.util.List;

/** The application tests' models and repositories: two that work together, three that cannot work. */
final class Library {

    private Library() {
    }

    @Model(table = "authors")
    record Author(@Id Long id, String name, @HasMany(foreignKey = "authorId") List<Book> books) {
    }

    @Model(table = "books")
    record Book(@Id Long id, Long authorId, String title, @BelongsTo Author author) {
    }

    /** Its relation names a foreign key it does not have. */
    @Model(table = "reviews")
    record Review(@Id Long id, String body, @BelongsTo(foreignKey = "bookRef") Book book) {
    }

    /** Its relation's target is a fine model, but no repository of the application stores it. */
    @Model(table = "shelves")
    record Shelf(@Id Long id, String label, @HasMany(target = Loan.class, foreignKey = "shelfId") List<Loan> loans) {
    }

    @Model(table = "loans")
    record Loan(@Id Long id, Long shelfId) {
    }

    /** A composite key whose parts the database would generate: refused. */
    @Model(table = "drafts")
    record Draft(@Id Long id, @Id Long revision, String text) {
    }

    public static final class AuthorRepository extends DefaultCrudRepository<Author, Long> {
        public AuthorRepository(PostgresDataSource dataSource) {
            super(Author.class, dataSource);
        }
    }

    public static final class BookRepository extends DefaultCrudRepository<Book, Long> {
        public BookRepository(PostgresDataSource dataSource) {
            super(Book.class, dataSource);
        }
    }

    public static final class ReviewRepository extends DefaultCrudRepository<Review, Long> {
        public ReviewRepository(PostgresDataSource dataSource) {
            super(Review.class, dataSource);
        }
    }

    public static final class ShelfRepository extends DefaultCrudRepository<Shelf, Long> {
        public ShelfRepository(PostgresDataSource dataSource) {
            super(Shelf.class, dataSource);
        }
    }

    public static final class DraftRepository extends DefaultCrudRepository<Draft, Long> {
        public DraftRepository(PostgresDataSource dataSource) {
            super(Draft.class, dataSource);
        }
    }
}
