package io.ember.r2dbc.repository;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.InvalidDataException;
import io.ember.core.filter.Filter;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.core.repository.Patch;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** int[], long[], double[], boolean[], short[] and float[] work as their boxed forms do. */
@ExtendWith(EmberDatabaseExtension.class)
class PrimitiveArraysIT {

    @Model(table = "vectors")
    record Vector(@Id Long id, int[] ints, long[] longs, double[] doubles, boolean[] flags, short[] shorts,
                  float[] floats) {
    }

    private static EmberDatabase db;
    private static DefaultCrudRepository<Vector, Long> vectors;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        vectors = new DefaultCrudRepository<>(Vector.class, db.dataSource());
        SchemaGenerator.createTables(db.dataSource(), Vector.class).block(Duration.ofSeconds(30));
    }

    private static Vector vector(int i) {
        return new Vector(null, new int[] {i, 2, Integer.MAX_VALUE}, new long[] {Long.MIN_VALUE, i},
                new double[] {Math.PI, -0.5}, new boolean[] {true, false}, new short[] {(short) i, -1},
                new float[] {1.5f, i});
    }

    @Test
    void primitiveArraysRoundTripThroughCreateCreateAllFindAndPatch() {
        Vector one = vectors.create(vector(7)).block();
        assertThat(vectors.findById(one.id()).block()).usingRecursiveComparison().isEqualTo(one);
        List<Vector> many = vectors.createAll(List.of(vector(1), vector(2), new Vector(null, null, null, null, null,
                null, null))).collectList().block();
        for (Vector v : many) {
            assertThat(vectors.findById(v.id()).block()).usingRecursiveComparison().isEqualTo(v);
        }
        StepVerifier.create(vectors.find(Filter.of(where("ints").contains(List.of(7, 2)))).map(Vector::id))
                .expectNext(one.id()).verifyComplete();
        StepVerifier.create(vectors.updateById(one.id(), Patch.of("ints", new int[] {9})))
                .assertNext(v -> assertThat(v.ints()).containsExactly(9)).verifyComplete();
    }

    @Test
    void aNullElementThatAPrimitiveArrayCannotHoldIsATypedError() {
        Vector v = vectors.create(vector(3)).block();
        db.execute("UPDATE vectors SET ints = '{1,NULL}' WHERE id = " + v.id());
        StepVerifier.create(vectors.findById(v.id()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidDataException.class)
                        .hasMessageContaining("ints").hasMessageContaining("Integer"))
                .verify();
    }
}
