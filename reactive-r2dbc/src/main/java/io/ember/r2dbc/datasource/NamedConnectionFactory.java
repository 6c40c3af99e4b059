package io.ember.r2dbc.datasource;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;

/**
 * The driver's connection factory under a short name, for r2dbc-pool. r2dbc-pool 1.0.2 names every
 * acquire after its factory's {@code toString()}, and Reactor's {@code timeout} (the pool's
 * {@code maxAcquireTime}) copies that name into a description on every acquire: r2dbc-postgresql's
 * factory prints its whole configuration (about 950 characters), which cost about 4 KB of
 * allocation per acquire. Connections are the driver's own; {@link #unwrap()} gives the driver's factory.
 */
final class NamedConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory> {

    private final ConnectionFactory driver;
    private final String name;

    NamedConnectionFactory(ConnectionFactory driver, String datasource) {
        this.driver = driver;
        this.name = "PostgreSQL datasource '" + datasource + "'";
    }

    @Override
    public Publisher<? extends Connection> create() {
        return driver.create();
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return driver.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return driver;
    }

    @Override
    public String toString() {
        return name;
    }
}
