package io.ember.r2dbc.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.model.ModelDefinitionException;
import io.ember.core.model.ModelMetadata;
import io.ember.core.model.ModelSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DDL text the generator writes for models, without a database. */
class SchemaGeneratorTest {

    private static final String S = "\"ember_shop\".";

    private static List<String> script() {
        return SchemaGenerator.script(List.of(ModelMetadata.of(Shop.ItemTag.class), ModelMetadata.of(Shop.Item.class),
                ModelMetadata.of(Shop.Label.class), ModelMetadata.of(Shop.Store.class)));
    }

    @Test
    void aTableCarriesItsKeyTypesNotNullDefaultsUniqueAndCheckConstraints() {
        assertThat(SchemaGenerator.createTable(ModelMetadata.of(Shop.Item.class))).isEqualTo(
                "CREATE TABLE IF NOT EXISTS " + S + "\"items\" ("
                        + "\"id\" uuid DEFAULT gen_random_uuid() PRIMARY KEY, "
                        + "\"store_code\" text, "
                        + "\"sku\" text NOT NULL, "
                        + "\"price\" numeric DEFAULT 0, "
                        + "\"archived\" bool NOT NULL, "
                        + "\"status\" text DEFAULT 'DRAFT' NOT NULL, "
                        + "\"badges\" text[], "
                        + "\"attributes\" jsonb, "
                        + "\"labels\" text[], "
                        + "\"created_at\" timestamptz DEFAULT now(), "
                        + "CONSTRAINT \"items_store_code_sku_key\" UNIQUE (\"store_code\", \"sku\"), "
                        + "CONSTRAINT \"items_check1\" CHECK (price >= 0 OR archived), "
                        + "CONSTRAINT \"items_status_check\" CHECK (\"status\" IN ('DRAFT', 'LIVE', 'RETIRED')), "
                        + "CONSTRAINT \"items_badges_check\" CHECK (\"badges\" <@ ARRAY['DRAFT', 'LIVE', 'RETIRED']::text[]))");
    }

    @Test
    void identityAndClientKeysAndANamedUniqueConstraint() {
        assertThat(SchemaGenerator.createTable(ModelMetadata.of(Shop.Label.class))).isEqualTo(
                "CREATE TABLE IF NOT EXISTS " + S + "\"labels\" (\"id\" int4 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                        + "\"text\" text NOT NULL, CONSTRAINT \"labels_text_unique\" UNIQUE (\"text\"))");
        assertThat(SchemaGenerator.createTable(ModelMetadata.of(Shop.Store.class))).isEqualTo(
                "CREATE TABLE IF NOT EXISTS " + S + "\"stores\" (\"code\" text PRIMARY KEY, \"name\" text NOT NULL)");
    }

    @Test
    void theScriptCreatesTheSchemaThenTablesReferencedFirstThenForeignKeysThenIndexes() {
        List<String> script = script();
        assertThat(script).hasSize(11);
        assertThat(script.get(0)).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"ember_shop\"");
        assertThat(script.subList(1, 5)).extracting(sql -> sql.substring(0, sql.indexOf(" (")))
                .containsExactly("CREATE TABLE IF NOT EXISTS " + S + "\"stores\"",
                        "CREATE TABLE IF NOT EXISTS " + S + "\"items\"",
                        "CREATE TABLE IF NOT EXISTS " + S + "\"labels\"",
                        "CREATE TABLE IF NOT EXISTS " + S + "\"item_labels\"");
        assertThat(script.subList(5, 8)).containsExactlyInAnyOrder(
                "ALTER TABLE " + S + "\"items\" ADD CONSTRAINT \"items_store_code_fkey\" FOREIGN KEY (\"store_code\")"
                        + " REFERENCES " + S + "\"stores\" (\"code\") ON DELETE SET NULL",
                "ALTER TABLE " + S + "\"item_labels\" ADD CONSTRAINT \"item_labels_item_id_fkey\" FOREIGN KEY (\"item_id\")"
                        + " REFERENCES " + S + "\"items\" (\"id\") ON DELETE CASCADE",
                "ALTER TABLE " + S + "\"item_labels\" ADD CONSTRAINT \"item_labels_tag_id_fkey\" FOREIGN KEY (\"tag_id\")"
                        + " REFERENCES " + S + "\"labels\" (\"id\") ON DELETE CASCADE");
        assertThat(script.subList(8, 11)).containsExactly(
                "CREATE INDEX IF NOT EXISTS \"items_attributes_idx\" ON " + S + "\"items\" USING gin (\"attributes\")",
                "CREATE INDEX IF NOT EXISTS \"items_labels_idx\" ON " + S + "\"items\" USING gin (\"labels\")",
                "CREATE INDEX IF NOT EXISTS \"items_store_code_created_at_idx\" ON " + S + "\"items\" USING btree"
                        + " (\"store_code\", \"created_at\") WHERE NOT archived");
    }

    @Test
    void aForeignKeyToAModelOutsideTheSetIsLeftOut() {
        List<String> script = SchemaGenerator.script(List.of(ModelMetadata.of(Shop.Item.class)));
        assertThat(script).noneMatch(sql -> sql.contains("FOREIGN KEY"));
    }

    @Test
    void longConstraintNamesAreCutToPostgresLimit() {
        assertThat(ModelSchema.of(Shop.Item.class).indexes()).allSatisfy(i -> assertThat(i.name().length()).isLessThanOrEqualTo(63));
    }

    @Test
    void setNullOnANotNullColumnAndAnIndexOnAnUnknownPropertyAreRefused() {
        assertThatThrownBy(() -> ModelSchema.of(Shop.Broken.class)).isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("SET NULL").hasMessageContaining("storeCode");
        assertThatThrownBy(() -> ModelSchema.of(Shop.BadIndex.class)).isInstanceOf(ModelDefinitionException.class)
                .hasMessageContaining("'nope'");
    }
}
