package io.ember.r2dbc.spring;

import io.ember.r2dbc.datasource.DataSourceConfig;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.datasource.QueryListener;
import io.ember.r2dbc.transaction.ExternalTransactions;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.connection.ConnectionHolder;

/**
 * Spring Boot auto-configuration of Ember: a {@link PostgresDataSource} from {@code ember.datasource.*}
 * ({@link EmberProperties}), or from Boot's {@code spring.r2dbc.*} when only those are set, whose pool is
 * also the context's one {@link ConnectionFactory} bean. So Boot's {@code R2dbcTransactionManager},
 * {@code DatabaseClient}, pool metrics ({@code r2dbc.pool.*}) and {@code r2dbc} health all work on
 * Ember's pool, and there is no second pool. Runs before Boot's R2DBC auto-configuration, which backs
 * off when a {@code ConnectionFactory} bean exists.
 *
 * <p>With spring-r2dbc on the classpath the datasource joins transactions of Spring's
 * {@code R2dbcTransactionManager} ({@link SpringTransactions}). With spring-boot-health, an
 * {@code ember} health indicator reports the validation query and the pool. The datasource closes with
 * the context. Repositories: {@link EnableEmberRepositories}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
@ConditionalOnClass({PostgresDataSource.class, ConnectionPool.class})
@EnableConfigurationProperties(EmberProperties.class)
public final class EmberAutoConfiguration {

    /**
     * The datasource: from {@code ember.datasource.*} when {@code url} or {@code host} is set, else from
     * {@code spring.r2dbc.*}; a {@link QueryListener} bean, if any, is told of every statement.
     *
     * @throws IllegalStateException when neither names a server
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PostgresDataSource emberDataSource(EmberProperties properties, Environment environment,
                                              ObjectProvider<QueryListener> listener,
                                              ObjectProvider<ExternalTransactions> externalTransactions) {
        DataSourceConfig.Builder b = PostgresDataSource.builder();
        if (properties.namesServer()) {
            properties.applyTo(b);
        } else if (BootR2dbcProperties.present(environment)) {
            BootR2dbcProperties.applyTo(environment, b);
        } else {
            throw new IllegalStateException("No database configured for Ember: set ember.datasource.url "
                    + "(or ember.datasource.host), or spring.r2dbc.url");
        }
        b.queryListener(listener.getIfUnique());
        b.externalTransactions(externalTransactions.getIfUnique());
        return b.build();
    }

    /**
     * The datasource's pool as the context's {@link ConnectionFactory}: the one pool Boot's transaction
     * manager, metrics and health use. Not closed by Spring itself: the datasource closes it.
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(ConnectionFactory.class)
    public ConnectionFactory emberConnectionFactory(PostgresDataSource dataSource) {
        return dataSource.connectionFactory();
    }

    /** Ember joins Spring's R2DBC transactions when spring-r2dbc is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ConnectionHolder.class)
    static class SpringTransactionsConfiguration {

        @Bean
        @ConditionalOnMissingBean(ExternalTransactions.class)
        SpringTransactions emberSpringTransactions() {
            return SpringTransactions.create();
        }
    }

    /** The {@code ember} health indicator when spring-boot-health is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ReactiveHealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("ember")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "emberHealthIndicator")
        ReactiveHealthIndicator emberHealthIndicator(PostgresDataSource dataSource) {
            return new EmberHealthIndicator(dataSource);
        }
    }
}
