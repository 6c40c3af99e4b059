package io.ember.r2dbc.datasource;

import io.ember.r2dbc.transaction.ExternalTransactions;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The immutable configuration of a {@link PostgresDataSource}, validated when built.
 *
 * @param name                       the pool's name, used in errors and logs
 * @param host                       the server host
 * @param port                       the server port
 * @param database                   the database
 * @param user                       the user
 * @param password                   the password (may be empty)
 * @param schema                     the {@code search_path} of every connection, or {@code null}
 * @param applicationName            reported to the server ({@code pg_stat_activity})
 * @param initialSize                connections opened when the pool warms up
 * @param maxSize                    the most connections open at once
 * @param acquireTimeout             how long a caller waits for a connection before {@code PoolExhaustedException}
 * @param maxIdleTime                how long an idle connection is kept
 * @param maxLifeTime                the longest a connection lives
 * @param connectTimeout             how long opening a connection may take
 * @param statementTimeout           the server's {@code statement_timeout}, or {@code null} for none
 * @param forceBinary                whether the driver uses the binary format for every parameter and column
 * @param preparedStatementCacheSize prepared statements cached per connection (-1 unbounded, 0 none)
 * @param validationQuery            a query run on every connection handed out (a round trip), or
 *                                   {@code null} to check only that the connection is open (the default)
 * @param serverOptions              other server settings sent at connect time
 * @param queryListener              told of every statement, or {@code null}
 * @param slowQueryThreshold         statements that take at least this long are logged at WARN under
 *                                   {@code io.ember.sql.slow}, or {@code null} for no slow-query log
 * @param observer                   told of every statement, transaction and of the pool (metrics,
 *                                   tracing), or {@code null}
 * @param externalTransactions       where transactions of another manager on this pool are found (Spring's,
 *                                   set by Ember's Spring Boot auto-configuration), or {@code null}: none looked for
 * @param coalescePointReads         whether concurrent {@code findById} calls outside transactions
 *                                   that would wait for a connection are merged into one statement
 *                                   (see {@code docs/performance.md})
 * @param coalesceMaxBatch           the most calls merged into one such statement
 */
public record DataSourceConfig(
        String name,
        String host,
        int port,
        String database,
        String user,
        String password,
        @Nullable String schema,
        String applicationName,
        int initialSize,
        int maxSize,
        Duration acquireTimeout,
        Duration maxIdleTime,
        Duration maxLifeTime,
        Duration connectTimeout,
        @Nullable Duration statementTimeout,
        boolean forceBinary,
        int preparedStatementCacheSize,
        @Nullable String validationQuery,
        Map<String, String> serverOptions,
        @Nullable QueryListener queryListener,
        @Nullable Duration slowQueryThreshold,
        @Nullable DataSourceObserver observer,
        @Nullable ExternalTransactions externalTransactions,
        boolean coalescePointReads,
        int coalesceMaxBatch) {

    /** Calls merged into one coalesced statement at most, unless configured. */
    public static final int DEFAULT_COALESCE_MAX_BATCH = 128;

    public DataSourceConfig {
        serverOptions = Map.copyOf(serverOptions);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** This configuration as a builder, to derive another. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.host = host;
        b.port = port;
        b.database = database;
        b.user = user;
        b.password = password;
        b.schema = schema;
        b.applicationName = applicationName;
        b.initialSize = initialSize;
        b.maxSize = maxSize;
        b.acquireTimeout = acquireTimeout;
        b.maxIdleTime = maxIdleTime;
        b.maxLifeTime = maxLifeTime;
        b.connectTimeout = connectTimeout;
        b.statementTimeout = statementTimeout;
        b.forceBinary = forceBinary;
        b.preparedStatementCacheSize = preparedStatementCacheSize;
        b.validationQuery = validationQuery;
        b.serverOptions.putAll(serverOptions);
        b.queryListener = queryListener;
        b.slowQueryThreshold = slowQueryThreshold;
        b.observer = observer;
        b.externalTransactions = externalTransactions;
        b.coalescePointReads = coalescePointReads;
        b.coalesceMaxBatch = coalesceMaxBatch;
        return b;
    }

    static Builder fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String url = env.get("EMBER_DB_URL");
        if (url != null && !url.isBlank()) {
            b.url(url);
        } else if (env.get("POSTGRES_HOST") != null && !env.get("POSTGRES_HOST").isBlank()) {
            b.host(env.get("POSTGRES_HOST"));
            b.port(Integer.parseInt(env.getOrDefault("POSTGRES_PORT", "5432")));
            b.database(env.getOrDefault("POSTGRES_DATABASE", "postgres"));
            b.user(env.getOrDefault("POSTGRES_USER", "postgres"));
            b.password(env.getOrDefault("POSTGRES_PASSWORD", ""));
        } else {
            throw new IllegalStateException("No database configured: set EMBER_DB_URL or POSTGRES_HOST "
                    + "(with POSTGRES_PORT, POSTGRES_DATABASE, POSTGRES_USER, POSTGRES_PASSWORD)");
        }
        String maxSize = env.get("EMBER_POOL_MAX_SIZE");
        if (maxSize != null && !maxSize.isBlank()) {
            b.maxSize(Integer.parseInt(maxSize.trim()));
        }
        return b;
    }

    @Override
    public String toString() {
        return "DataSourceConfig[" + name + " " + user + "@" + host + ":" + port + "/" + database
                + (schema == null ? "" : " schema=" + schema) + " pool=" + initialSize + ".." + maxSize + "]";
    }

    /** Builds a {@link DataSourceConfig} or, directly, a {@link PostgresDataSource}. */
    public static final class Builder {

        private String name = "ember";
        private String host = "localhost";
        private int port = 5432;
        private String database = "postgres";
        private String user = "postgres";
        private String password = "";
        private @Nullable String schema;
        private String applicationName = "ember";
        private int initialSize = 1;
        private int maxSize = 10;
        private Duration acquireTimeout = Duration.ofSeconds(10);
        private Duration maxIdleTime = Duration.ofMinutes(30);
        private Duration maxLifeTime = Duration.ofHours(1);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private @Nullable Duration statementTimeout;
        private boolean forceBinary = true;
        private int preparedStatementCacheSize = -1;
        private @Nullable String validationQuery;
        private final Map<String, String> serverOptions = new LinkedHashMap<>();
        private @Nullable QueryListener queryListener;
        private @Nullable Duration slowQueryThreshold;
        private @Nullable DataSourceObserver observer;
        private @Nullable ExternalTransactions externalTransactions;
        private boolean coalescePointReads = false;
        private int coalesceMaxBatch = DEFAULT_COALESCE_MAX_BATCH;

        private Builder() {
        }

        /** Host, port, database, user and password from an {@code r2dbc:postgresql://} URL. */
        public Builder url(String url) {
            ConnectionFactoryOptions o = ConnectionFactoryOptions.parse(Objects.requireNonNull(url, "url"));
            Object driver = o.getValue(ConnectionFactoryOptions.DRIVER);
            if (!"postgresql".equals(String.valueOf(driver)) && !"postgres".equals(String.valueOf(driver))) {
                throw new IllegalArgumentException("url must be an r2dbc:postgresql:// URL, was driver " + driver);
            }
            host(String.valueOf(o.getRequiredValue(ConnectionFactoryOptions.HOST)));
            Object p = o.getValue(ConnectionFactoryOptions.PORT);
            if (p != null) {
                port(Integer.parseInt(p.toString()));
            }
            Object db = o.getValue(ConnectionFactoryOptions.DATABASE);
            if (db != null) {
                database(db.toString());
            }
            Object u = o.getValue(ConnectionFactoryOptions.USER);
            if (u != null) {
                user(u.toString());
            }
            Object pw = o.getValue(ConnectionFactoryOptions.PASSWORD);
            if (pw != null) {
                password(pw.toString());
            }
            return this;
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder database(String database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** The schema every connection uses ({@code search_path}). */
        public Builder schema(@Nullable String schema) {
            this.schema = schema;
            return this;
        }

        public Builder applicationName(String applicationName) {
            this.applicationName = Objects.requireNonNull(applicationName, "applicationName");
            return this;
        }

        public Builder initialSize(int initialSize) {
            this.initialSize = initialSize;
            return this;
        }

        public Builder maxSize(int maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        public Builder acquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = Objects.requireNonNull(acquireTimeout, "acquireTimeout");
            return this;
        }

        public Builder maxIdleTime(Duration maxIdleTime) {
            this.maxIdleTime = Objects.requireNonNull(maxIdleTime, "maxIdleTime");
            return this;
        }

        public Builder maxLifeTime(Duration maxLifeTime) {
            this.maxLifeTime = Objects.requireNonNull(maxLifeTime, "maxLifeTime");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        public Builder statementTimeout(@Nullable Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
            return this;
        }

        public Builder forceBinary(boolean forceBinary) {
            this.forceBinary = forceBinary;
            return this;
        }

        public Builder preparedStatementCacheSize(int size) {
            this.preparedStatementCacheSize = size;
            return this;
        }

        /**
         * A query (such as {@code SELECT 1}) run on every connection before it is handed out, which
         * costs a round trip per acquire; {@code null} (the default) only checks that it is open.
         */
        public Builder validationQuery(@Nullable String validationQuery) {
            this.validationQuery = validationQuery;
            return this;
        }

        /** A server setting sent when connecting ({@code "lock_timeout", "5s"}). */
        public Builder serverOption(String key, String value) {
            serverOptions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Told of every statement when it ends: its SQL, bind count, duration, error and fetch size. */
        public Builder queryListener(@Nullable QueryListener queryListener) {
            this.queryListener = queryListener;
            return this;
        }

        /**
         * Logs every statement that takes at least {@code threshold} once, at WARN under
         * {@code io.ember.sql.slow}: its parameterised SQL (never bind values), duration, rows and how it
         * ended. {@code null} (the default) logs none.
         */
        public Builder slowQueryThreshold(@Nullable Duration threshold) {
            this.slowQueryThreshold = threshold;
            return this;
        }

        /**
         * Tells {@code observer} of every statement, transaction outcome and of the pool: how metrics
         * and tracing attach ({@code EmberObservability} from {@code io.ember.r2dbc.observation}, with
         * Micrometer on the classpath). {@code null} (the default) observes nothing, at no cost.
         */
        public Builder observer(@Nullable DataSourceObserver observer) {
            this.observer = observer;
            return this;
        }

        /**
         * Joins transactions another manager runs on this datasource's pool: when the subscriber's
         * context holds one, repository calls and Ember's units use its connection (see
         * {@link ExternalTransactions}); {@code null} (the default) looks for none.
         */
        public Builder externalTransactions(@Nullable ExternalTransactions externalTransactions) {
            this.externalTransactions = externalTransactions;
            return this;
        }

        /**
         * Whether concurrent {@code findById} calls outside transactions that would wait for a
         * connection (none idle and none can be opened) are merged into one
         * {@code WHERE id = ANY($1)} statement, each caller getting its own row; a call that finds an
         * idle connection runs alone, as without. Off by default. See {@code docs/performance.md}.
         */
        public Builder coalescePointReads(boolean coalescePointReads) {
            this.coalescePointReads = coalescePointReads;
            return this;
        }

        /** The most calls merged into one coalesced statement ({@value DataSourceConfig#DEFAULT_COALESCE_MAX_BATCH} by default). */
        public Builder coalesceMaxBatch(int coalesceMaxBatch) {
            this.coalesceMaxBatch = coalesceMaxBatch;
            return this;
        }

        /**
         * The validated configuration.
         *
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public DataSourceConfig buildConfig() {
            require(port > 0 && port < 65536, "port must be 1..65535, was " + port);
            require(maxSize >= 1, "maxSize must be >= 1, was " + maxSize);
            require(initialSize >= 0 && initialSize <= maxSize,
                    "initialSize must be 0..maxSize (" + maxSize + "), was " + initialSize);
            require(!acquireTimeout.isNegative() && !acquireTimeout.isZero(), "acquireTimeout must be positive");
            require(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be positive");
            require(!host.isBlank(), "host must not be blank");
            require(!database.isBlank(), "database must not be blank");
            require(preparedStatementCacheSize >= -1, "preparedStatementCacheSize must be >= -1");
            require(validationQuery == null || !validationQuery.isBlank(), "validationQuery must not be blank");
            require(slowQueryThreshold == null || !slowQueryThreshold.isNegative(),
                    "slowQueryThreshold must not be negative");
            require(coalesceMaxBatch >= 1, "coalesceMaxBatch must be >= 1, was " + coalesceMaxBatch);
            return new DataSourceConfig(name, host, port, database, user, password, schema, applicationName,
                    initialSize, maxSize, acquireTimeout, maxIdleTime, maxLifeTime, connectTimeout, statementTimeout,
                    forceBinary, preparedStatementCacheSize, validationQuery, serverOptions, queryListener,
                    slowQueryThreshold, observer, externalTransactions, coalescePointReads, coalesceMaxBatch);
        }

        /** Builds the configuration and the datasource over it. */
        public PostgresDataSource build() {
            return new PostgresDataSource(buildConfig());
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
