package io.ember.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {

    @Model(table = "people")
    record Person(@Id(strategy = IdStrategy.UUID) UUID id, String firstName, @Column("mail") String email,
                  @Hidden String passwordHash, @Json Map<String, Object> metadata, List<String> tags,
                  @Column(nullable = false) String name, int age, @CreatedAt Instant createdAt,
                  @Version long version, @HasMany(target = Pet.class, foreignKey = "ownerId") List<Pet> pets) {
    }

    record Pet(@Id Long id, UUID ownerId, @BelongsTo Person owner) {
    }

    record NoId(String name) {
    }

    record TwoIds(@Id Long a, @Id Long b) {
    }

    record BadType(@Id Long id, Object payload) {
    }

    record SameColumn(@Id Long id, String userName, @Column("user_name") String other) {
    }

    record BadIdentity(@Id String id) {
    }

    record BadVersion(@Id Long id, @Version String version) {
    }

    record BadRelation(@Id Long id, @BelongsTo Person person) {
    }

    @Test
    void readsTableColumnsKindsAndRoles() {
        ModelMetadata<Person> m = ModelMetadata.of(Person.class);
        assertThat(m.table()).isEqualTo("people");
        assertThat(m.qualifiedTable()).isEqualTo("\"people\"");
        assertThat(m.id().name()).isEqualTo("id");
        assertThat(m.idStrategy()).isEqualTo(IdStrategy.UUID);
        assertThat(m.property("firstName").column()).isEqualTo("first_name");
        assertThat(m.property("email").column()).isEqualTo("mail");
        assertThat(m.property("metadata").kind()).isEqualTo(ValueKind.JSON);
        assertThat(m.property("tags").kind()).isEqualTo(ValueKind.ARRAY);
        assertThat(m.property("tags").elementKind()).isEqualTo(ValueKind.STRING);
        assertThat(m.property("name").nullable()).isFalse();
        assertThat(m.property("age").nullable()).isFalse();
        assertThat(m.property("firstName").nullable()).isTrue();
        assertThat(m.property("createdAt").role()).isEqualTo(PropertyMetadata.Role.CREATED_AT);
        assertThat(m.selectable()).extracting(PropertyMetadata::name).doesNotContain("passwordHash");
        assertThat(m.properties()).extracting(PropertyMetadata::name).doesNotContain("pets");
        assertThat(m.relation("pets").kind()).isEqualTo(RelationKind.HAS_MANY);
        assertThat(m.relation("pets").target()).isEqualTo(Pet.class);
        assertThat(ModelMetadata.of(Pet.class).relation("owner").sourceKey()).isEqualTo("ownerId");
    }

    @Test
    void metadataIsCachedPerClass() {
        assertThat(ModelMetadata.of(Person.class)).isSameAs(ModelMetadata.of(Person.class));
    }

    @Test
    void buildsAndReadsInstancesWithPrimitiveDefaults() {
        ModelMetadata<Person> m = ModelMetadata.of(Person.class);
        Object[] components = new Object[m.componentCount()];
        components[m.property("firstName").index()] = "Ada";
        Person p = m.newInstance(components);
        assertThat(p.firstName()).isEqualTo("Ada");
        assertThat(p.age()).isZero();
        assertThat(m.property("firstName").get(p)).isEqualTo("Ada");
        assertThat(m.components(p)[m.property("firstName").index()]).isEqualTo("Ada");
    }

    @Test
    void snakeCaseHandlesAcronyms() {
        assertThat(Names.snakeCase("passwordHash")).isEqualTo("password_hash");
        assertThat(Names.snakeCase("URLValue")).isEqualTo("url_value");
        assertThat(Names.snakeCase("id")).isEqualTo("id");
        assertThat(Names.snakeCase("UserAccount")).isEqualTo("user_account");
        assertThat(Names.quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
    }

    record PrimitiveArrays(@Id Long id, int[] ints, long[] longs, double[] doubles, boolean[] flags, short[] shorts,
                           float[] floats) {
    }

    record SetOfTags(@Id Long id, java.util.Set<String> tags) {
    }

    record OptionalName(@Id Long id, java.util.Optional<String> name) {
    }

    record LegacyDate(@Id Long id, java.util.Date at) {
    }

    record CharArray(@Id Long id, char[] letters) {
    }

    record ListOfObjects(@Id Long id, List<Object> things) {
    }

    @Test
    void primitiveArraysAreArraysOfTheirBoxedKinds() {
        ModelMetadata<PrimitiveArrays> m = ModelMetadata.of(PrimitiveArrays.class);
        assertThat(m.property("ints").kind()).isEqualTo(ValueKind.ARRAY);
        assertThat(m.property("ints").elementKind()).isEqualTo(ValueKind.INT);
        assertThat(m.property("longs").elementKind()).isEqualTo(ValueKind.LONG);
        assertThat(m.property("doubles").elementKind()).isEqualTo(ValueKind.DOUBLE);
        assertThat(m.property("flags").elementKind()).isEqualTo(ValueKind.BOOLEAN);
        assertThat(m.property("shorts").elementKind()).isEqualTo(ValueKind.SHORT);
        assertThat(m.property("floats").elementKind()).isEqualTo(ValueKind.FLOAT);
    }

    @Test
    void anUnsupportedTypeIsRefusedWithAdviceThatFitsIt() {
        assertThatThrownBy(() -> ModelMetadata.of(SetOfTags.class)).hasMessageContaining("'tags'")
                .hasMessageContaining("List<String>").hasMessageContaining("String[]");
        assertThatThrownBy(() -> ModelMetadata.of(OptionalName.class)).hasMessageContaining("'name'")
                .hasMessageContaining("declare the value type itself");
        assertThatThrownBy(() -> ModelMetadata.of(LegacyDate.class)).hasMessageContaining("'at'")
                .hasMessageContaining("Instant");
        assertThatThrownBy(() -> ModelMetadata.of(CharArray.class)).hasMessageContaining("'letters'")
                .hasMessageContaining("String");
        assertThatThrownBy(() -> ModelMetadata.of(ListOfObjects.class)).hasMessageContaining("'things'")
                .hasMessageContaining("element").hasMessageContaining("@Json");
    }

    @Test
    void modelsThatCannotWorkFailNamingModelAndProperty() {
        assertThatThrownBy(() -> ModelMetadata.of(NoId.class)).isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("NoId").hasMessageContaining("@Id");
        assertThatThrownBy(() -> ModelMetadata.of(TwoIds.class)).hasMessageContaining("'a' and 'b'");
        assertThatThrownBy(() -> ModelMetadata.of(BadType.class)).hasMessageContaining("BadType")
                .hasMessageContaining("'payload'").hasMessageContaining("@Json");
        assertThatThrownBy(() -> ModelMetadata.of(SameColumn.class)).hasMessageContaining("user_name");
        assertThatThrownBy(() -> ModelMetadata.of(BadIdentity.class)).hasMessageContaining("IDENTITY");
        assertThatThrownBy(() -> ModelMetadata.of(BadVersion.class)).hasMessageContaining("'version'");
        assertThatThrownBy(() -> ModelMetadata.of(BadRelation.class)).hasMessageContaining("personId");
        assertThatThrownBy(() -> ModelMetadata.of(String.class)).hasMessageContaining("record");
    }
}
