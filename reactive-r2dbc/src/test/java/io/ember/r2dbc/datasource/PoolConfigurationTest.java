package io.ember.r2dbc.datasource;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.junit.jupiter.api.Test;

/** The connection factory Ember gives r2dbc-pool; no database needed. */
class PoolConfigurationTest {

    /**
     * r2dbc-pool names each acquire after its factory and Reactor's timeout copies that name on every
     * acquire: the driver's factory prints its whole configuration (about 950 characters, about 4 KB of
     * allocation per acquire), the datasource's factory only its name.
     */
    @Test
    void thePoolsFactoryIsNamedAfterTheDatasourceBriefly() {
        ConnectionFactory factory = PostgresDataSource.connectionFactory(DataSourceConfig.builder()
                .name("orders").password("s3cret").buildConfig());
        assertThat(factory.toString()).isEqualTo("PostgreSQL datasource 'orders'");
        Object driver = ((Wrapped<?>) factory).unwrap();
        assertThat(driver).isInstanceOf(PostgresqlConnectionFactory.class);
        assertThat(driver.toString()).as("what r2dbc-pool would otherwise copy per acquire").hasSizeGreaterThan(500);
        assertThat(factory.getMetadata().getName()).isEqualTo("PostgreSQL");
    }
}
