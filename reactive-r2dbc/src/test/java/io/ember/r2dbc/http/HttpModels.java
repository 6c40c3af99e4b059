package io.ember.r2dbc.http;

import io.ember.core.model.Column;
import io.ember.core.model.CreatedAt;
import io.ember.core.model.HasMany;
import io.ember.core.model.Hidden;
import io.ember.core.model.Id;
import io.ember.core.model.Json;
import io.ember.core.model.Model;
import io.ember.core.model.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The models behind the HTTP tests: people with notes, a unique email, a hidden secret. */
final class HttpModels {

    private HttpModels() {
    }

    @Model(table = "people")
    record Person(@Id Long id, @Column(nullable = false) String name, String email, Integer age,
                  @Hidden String secret, @Json Map<String, Object> metadata, List<String> tags,
                  @CreatedAt Instant createdAt, @Version long version,
                  @HasMany(foreignKey = "personId") List<Note> notes) {

        static Person of(String name, String email, int age) {
            return new Person(null, name, email, age, "s3cret-" + name, Map.of("plan", "free"), List.of("t"), null, 0, null);
        }
    }

    @Model(table = "notes")
    record Note(@Id Long id, Long personId, String body) {
    }

    /**
     * A row of about a kilobyte, for streams, read through the view {@code line_reads}, which counts
     * the rows the server has produced in the sequence {@code line_reads_seq}.
     */
    @Model(table = "line_reads")
    record LineRead(@Id Long id, String payload, long n) {
    }

    static String[] lineDdl(int rows) {
        return new String[] {
            "CREATE TABLE lines (id bigint PRIMARY KEY, payload text NOT NULL)",
            "INSERT INTO lines SELECT g, repeat(md5(g::text), 32) FROM generate_series(1, " + rows + ") g",
            "CREATE SEQUENCE line_reads_seq",
            "CREATE VIEW line_reads AS SELECT id, payload, nextval('line_reads_seq') AS n FROM lines",
        };
    }

    static final String[] DDL = {
        "ALTER TABLE people ADD CONSTRAINT people_email_key UNIQUE (email)",
        "ALTER TABLE notes ADD CONSTRAINT notes_person_fk FOREIGN KEY (person_id) REFERENCES people (id)",
    };
}
