package io.ember.r2dbc.spring;

import io.ember.r2dbc.datasource.DataSourceConfig;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code ember.datasource.*} properties: how {@link EmberAutoConfiguration} builds the
 * {@code PostgresDataSource}. Only the properties that are set are applied; the others keep
 * {@link DataSourceConfig}'s defaults. When neither {@code url} nor {@code host} is set, Boot's
 * {@code spring.r2dbc.*} properties are used instead.
 *
 * @param url              an {@code r2dbc:postgresql://user:password@host:port/database} URL
 * @param host             the server host (instead of a URL)
 * @param port             the server port
 * @param database         the database
 * @param username         the user (overrides the URL's)
 * @param password         the password (overrides the URL's)
 * @param schema           the {@code search_path} of every connection
 * @param name             the pool's name (errors, logs, metrics); {@code ember} by default
 * @param applicationName  reported to the server in {@code pg_stat_activity}
 * @param initialSize      connections opened when the pool warms up
 * @param maxSize          the most connections open at once
 * @param acquireTimeout   how long a caller waits for a connection
 * @param maxIdleTime      how long an idle connection is kept
 * @param maxLifeTime      the longest a connection lives
 * @param connectTimeout   how long opening a connection may take
 * @param statementTimeout the server's {@code statement_timeout}
 * @param validationQuery  a query run on every connection handed out (a round trip each time)
 */
@ConfigurationProperties("ember.datasource")
public record EmberProperties(
        @Nullable String url,
        @Nullable String host,
        @Nullable Integer port,
        @Nullable String database,
        @Nullable String username,
        @Nullable String password,
        @Nullable String schema,
        @Nullable String name,
        @Nullable String applicationName,
        @Nullable Integer initialSize,
        @Nullable Integer maxSize,
        @Nullable Duration acquireTimeout,
        @Nullable Duration maxIdleTime,
        @Nullable Duration maxLifeTime,
        @Nullable Duration connectTimeout,
        @Nullable Duration statementTimeout,
        @Nullable String validationQuery) {

    /** Whether these properties name a server ({@code url} or {@code host}). */
    public boolean namesServer() {
        return url != null || host != null;
    }

    /** Applies the properties that are set to a builder and returns it. */
    public DataSourceConfig.Builder applyTo(DataSourceConfig.Builder b) {
        if (url != null) {
            b.url(url);
        }
        if (host != null) {
            b.host(host);
        }
        if (port != null) {
            b.port(port);
        }
        if (database != null) {
            b.database(database);
        }
        if (username != null) {
            b.user(username);
        }
        if (password != null) {
            b.password(password);
        }
        if (schema != null) {
            b.schema(schema);
        }
        if (name != null) {
            b.name(name);
        }
        if (applicationName != null) {
            b.applicationName(applicationName);
        }
        applyPool(b);
        return b;
    }

    private void applyPool(DataSourceConfig.Builder b) {
        if (maxSize != null) {
            b.maxSize(maxSize);
        }
        if (initialSize != null) {
            b.initialSize(initialSize);
        }
        if (acquireTimeout != null) {
            b.acquireTimeout(acquireTimeout);
        }
        if (maxIdleTime != null) {
            b.maxIdleTime(maxIdleTime);
        }
        if (maxLifeTime != null) {
            b.maxLifeTime(maxLifeTime);
        }
        if (connectTimeout != null) {
            b.connectTimeout(connectTimeout);
        }
        if (statementTimeout != null) {
            b.statementTimeout(statementTimeout);
        }
        if (validationQuery != null) {
            b.validationQuery(validationQuery);
        }
    }
}
