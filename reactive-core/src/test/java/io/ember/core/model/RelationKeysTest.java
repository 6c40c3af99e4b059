package io.ember.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Relations are checked on both sides when a repository is created: names, holders and key types. */
class RelationKeysTest {

    record Author(@Id Long id, String name,
                  @HasMany(foreignKey = "authorId") List<Book> books,
                  @HasOne(foreignKey = "authorId") Desk desk) {
    }

    record Book(@Id Long id, Integer authorId, String title, @BelongsTo Author author,
                @HasManyThrough(through = Shelving.class, foreignKey = "bookId", targetKey = "shelfId") List<Shelf> shelves) {
    }

    record Desk(@Id Long id, Long authorId) {
    }

    record Shelf(@Id Long id, String label) {
    }

    record Shelving(@Id Long id, Long bookId, Long shelfId) {
    }

    record MissingForeignKey(@Id Long id, @HasMany(target = Book.class, foreignKey = "ownerId") List<Book> books) {
    }

    record WrongType(@Id(strategy = IdStrategy.UUID) UUID id, @HasMany(target = Book.class, foreignKey = "authorId") List<Book> books) {
    }

    record MissingReference(@Id Long id, Long bookId, @BelongsTo(references = "isbn") Book book) {
    }

    record MissingJunctionKey(@Id Long id,
                              @HasManyThrough(target = Shelf.class, through = Shelving.class, foreignKey = "bookId",
                                      targetKey = "rackId") List<Shelf> shelves) {
    }

    record NotAModelTarget(@Id Long id, Long thingId, @BelongsTo Thing thing) {
    }

    record Thing(String noId) {
    }

    record JsonKey(@Id Long id, @Json java.util.Map<String, Object> meta,
                   @HasMany(target = Desk.class, foreignKey = "authorId", references = "meta") List<Desk> desks) {
    }

    @Test
    void resolvesTheKeysOfEachKindOfRelation() {
        ModelMetadata<Author> author = ModelMetadata.of(Author.class);
        RelationKeys books = RelationKeys.of(author, author.relation("books"));
        assertThat(books.parentKey().name()).isEqualTo("id");
        assertThat(books.childKey().name()).isEqualTo("authorId");
        assertThat(books.target().type()).isEqualTo(Book.class);
        ModelMetadata<Book> book = ModelMetadata.of(Book.class);
        RelationKeys belongs = RelationKeys.of(book, book.relation("author"));
        assertThat(belongs.parentKey().name()).isEqualTo("authorId");
        assertThat(belongs.childKey().name()).isEqualTo("id");
        RelationKeys through = RelationKeys.of(book, book.relation("shelves"));
        assertThat(through.through().type()).isEqualTo(Shelving.class);
        assertThat(through.childKey().name()).isEqualTo("bookId");
        assertThat(through.throughTarget().name()).isEqualTo("shelfId");
        assertThat(through.targetKey().name()).isEqualTo("id");
        RelationKeys.checkAll(author);
        RelationKeys.checkAll(book);
    }

    @Test
    void aHasManyWhoseForeignKeyIsNotOnTheTargetIsRefusedNamingModelRelationAndKey() {
        assertThatThrownBy(() -> RelationKeys.checkAll(ModelMetadata.of(MissingForeignKey.class)))
                .isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("MissingForeignKey").hasMessageContaining("relation 'books'")
                .hasMessageContaining("foreignKey 'ownerId' is not a property of Book");
    }

    @Test
    void keysOfDifferentTypesAreRefused() {
        assertThatThrownBy(() -> RelationKeys.checkAll(ModelMetadata.of(WrongType.class)))
                .isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("relation 'books'")
                .hasMessageContaining("key 'id' of WrongType (UUID) and key 'authorId' of Book (Integer)");
    }

    @Test
    void integerKeysOfDifferentWidthsAgree() {
        ModelMetadata<Book> book = ModelMetadata.of(Book.class);
        assertThat(RelationKeys.of(book, book.relation("author")).parentKey().type()).isEqualTo(Integer.class);
    }

    @Test
    void aBelongsToReferencingAMissingPropertyIsRefused() {
        assertThatThrownBy(() -> RelationKeys.checkAll(ModelMetadata.of(MissingReference.class)))
                .isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("relation 'book'").hasMessageContaining("references 'isbn' is not a property of Book");
    }

    @Test
    void aJunctionKeyThatIsNotOnTheJunctionIsRefused() {
        assertThatThrownBy(() -> RelationKeys.checkAll(ModelMetadata.of(MissingJunctionKey.class)))
                .isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("relation 'shelves'").hasMessageContaining("targetKey 'rackId' is not a property of Shelving");
    }

    @Test
    void aTargetThatIsNotAModelIsRefused() {
        assertThatThrownBy(() -> RelationKeys.checkAll(ModelMetadata.of(NotAModelTarget.class)))
                .isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("relation 'thing'").hasMessageContaining("target Thing is not a usable model");
    }

    @Test
    void aJsonKeyIsRefused() {
        assertThatThrownBy(() -> RelationKeys.checkAll(ModelMetadata.of(JsonKey.class)))
                .isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("relation 'desks'").hasMessageContaining("references 'meta'");
    }
}
