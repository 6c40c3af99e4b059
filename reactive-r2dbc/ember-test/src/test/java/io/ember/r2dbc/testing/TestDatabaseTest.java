package io.ember.r2dbc.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.r2dbc.testing.TestDatabase.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule's order of choice and its switches, without starting a server. */
class TestDatabaseTest {

    private static final Map<String, String> NO_ENV = Map.of();
    private static final Map<Object, Object> NO_PROPERTIES = Map.of();

    @Test
    void anExternalServerWinsOverDockerAndEmbedded() {
        assertThat(TestDatabase.choose(NO_ENV, NO_PROPERTIES, true, true, true)).isEqualTo(Kind.EXTERNAL);
    }

    @Test
    void dockerWithTestcontainersOnTheClasspathGivesAContainer() {
        assertThat(TestDatabase.choose(NO_ENV, NO_PROPERTIES, false, true, true)).isEqualTo(Kind.TESTCONTAINERS);
    }

    @Test
    void withoutDockerOrWithoutTestcontainersTheServerIsEmbedded() {
        assertThat(TestDatabase.choose(NO_ENV, NO_PROPERTIES, false, false, true)).isEqualTo(Kind.EMBEDDED);
        assertThat(TestDatabase.choose(NO_ENV, NO_PROPERTIES, false, true, false)).isEqualTo(Kind.EMBEDDED);
    }

    @Test
    void thePropertyForcesEmbeddedEvenWhenAServerIsConfigured() {
        assertThat(TestDatabase.choose(NO_ENV, Map.of("ember.test.db", "embedded"), true, true, true))
                .isEqualTo(Kind.EMBEDDED);
        assertThat(TestDatabase.choose(NO_ENV, Map.of("ember.test.db", " Testcontainers "), true, true, true))
                .isEqualTo(Kind.TESTCONTAINERS);
    }

    @Test
    void aForcedChoiceThatCannotBeMetIsRefusedWithTheReason() {
        assertThatThrownBy(() -> TestDatabase.choose(NO_ENV, Map.of("ember.test.db", "external"), false, true, true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("EMBER_DB_URL");
        assertThatThrownBy(() -> TestDatabase.choose(NO_ENV, Map.of("ember.test.db", "testcontainers"), false, true, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("testcontainers-postgresql");
        assertThatThrownBy(() -> TestDatabase.choose(NO_ENV, Map.of("ember.test.db", "docker"), false, true, true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("was 'docker'");
    }

    @Test
    void theUrlPropertyWinsOverTheEnvironment() {
        TestDatabase.Server server = TestDatabase.external(
                Map.of("EMBER_DB_URL", "r2dbc:postgresql://env@envhost:5433/envdb", "POSTGRES_HOST", "other"),
                Map.of("ember.test.db.url", "r2dbc:postgresql://app:secret@prophost:6543/propdb"));
        assertThat(server).isEqualTo(new TestDatabase.Server("prophost", 6543, "propdb", "app", "secret",
                "external server (ember.test.db.url)"));
        assertThat(server.toString()).doesNotContain("secret");
    }

    @Test
    void theEnvironmentNamesAServerByUrlOrByParts() {
        assertThat(TestDatabase.external(Map.of("EMBER_DB_URL", "r2dbc:postgresql://envhost/envdb"), NO_PROPERTIES))
                .isEqualTo(new TestDatabase.Server("envhost", 5432, "envdb", "postgres", "", "external server (EMBER_DB_URL)"));
        assertThat(TestDatabase.external(Map.of("POSTGRES_HOST", "pg", "POSTGRES_PORT", "5439", "POSTGRES_USER", "u"),
                NO_PROPERTIES)).isEqualTo(new TestDatabase.Server("pg", 5439, "postgres", "u", "", "external server (POSTGRES_HOST)"));
        assertThat(TestDatabase.external(NO_ENV, NO_PROPERTIES)).isNull();
    }
}
