package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Json;
import io.ember.core.model.Model;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every supported Java type is written, read back, and equal: one row by create, many by createAll. */
@ExtendWith(EmberDatabaseExtension.class)
class TypeRoundTripIT {

    enum Color { RED, GREEN }

    record Address(String city, int zip) {
    }

    @Model(table = "all_types")
    record AllTypes(
            @Id(strategy = IdStrategy.UUID) UUID id,
            String text,
            short shortP, Short shortB,
            int intP, Integer intB,
            long longP, Long longB,
            float floatP, Float floatB,
            double doubleP, Double doubleB,
            BigDecimal decimal,
            boolean boolP, Boolean boolB,
            UUID uuid,
            Instant instant,
            OffsetDateTime offsetDateTime,
            LocalDate localDate,
            LocalDateTime localDateTime,
            Color color,
            byte[] bytes,
            @Json Map<String, Object> map,
            @Json JsonNode node,
            @Json Address address,
            @Json List<Address> addresses,
            List<String> strings,
            List<Integer> ints,
            List<Long> longs,
            List<UUID> uuids,
            List<Color> colors,
            String[] stringArray,
            Double[] doubleArray) {
    }

    /** The scalar and jsonb types only: createAll goes through one unnest statement per chunk. */
    @Model(table = "scalar_types")
    record ScalarTypes(
            @Id Long id,
            String text, Short shortB, Integer intB, Long longB, Float floatB, Double doubleB, BigDecimal decimal,
            Boolean boolB, UUID uuid, Instant instant, OffsetDateTime offsetDateTime, LocalDate localDate,
            LocalDateTime localDateTime, Color color, @Json Map<String, Object> map, @Json Address address) {
    }

    private static DefaultCrudRepository<AllTypes, UUID> all;
    private static DefaultCrudRepository<ScalarTypes, Long> scalars;

    @BeforeAll
    static void schema(PostgresDataSource ds) {
        all = new DefaultCrudRepository<>(AllTypes.class, ds);
        scalars = new DefaultCrudRepository<>(ScalarTypes.class, ds);
        SchemaGenerator.createTables(ds, AllTypes.class, ScalarTypes.class).block(Duration.ofSeconds(30));
    }

    static AllTypes full(int i) {
        return new AllTypes(UUID.randomUUID(), "text ünï " + i, (short) -7, (short) 7, -i, i, Long.MIN_VALUE, 1L << 40,
                1.5f, -2.25f, Math.PI, -1e300, new BigDecimal("12345678901234567890.123456789"), true, false,
                UUID.randomUUID(), Instant.parse("2026-11-24T10:15:30.123456Z"),
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 6000, ZoneOffset.UTC), LocalDate.of(1999, 12, 31),
                LocalDateTime.of(2026, 2, 28, 23, 59, 59, 999_999_000), Color.GREEN, new byte[] {0, 1, -1, 127},
                Map.of("a", 1, "b", List.of("x", "y"), "c", Map.of("d", true)),
                JsonNodeFactory.instance.objectNode().put("k", "v").put("n", 3),
                new Address("Paris", 75001), List.of(new Address("Lyon", 69001)),
                Arrays.asList("a", null, "c"), List.of(1, 2, 3), List.of(Long.MAX_VALUE), List.of(UUID.randomUUID()),
                List.of(Color.RED, Color.GREEN), new String[] {"x", "y"}, new Double[] {1.5, null});
    }

    static AllTypes allNull() {
        return new AllTypes(UUID.randomUUID(), null, (short) 0, null, 0, null, 0L, null, 0f, null, 0d, null, null,
                false, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    static ScalarTypes scalar(long i) {
        return new ScalarTypes(null, "s" + i, (short) i, (int) i, i * 1_000_000_000L, i + 0.5f, i + 0.25,
                new BigDecimal(i + ".50"), i % 2 == 0, UUID.randomUUID(), Instant.parse("2026-11-24T10:15:30.123456Z").plusSeconds(i),
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 6000, ZoneOffset.UTC).plusDays(i), LocalDate.of(2000, 1, 1).plusDays(i),
                LocalDateTime.of(2026, 2, 28, 23, 59, 59).plusMinutes(i), i % 2 == 0 ? Color.RED : Color.GREEN,
                Map.of("i", (int) i), new Address("c" + i, (int) i));
    }

    @Test
    void everyTypeRoundTripsThroughCreateAndFind() {
        AllTypes written = full(1);
        AllTypes created = all.create(written).block();
        AllTypes read = all.findById(written.id()).block();
        assertThat(created).usingRecursiveComparison().isEqualTo(written);
        assertThat(read).usingRecursiveComparison().isEqualTo(written);
    }

    @Test
    void nullsRoundTripForEveryNullableType() {
        AllTypes written = allNull();
        all.create(written).block();
        assertThat(all.findById(written.id()).block()).usingRecursiveComparison().isEqualTo(written);
    }

    @Test
    void everyTypeRoundTripsThroughCreateAllWithValues() {
        List<AllTypes> written = List.of(full(1), allNull(), full(2));
        List<AllTypes> created = all.createAll(written).collectList().block();
        assertThat(created).usingRecursiveComparison().isEqualTo(written);
        for (AllTypes w : written) {
            assertThat(all.findById(w.id()).block()).usingRecursiveComparison().isEqualTo(w);
        }
    }

    @Test
    void scalarTypesRoundTripThroughCreateAllWithUnnest() {
        List<ScalarTypes> written = new java.util.ArrayList<>();
        for (long i = 1; i <= 20; i++) {
            written.add(scalar(i));
        }
        written.add(new ScalarTypes(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null));
        List<ScalarTypes> created = scalars.createAll(written).collectList().block();
        assertThat(created).hasSize(written.size());
        for (int i = 0; i < written.size(); i++) {
            assertThat(created.get(i)).usingRecursiveComparison().ignoringFields("id").isEqualTo(written.get(i));
            assertThat(scalars.findById(created.get(i).id()).block()).usingRecursiveComparison()
                    .isEqualTo(created.get(i));
        }
    }

    @Test
    void everyTypeRoundTripsThroughCopyLoad() {
        List<AllTypes> written = List.of(full(1), allNull(), full(2));
        assertThat(all.load(reactor.core.publisher.Flux.fromIterable(written)).block()).isEqualTo(3L);
        for (AllTypes w : written) {
            assertThat(all.findById(w.id()).block()).usingRecursiveComparison().isEqualTo(w);
        }
    }

    @Test
    void scalarTypesRoundTripThroughCopyLoadWithIdsFromTheDatabase() {
        List<ScalarTypes> written = new java.util.ArrayList<>();
        for (long i = 1; i <= 20; i++) {
            written.add(scalar(i));
        }
        written.add(new ScalarTypes(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null));
        long before = scalars.count().block();
        assertThat(scalars.load(reactor.core.publisher.Flux.fromIterable(written)).block()).isEqualTo(written.size());
        List<ScalarTypes> read = scalars.find(io.ember.core.filter.Filter.empty().orderBy("id ASC").skip(before))
                .collectList().block();
        assertThat(read).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id").containsExactlyElementsOf(written);
    }
}
