package io.ember.r2dbc.schema;

import io.ember.core.model.BelongsTo;
import io.ember.core.model.Column;
import io.ember.core.model.Default;
import io.ember.core.model.Id;
import io.ember.core.model.Index;
import io.ember.core.model.Model;
import io.ember.core.model.OnDelete;
import io.ember.core.model.Unique;
import org.jspecify.annotations.Nullable;

/** Three versions of a library's models over the same tables, as an application's models evolve. */
final class Versions {

    private Versions() {
    }

    /** Version 1: authors and books, names and titles only. */
    static final class V1 {
        private V1() {
        }

        @Model(table = "lib_authors")
        record Author(@Id @Nullable Long id, @Column(nullable = false) String name) {
        }

        @Model(table = "lib_books")
        record Book(@Id @Nullable Long id, @Column(nullable = false) String title) {
        }
    }

    /** Version 2: a unique email, a page count, an indexed title, books belong to authors, reviews. */
    static final class V2 {
        private V2() {
        }

        @Model(table = "lib_authors")
        record Author(@Id @Nullable Long id, @Column(nullable = false) String name, @Unique @Nullable String email) {
        }

        @Model(table = "lib_books")
        record Book(@Id @Nullable Long id, @Column(nullable = false) @Index String title,
                    @Default("0") int pages, @Nullable Long authorId,
                    @BelongsTo(onDelete = OnDelete.SET_NULL) @Nullable Author author) {
        }

        @Model(table = "lib_reviews")
        record Review(@Id @Nullable Long id, @Column(nullable = false) Long bookId, @Nullable String text,
                      @BelongsTo(onDelete = OnDelete.CASCADE) @Nullable Book book) {
        }
    }

    /** Version 3, risky: the title is gone, pages become int8, every book must have an author. */
    static final class V3 {
        private V3() {
        }

        @Model(table = "lib_authors")
        record Author(@Id @Nullable Long id, @Column(nullable = false) String name, @Unique @Nullable String email) {
        }

        @Model(table = "lib_books")
        record Book(@Id @Nullable Long id, @Default("0") long pages, @Column(nullable = false) Long authorId,
                    @BelongsTo @Nullable Author author) {
        }
    }
}
