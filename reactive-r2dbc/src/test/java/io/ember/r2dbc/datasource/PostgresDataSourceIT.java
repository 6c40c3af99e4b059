package io.ember.r2dbc.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.error.PoolExhaustedException;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@ExtendWith(EmberDatabaseExtension.class)
class PostgresDataSourceIT {

    @Test
    void healthIsUpOnALiveServer(PostgresDataSource ds) {
        StepVerifier.create(ds.health())
                .assertNext(h -> {
                    assertThat(h.up()).isTrue();
                    assertThat(h.error()).isNull();
                    assertThat(h.pool().maxSize()).isEqualTo(10);
                })
                .verifyComplete();
    }

    @Test
    void healthIsDownWithoutErrorWhenNothingListens() {
        try (PostgresDataSource ds = PostgresDataSource.builder().port(1).connectTimeout(Duration.ofSeconds(2))
                .acquireTimeout(Duration.ofSeconds(3)).build()) {
            StepVerifier.create(ds.health())
                    .assertNext(h -> {
                        assertThat(h.up()).isFalse();
                        assertThat(h.error()).isNotBlank();
                    })
                    .verifyComplete();
        }
    }

    @Test
    void aValidationQueryRunsOnAcquire(EmberDatabase db) {
        PostgresDataSource validated = db.newDataSource(b -> b.validationQuery("SELECT 1"));
        StepVerifier.create(validated.health()).assertNext(h -> assertThat(h.up()).isTrue()).verifyComplete();
        assertThat(validated.config().validationQuery()).isEqualTo("SELECT 1");
        assertThatThrownBy(() -> PostgresDataSource.builder().validationQuery(" ").buildConfig())
                .hasMessageContaining("validationQuery");
    }

    @Test
    void connectionsUseTheConfiguredSchema(EmberDatabase db) {
        Mono<String> path = db.dataSource().withConnection(c -> Flux.from(c.createStatement("SHOW search_path").execute())
                .concatMap(r -> r.map((row, m) -> row.get(0, String.class)))).next();
        StepVerifier.create(path).assertNext(p -> assertThat(p).contains(db.schema())).verifyComplete();
    }

    @Test
    void connectionGoesBackToThePoolOnCancel(EmberDatabase db) {
        PostgresDataSource ds = db.dataSource();
        Flux<Integer> rows = ds.withConnection(c -> Flux.from(
                        c.createStatement("SELECT generate_series(1, 100000)").execute())
                .concatMap(r -> r.map((row, m) -> row.get(0, Integer.class))));
        StepVerifier.create(rows.take(10)).expectNextCount(10).verifyComplete();
        StepVerifier.create(rows, 5).expectNextCount(5).thenCancel().verify();
        // the extension checks, after this test, that no connection stays acquired
    }

    @Test
    void connectionGoesBackToThePoolOnError(PostgresDataSource ds) {
        Flux<Object> failing = ds.withConnection(c -> Flux.error(new IllegalStateException("boom")));
        StepVerifier.create(failing).expectErrorMessage("boom").verify();
        assertThat(ds.stats().acquired()).isZero();
    }

    @Test
    void acquireTimeoutNamesThePool(EmberDatabase db) {
        PostgresDataSource small = db.newDataSource(b -> b.name("tiny").maxSize(1).acquireTimeout(Duration.ofMillis(200)));
        Flux<Object> holder = small.withConnection(c -> Mono.never());
        StepVerifier.create(holder.mergeWith(small.withConnection(c -> Mono.just(1))))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(PoolExhaustedException.class)
                        .hasMessageContaining("tiny"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void configIsValidatedWhenBuilt() {
        assertThatThrownBy(() -> PostgresDataSource.builder().maxSize(0).buildConfig())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSize");
        assertThatThrownBy(() -> PostgresDataSource.builder().maxSize(2).initialSize(3).buildConfig())
                .hasMessageContaining("initialSize");
        assertThatThrownBy(() -> PostgresDataSource.builder().url("r2dbc:h2:mem:///x"))
                .hasMessageContaining("postgresql");
    }

    @Test
    void configReadsTheEnvironmentAndUrls() {
        DataSourceConfig fromEnv = DataSourceConfig.fromEnvironment(java.util.Map.of("POSTGRES_HOST", "db",
                "POSTGRES_PORT", "6543", "POSTGRES_DATABASE", "app", "POSTGRES_USER", "u", "POSTGRES_PASSWORD", "p",
                "EMBER_POOL_MAX_SIZE", "20")).buildConfig();
        assertThat(fromEnv.host()).isEqualTo("db");
        assertThat(fromEnv.port()).isEqualTo(6543);
        assertThat(fromEnv.database()).isEqualTo("app");
        assertThat(fromEnv.user()).isEqualTo("u");
        assertThat(fromEnv.password()).isEqualTo("p");
        assertThat(fromEnv.maxSize()).isEqualTo(20);
        DataSourceConfig fromUrl = DataSourceConfig.fromEnvironment(java.util.Map.of(
                "EMBER_DB_URL", "r2dbc:postgresql://ann:secret@pg.local:5433/shop")).buildConfig();
        assertThat(fromUrl).extracting(DataSourceConfig::host, DataSourceConfig::port, DataSourceConfig::database,
                DataSourceConfig::user, DataSourceConfig::password).containsExactly("pg.local", 5433, "shop", "ann", "secret");
        assertThatThrownBy(() -> DataSourceConfig.fromEnvironment(java.util.Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("POSTGRES_HOST");
    }
}
