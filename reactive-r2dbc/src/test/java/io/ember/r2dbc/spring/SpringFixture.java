package io.ember.r2dbc.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.filter.Where;
import io.ember.core.repository.CrudRepository;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One Spring Boot context for the Spring tests of this module, started once per JVM from properties
 * alone (Spring contexts are slow to start): a schema of its own on the test server, its tables, and
 * the application below. The context closes with the JVM.
 */
final class SpringFixture {

    private static ConfigurableApplicationContext context;

    private SpringFixture() {
    }

    /** The application: auto-configuration, two repositories, a meter registry and a transactional service. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableEmberRepositories(value = AccountRepository.class, models = Entry.class)
    static class App {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        Opening opening(AccountRepository accounts, CrudRepository<Entry, Long> entries) {
            return new Opening(accounts, entries);
        }
    }

    static synchronized ConfigurableApplicationContext context() {
        if (context == null) {
            TestDatabase.Server server = TestDatabase.server();
            String schema = "it_spring_" + ProcessHandle.current().pid();
            try (PostgresDataSource admin = EmberDatabase.builderFor(server).name("it-spring-admin").build()) {
                Flux.just("DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema,
                                "CREATE TABLE " + schema + ".accounts (id bigint generated always as identity primary key,"
                                        + " owner text not null unique, balance bigint not null)",
                                "CREATE TABLE " + schema + ".entries (id bigint generated always as identity primary key,"
                                        + " owner text not null, note text not null)")
                        .concatMap(sql -> admin.withConnection(c -> Flux.from(c.createStatement(sql).execute())
                                .concatMap(r -> r.getRowsUpdated())))
                        .then()
                        .block(Duration.ofSeconds(60));
            }
            context = new SpringApplicationBuilder(App.class)
                    .web(WebApplicationType.NONE)
                    .properties(
                            "ember.datasource.url=" + server.r2dbcUrl(),
                            "ember.datasource.username=" + server.user(),
                            "ember.datasource.password=" + server.password(),
                            "ember.datasource.schema=" + schema.toLowerCase(Locale.ROOT),
                            "ember.datasource.name=spring-it",
                            "ember.datasource.max-size=4")
                    .run();
        }
        return context;
    }

    static <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    /** The entries' repository, looked up by Ember's interface with its generic types. */
    @SuppressWarnings("unchecked")
    static CrudRepository<Entry, Long> entries() {
        return (CrudRepository<Entry, Long>) context().getBeanProvider(
                ResolvableType.forClassWithGenerics(CrudRepository.class, Entry.class, Long.class)).getObject();
    }

    /** The rows whose owner is {@code owner}, in accounts and entries, read outside any transaction. */
    static long rows(String owner) {
        Long n = Mono.zip(bean(AccountRepository.class).count(Where.where("owner").eq(owner)),
                        entries().count(Where.where("owner").eq(owner)))
                .map(t -> t.getT1() + t.getT2())
                .block(Duration.ofSeconds(30));
        return n == null ? 0 : n;
    }

    /** Fails when a connection of the context's datasource is still acquired a few seconds after a test. */
    static void assertNoAcquiredConnection() {
        PostgresDataSource ds = bean(PostgresDataSource.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ds.stats().acquired() > 0 && System.nanoTime() < deadline) {
            Mono.delay(Duration.ofMillis(20)).block();
        }
        assertThat(ds.stats().acquired()).as("acquired connections of %s", ds).isZero();
    }
}
