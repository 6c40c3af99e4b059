package io.ember.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditUserModelTest {

    record Doc(@Id Long id, String title, @CreatedBy String createdBy, @ModifiedBy String modifiedBy,
               @CreatedAt Instant createdAt) {
    }

    record UuidUsers(@Id Long id, @CreatedBy UUID createdBy, @ModifiedBy UUID modifiedBy) {
    }

    record NumberUsers(@Id Long id, @CreatedBy Long createdBy, @ModifiedBy Integer modifiedBy) {
    }

    record TwoCreators(@Id Long id, @CreatedBy String createdBy, @CreatedBy String author) {
    }

    record TwoModifiers(@Id Long id, @ModifiedBy String modifiedBy, @ModifiedBy String editor) {
    }

    record InstantUser(@Id Long id, @CreatedBy Instant createdBy) {
    }

    record PrimitiveUser(@Id Long id, @ModifiedBy long modifiedBy) {
    }

    record BothRoles(@Id Long id, @CreatedBy @ModifiedBy String user) {
    }

    @Test
    void auditUserPropertiesGetTheirRolesAndPlainColumns() {
        ModelMetadata<Doc> doc = ModelMetadata.of(Doc.class);
        assertThat(doc.withRole(PropertyMetadata.Role.CREATED_BY)).extracting(PropertyMetadata::name, PropertyMetadata::column)
                .containsExactly("createdBy", "created_by");
        assertThat(doc.withRole(PropertyMetadata.Role.MODIFIED_BY)).extracting(PropertyMetadata::name, PropertyMetadata::kind)
                .containsExactly("modifiedBy", ValueKind.STRING);
        assertThat(doc.property("createdBy").isAuditUser()).isTrue();
        assertThat(doc.property("createdAt").isAuditUser()).isFalse();
        assertThat(doc.property("createdBy").nullable()).isTrue();
    }

    @Test
    void uuidLongAndIntegerUsersAreAccepted() {
        assertThat(ModelMetadata.of(UuidUsers.class).property("createdBy").kind()).isEqualTo(ValueKind.UUID);
        assertThat(ModelMetadata.of(NumberUsers.class).property("createdBy").kind()).isEqualTo(ValueKind.LONG);
        assertThat(ModelMetadata.of(NumberUsers.class).property("modifiedBy").kind()).isEqualTo(ValueKind.INT);
    }

    @Test
    void aModelHasAtMostOneCreatedByAndOneModifiedBy() {
        assertThatThrownBy(() -> ModelMetadata.of(TwoCreators.class))
                .isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("TwoCreators")
                .hasMessageContaining("[createdBy, author] are all marked @CreatedBy");
        assertThatThrownBy(() -> ModelMetadata.of(TwoModifiers.class))
                .isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("TwoModifiers")
                .hasMessageContaining("[modifiedBy, editor] are all marked @ModifiedBy");
    }

    @Test
    void anAuditUserOfAnotherTypeIsRefusedNamingModelAndProperty() {
        assertThatThrownBy(() -> ModelMetadata.of(InstantUser.class))
                .isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("InstantUser")
                .hasMessageContaining("'createdBy' is a @CreatedBy user and must be String, UUID, Long or Integer")
                .hasMessageContaining("was Instant");
        assertThatThrownBy(() -> ModelMetadata.of(PrimitiveUser.class))
                .isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("PrimitiveUser")
                .hasMessageContaining("'modifiedBy' is a @ModifiedBy user")
                .hasMessageContaining("was long");
    }

    @Test
    void onePropertyCannotBeBothCreatedByAndModifiedBy() {
        assertThatThrownBy(() -> ModelMetadata.of(BothRoles.class))
                .isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("BothRoles")
                .hasMessageContaining("'user' has conflicting roles [CREATED_BY, MODIFIED_BY]");
    }
}
