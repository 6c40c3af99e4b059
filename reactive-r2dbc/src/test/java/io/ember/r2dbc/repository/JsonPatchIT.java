package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.InvalidDataException;
import io.ember.core.model.Id;
import io.ember.core.model.Json;
import io.ember.core.model.Model;
import io.ember.core.model.Version;
import io.ember.core.repository.Patch;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** A patch of a key inside a jsonb document stores what it says, or fails loudly; it never pretends. */
@ExtendWith(EmberDatabaseExtension.class)
class JsonPatchIT {

    @Model(table = "docs")
    record Doc(@Id Long id, @Json Map<String, Object> metadata, @Version long version) {
    }

    private static EmberDatabase db;
    private static DefaultCrudRepository<Doc, Long> docs;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        docs = new DefaultCrudRepository<>(Doc.class, db.dataSource());
        SchemaGenerator.createTables(db.dataSource(), Doc.class).block(Duration.ofSeconds(30));
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE docs RESTART IDENTITY");
    }

    private static Doc doc(Map<String, Object> metadata) {
        return docs.create(new Doc(null, metadata, 0)).block();
    }

    private static String stored(long id) {
        return db.dataSource().withConnection(c -> reactor.core.publisher.Flux.from(c.createStatement(
                        "SELECT coalesce(metadata::text, 'NULL') || ' v' || version FROM docs WHERE id = $1").bind(0, id).execute())
                .concatMap(r -> r.map((row, meta) -> row.get(0, String.class)))).blockLast(Duration.ofSeconds(30));
    }

    @Test
    void aNestedKeyWhoseParentsAreMissingCreatesThem() {
        Doc d = doc(Map.of("plan", "free"));
        StepVerifier.create(docs.updateById(d.id(), Patch.of("metadata.address.city", "Paris")))
                .assertNext(u -> assertThat(u.metadata()).isEqualTo(Map.of("plan", "free", "address", Map.of("city", "Paris"))))
                .verifyComplete();
        docs.updateById(d.id(), Patch.of("metadata.a.b.c.d", 1).set("metadata.address.zip", "75001")).block();
        assertThat(stored(d.id())).isEqualTo(
                "{\"a\": {\"b\": {\"c\": {\"d\": 1}}}, \"plan\": \"free\", \"address\": {\"zip\": \"75001\", \"city\": \"Paris\"}} v2");
    }

    @Test
    void aNestedKeyIntoANullColumnOrAJsonNullCreatesTheDocument() {
        Doc d = doc(null);
        docs.updateById(d.id(), Patch.of("metadata.address.city", "Paris")).block();
        assertThat(stored(d.id())).isEqualTo("{\"address\": {\"city\": \"Paris\"}} v1");
        db.execute("UPDATE docs SET metadata = '{\"address\": null}' WHERE id = " + d.id());
        docs.updateById(d.id(), Patch.of("metadata.address.city", "Lyon")).block();
        assertThat(stored(d.id())).isEqualTo("{\"address\": {\"city\": \"Lyon\"}} v2");
    }

    @Test
    void anArrayElementInsideTheDocumentCanBeSet() {
        Doc d = doc(Map.of("items", List.of(Map.of("sku", "a"), Map.of("sku", "b"))));
        docs.updateById(d.id(), Patch.of("metadata.items[1].sku", "B").set("metadata.items[0].qty", 2)).block();
        assertThat(stored(d.id())).isEqualTo("{\"items\": [{\"qty\": 2, \"sku\": \"a\"}, {\"sku\": \"B\"}]} v1");
    }

    @Test
    void aPathThroughAScalarFailsLoudlyAndStoresNothing() {
        Doc d = doc(Map.of("address", "12 rue de Rivoli"));
        StepVerifier.create(docs.updateById(d.id(), Patch.of("metadata.address.city", "Paris")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidDataException.class)
                        .hasMessageContaining("metadata.address.city"))
                .verify();
        assertThat(stored(d.id())).isEqualTo("{\"address\": \"12 rue de Rivoli\"} v0");
    }

    @Test
    void anArrayIndexPastTheEndFailsLoudlyAndStoresNothing() {
        Doc d = doc(Map.of("items", List.of("a")));
        StepVerifier.create(docs.updateById(d.id(), Patch.of("metadata.items[3]", "d")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidDataException.class)
                        .hasMessageContaining("metadata.items[3]"))
                .verify();
        StepVerifier.create(docs.updateById(d.id(), Patch.of("metadata.missing[0]", "d")))
                .expectError(InvalidDataException.class).verify();
        assertThat(stored(d.id())).isEqualTo("{\"items\": [\"a\"]} v0");
    }

    @Test
    void updateAllFailsWholeWhenOneRowCannotTakeThePath() {
        Doc ok = doc(Map.of());
        Doc bad = doc(Map.of("address", 5));
        StepVerifier.create(docs.updateAll(Patch.of("metadata.address.city", "Paris"),
                        io.ember.core.filter.Where.where("id").inq(ok.id(), bad.id())))
                .expectError(InvalidDataException.class).verify();
        assertThat(stored(ok.id())).isEqualTo("{} v0");
    }
}
