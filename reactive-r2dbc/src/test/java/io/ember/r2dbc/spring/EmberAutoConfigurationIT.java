package io.ember.r2dbc.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.repository.CrudRepository;
import io.ember.r2dbc.datasource.DataSourceObserver;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.datasource.QueryListener;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.TestDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Issue 14, must-show 2: a Spring Boot context from properties alone, with Ember's beans. */
class EmberAutoConfigurationIT {

    @AfterEach
    void noConnectionLeft() {
        SpringFixture.assertNoAcquiredConnection();
    }

    @Test
    void theDataSourcesPoolIsTheOneConnectionFactoryAndBootsTransactionManagerUsesIt() {
        var context = SpringFixture.context();
        PostgresDataSource ds = context.getBean(PostgresDataSource.class);
        Map<String, ConnectionFactory> factories = context.getBeansOfType(ConnectionFactory.class);
        assertThat(factories).containsOnlyKeys("emberConnectionFactory");
        assertThat(factories.get("emberConnectionFactory")).isSameAs(ds.connectionFactory());
        ReactiveTransactionManager tm = context.getBean(ReactiveTransactionManager.class);
        assertThat(tm).isInstanceOf(R2dbcTransactionManager.class);
        assertThat(((R2dbcTransactionManager) tm).getConnectionFactory()).isSameAs(ds.connectionFactory());
        assertThat(ds.config().maxSize()).isEqualTo(4);
        assertThat(ds.config().name()).isEqualTo("spring-it");
    }

    @Test
    void repositoriesAreInjectableByClassAndByTheirGenericTypes() {
        var context = SpringFixture.context();
        AccountRepository byClass = context.getBean(AccountRepository.class);
        Object byInterface = context.getBeanProvider(
                ResolvableType.forClassWithGenerics(CrudRepository.class, Account.class, Long.class)).getObject();
        assertThat(byInterface).isSameAs(byClass);
        Object entriesByImplementation = context.getBeanProvider(
                ResolvableType.forClassWithGenerics(DefaultCrudRepository.class, Entry.class, Long.class)).getObject();
        assertThat(entriesByImplementation).isSameAs(SpringFixture.entries()).isSameAs(context.getBean("entryRepository"));
        assertThat(context.getBeanProvider(ResolvableType.forClassWithGenerics(CrudRepository.class, Entry.class,
                String.class)).getIfAvailable()).as("no repository of Entry with String ids").isNull();

        StepVerifier.create(byClass.create(Account.of("injected", 7)).flatMap(a -> byClass.findById(a.id())))
                .assertNext(a -> assertThat(a.balance()).isEqualTo(7))
                .verifyComplete();
    }

    @Test
    void healthIndicatorReportsTheValidationQueryAndThePool() {
        ReactiveHealthIndicator health = SpringFixture.context().getBean("emberHealthIndicator", ReactiveHealthIndicator.class);
        StepVerifier.create(health.health())
                .assertNext(h -> {
                    assertThat(h.getStatus()).isEqualTo(Status.UP);
                    assertThat(h.getDetails()).containsEntry("validationQuery", "SELECT 1")
                            .containsEntry("dataSource", "spring-it")
                            .containsKey("responseTimeMs");
                    assertThat(h.getDetails().get("pool")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                            .containsEntry("max", 4).containsEntry("acquired", 0).containsEntry("pending", 0)
                            .containsKeys("idle", "allocated");
                })
                .verifyComplete();
    }

    @Test
    void bootsPoolMetricsAppearInTheRegistryAndFollowThePool() {
        MeterRegistry registry = SpringFixture.bean(MeterRegistry.class);
        PostgresDataSource ds = SpringFixture.bean(PostgresDataSource.class);
        Gauge max = registry.find("r2dbc.pool.max.allocated").tag("name", "emberConnectionFactory").gauge();
        assertThat(max).as("r2dbc.pool.max.allocated{name=emberConnectionFactory}").isNotNull();
        assertThat(max.value()).isEqualTo(4.0);
        Gauge acquired = registry.find("r2dbc.pool.acquired").tag("name", "emberConnectionFactory").gauge();
        assertThat(acquired).isNotNull();
        AtomicReference<Double> whileHeld = new AtomicReference<>();
        StepVerifier.create(ds.withConnection(c -> Mono.fromRunnable(() -> whileHeld.set(acquired.value()))))
                .verifyComplete();
        assertThat(whileHeld.get()).isEqualTo(1.0);
        for (String name : new String[] {"r2dbc.pool.idle", "r2dbc.pool.allocated", "r2dbc.pool.pending",
                "r2dbc.pool.max.pending"}) {
            assertThat(registry.find(name).tag("name", "emberConnectionFactory").gauge()).as(name).isNotNull();
        }
    }

    @Test
    void embersOwnMetricsGoToTheContextsMeterRegistry() {
        MeterRegistry registry = SpringFixture.bean(MeterRegistry.class);
        AccountRepository accounts = SpringFixture.bean(AccountRepository.class);
        StepVerifier.create(accounts.count()).expectNextCount(1).verifyComplete();
        var timer = registry.find("db.client.operation.duration").tag("db.operation.name", "SELECT")
                .tag("db.collection.name", "accounts").tag("db.client.connection.pool.name", "spring-it").timer();
        assertThat(timer).as("db.client.operation.duration of SELECT accounts, in the Boot context's registry").isNotNull();
        assertThat(timer.count()).isPositive();
        Gauge max = registry.find("db.client.connection.max").tag("db.client.connection.pool.name", "spring-it").gauge();
        assertThat(max).as("Ember's pool gauge").isNotNull();
        assertThat(max.value()).isEqualTo(4.0);
    }

    @Test
    void observabilityCanBeTurnedOffAndNeedsAMeterRegistry() {
        runnerWithLogin("ember.datasource")
                .withConfiguration(AutoConfigurations.of(EmberObservabilityAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .as("no meter registry, no observer").doesNotHaveBean(DataSourceObserver.class));
        runnerWithLogin("ember.datasource")
                .withConfiguration(AutoConfigurations.of(EmberObservabilityAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DataSourceObserver.class);
                    assertThat(context.getBean(PostgresDataSource.class).config().observer())
                            .isSameAs(context.getBean(DataSourceObserver.class));
                });
        runnerWithLogin("ember.datasource")
                .withConfiguration(AutoConfigurations.of(EmberObservabilityAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("ember.observability.enabled=false", "ember.datasource.slow-query-threshold=250ms")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(DataSourceObserver.class);
                    PostgresDataSource ds = context.getBean(PostgresDataSource.class);
                    assertThat(ds.config().observer()).isNull();
                    assertThat(ds.config().slowQueryThreshold()).isEqualTo(Duration.ofMillis(250));
                });
    }

    @Test
    void statementsAreObservedOnlyWhenSomethingBesidesAMeterHandlerListens() {
        // Boot's wiring without tracing: a meter handler only; Ember times the statement itself
        observabilityRunner(MeterHandlerOnly.class).run(context -> {
            runOneStatement(context);
            TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
            assertThat(statementTimer(context).count()).isEqualTo(1);
        });
        // a handler that is not a meter handler (tracing, the application's): one observation per statement
        observabilityRunner(MeterHandlerOnly.class, Listening.class).run(context -> {
            runOneStatement(context);
            TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
                    .hasNumberOfObservationsWithNameEqualTo("db.client.operation.duration", 1);
        });
        // the property decides, both ways
        observabilityRunner(MeterHandlerOnly.class).withPropertyValues("ember.observability.observations=true")
                .run(context -> {
                    runOneStatement(context);
                    TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
                            .hasNumberOfObservationsWithNameEqualTo("db.client.operation.duration", 1);
                });
        observabilityRunner(MeterHandlerOnly.class, Listening.class)
                .withPropertyValues("ember.observability.observations=false")
                .run(context -> {
                    runOneStatement(context);
                    TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
                    assertThat(statementTimer(context).count()).isEqualTo(1);
                });
    }

    private static ApplicationContextRunner observabilityRunner(Class<?>... configurations) {
        return runnerWithLogin("ember.datasource")
                .withConfiguration(AutoConfigurations.of(EmberObservabilityAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .withUserConfiguration(configurations);
    }

    private static void runOneStatement(org.springframework.context.ApplicationContext context) {
        PostgresDataSource ds = context.getBean(PostgresDataSource.class);
        StepVerifier.create(ds.withConnection(c -> ds.runner().update(c, SqlStatement.of("SELECT 41 + 1"))))
                .expectNextCount(1)
                .verifyComplete();
    }

    private static io.micrometer.core.instrument.Timer statementTimer(org.springframework.context.ApplicationContext context) {
        return context.getBean(MeterRegistry.class).get("db.client.operation.duration").timer();
    }

    /** As Boot registers its meter handler: a bean, which its registry configurer adds to the registry. */
    @Configuration(proxyBeanMethods = false)
    static class MeterHandlerOnly {
        @Bean
        DefaultMeterObservationHandler meterHandler(MeterRegistry meters, TestObservationRegistry observations) {
            DefaultMeterObservationHandler handler = new DefaultMeterObservationHandler(meters);
            observations.observationConfig().observationHandler(handler);
            return handler;
        }
    }

    /** A handler that is not a meter handler, as a tracing bridge's. */
    @Configuration(proxyBeanMethods = false)
    static class Listening {
        @Bean
        ObservationHandler<Observation.Context> listening() {
            return context -> true;
        }
    }

    /** A context of Ember's auto-configuration alone, with the test server's login under {@code prefix}. */
    private static ApplicationContextRunner runnerWithLogin(String prefix) {
        TestDatabase.Server server = TestDatabase.server();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EmberAutoConfiguration.class))
                .withPropertyValues(prefix + ".url=" + server.r2dbcUrl(), prefix + ".username=" + server.user(),
                        prefix + ".password=" + server.password());
    }

    @Test
    void springR2dbcPropertiesAloneConfigureTheDataSourceWhichClosesWithTheContext() {
        TestDatabase.Server server = TestDatabase.server();
        AtomicReference<PostgresDataSource> seen = new AtomicReference<>();
        runnerWithLogin("spring.r2dbc")
                .withPropertyValues("spring.r2dbc.pool.max-size=3", "spring.r2dbc.pool.initial-size=1")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(PostgresDataSource.class)
                            .hasSingleBean(ConnectionFactory.class);
                    PostgresDataSource ds = context.getBean(PostgresDataSource.class);
                    seen.set(ds);
                    assertThat(ds.config().maxSize()).isEqualTo(3);
                    assertThat(ds.config().host()).isEqualTo(server.host());
                    Health h = context.getBean("emberHealthIndicator", ReactiveHealthIndicator.class).health()
                            .block(Duration.ofSeconds(30));
                    assertThat(h).isNotNull();
                    assertThat(h.getStatus()).isEqualTo(Status.UP);
                });
        assertThat(seen.get().isClosed()).as("closed with the context").isTrue();
    }

    @Test
    void aQueryListenerBeanHearsTheStatementsAndTheHealthIndicatorCanBeTurnedOff() {
        List<String> heard = new CopyOnWriteArrayList<>();
        runnerWithLogin("ember.datasource")
                .withBean(QueryListener.class, () -> event -> heard.add(event.sql()))
                .withPropertyValues("management.health.ember.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("emberHealthIndicator");
                    PostgresDataSource ds = context.getBean(PostgresDataSource.class);
                    StepVerifier.create(ds.withConnection(c -> ds.runner().update(c, SqlStatement.of("SELECT 41 + 1"))))
                            .expectNextCount(1)
                            .verifyComplete();
                    assertThat(heard).contains("SELECT 41 + 1");
                });
    }

    @Test
    void aDataSourceBeanOfTheApplicationReplacesEmbersAndItsPoolIsTheConnectionFactory() {
        TestDatabase.Server server = TestDatabase.server();
        try (PostgresDataSource own = EmberDatabase.builderFor(server).name("mine").build()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(EmberAutoConfiguration.class))
                    .withBean("myDataSource", PostgresDataSource.class, () -> own)
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(PostgresDataSource.class)
                                .doesNotHaveBean("emberDataSource");
                        PostgresDataSource mine = context.getBean(PostgresDataSource.class);
                        assertThat(mine.config().name()).isEqualTo("mine");
                        assertThat(context.getBean(ConnectionFactory.class)).isSameAs(mine.connectionFactory());
                    });
        }
    }

    @Test
    void withoutAnyDatabasePropertyTheContextFailsNamingTheProperties() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EmberAutoConfiguration.class))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("ember.datasource.url").hasMessageContaining("spring.r2dbc.url"));
    }
}
