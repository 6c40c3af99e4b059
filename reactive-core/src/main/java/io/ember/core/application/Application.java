package io.ember.core.application;

import io.ember.core.model.ModelMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An application: named datasources and the repositories bound to them, registered explicitly with a
 * {@link Builder}, then started and stopped as one.
 *
 * <pre>{@code
 * Application app = Application.builder("blog")
 *         .dataSource("db", PostgresDataSource.fromEnvironment(), SchemaSteps.createTables())
 *         .repository(UserRepository.class)            // its constructor takes the datasource
 *         .repository(new PostRepository(ds))          // or an instance, bound to a registered datasource
 *         .build();
 * UserRepository users = app.repository(UserRepository.class);
 * Mono<Void> run = app.start()                         // checks every model and relation, opens the pools
 *         .then(serve(users))                          // the application's own work
 *         .then(app.stop(Duration.ofSeconds(10)));     // in-flight work finishes, new work is refused
 * }</pre>
 * Both {@code start()} and {@code stop(...)} are cold: nothing happens until subscription, and
 * neither blocks (a {@code main} may wait for {@code run} once, at its edge).
 *
 * <p>Each datasource's models are discovered from its repositories: {@link #models(String)} lists exactly
 * the models of the repositories bound to it. The registrations are fixed once built; lookups are map
 * reads, and nothing reflective happens after registration. Thread-safe.
 */
public final class Application {

    /** Where an application is in its life. */
    public enum State {
        /** Built, not started. */
        NEW,
        /** {@link #start()} is running. */
        STARTING,
        /** Started: pools open, schema step done. */
        STARTED,
        /** {@link #stop(Duration)} is running. */
        STOPPING,
        /** Stopped, or its start failed: its pools are closed. */
        STOPPED
    }

    private final String name;
    private final Map<String, DataSourceEntry> dataSources;
    private final Map<String, RepositoryEntry> repositories;
    private final List<FailedRepository> failures;
    private final List<String> order;
    private final List<String> repositoryOrder;
    private final Lifecycle lifecycle;

    private Application(Builder builder) {
        this.name = builder.name;
        this.dataSources = Map.copyOf(builder.dataSources);
        this.repositories = Map.copyOf(builder.repositories);
        this.failures = List.copyOf(builder.failures);
        this.order = List.copyOf(builder.dataSources.keySet());
        this.repositoryOrder = List.copyOf(builder.repositories.keySet());
        this.lifecycle = new Lifecycle(name, List.copyOf(builder.dataSources.values()), this::models);
    }

    /** A builder for an application of that name (used in messages and logs). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The application's name. */
    public String name() {
        return name;
    }

    /** Where it is in its life. */
    public State state() {
        return lifecycle.state();
    }

    /** The names of its datasources, in registration order. */
    public List<String> dataSourceNames() {
        return order;
    }

    /** The names of its repositories, in registration order (a class's simple name unless given). */
    public List<String> repositoryNames() {
        return repositoryOrder;
    }

    /**
     * The datasource registered under that name.
     *
     * @throws IllegalArgumentException when there is none, or it is not a {@code type}
     */
    public <D extends ManagedDataSource> D dataSource(String name, Class<D> type) {
        DataSourceEntry entry = dataSources.get(Objects.requireNonNull(name, "name"));
        if (entry == null) {
            throw new IllegalArgumentException("Application '" + this.name + "' has no datasource '" + name
                    + "'; it has " + order);
        }
        return cast(entry.dataSource(), type, "datasource '" + name + "'");
    }

    /**
     * The repository registered under that name.
     *
     * @throws IllegalArgumentException when there is none, or it is not a {@code type}
     */
    public <R> R repository(String name, Class<R> type) {
        RepositoryEntry entry = repositories.get(Objects.requireNonNull(name, "name"));
        if (entry == null) {
            throw new IllegalArgumentException("Application '" + this.name + "' has no repository '" + name
                    + "'; it has " + repositoryOrder);
        }
        return cast(entry.repository(), type, "repository '" + name + "'");
    }

    /**
     * The one repository that is a {@code type}.
     *
     * @throws IllegalArgumentException when none is, or several are (look those up by name)
     */
    public <R> R repository(Class<R> type) {
        Objects.requireNonNull(type, "type");
        List<String> matching = repositoryOrder.stream()
                .filter(n -> type.isInstance(repositories.get(n).repository())).toList();
        if (matching.size() != 1) {
            throw new IllegalArgumentException("Application '" + name + "' has " + (matching.isEmpty() ? "no"
                    : matching.size() + " (" + matching + ")") + " repositories of type " + type.getName()
                    + (matching.isEmpty() ? "" : "; look one up by name"));
        }
        return type.cast(repositories.get(matching.get(0)).repository());
    }

    /**
     * The models of a datasource: exactly those of the repositories bound to it, each once, in
     * registration order.
     *
     * @throws IllegalArgumentException when there is no such datasource
     */
    public List<ModelMetadata<?>> models(String dataSource) {
        dataSource(dataSource, ManagedDataSource.class);
        return repositoryOrder.stream().map(repositories::get).filter(r -> r.dataSource().equals(dataSource))
                .<ModelMetadata<?>>map(r -> r.repository().model()).distinct().toList();
    }

    /**
     * Starts: checks every model and every relation of every datasource (a relation's target and junction
     * must be models of the same datasource), opens every pool, then runs each datasource's schema step.
     * Fails fast with one {@link ApplicationStartException} listing every problem found; its pools are then
     * closed and the application is {@link State#STOPPED}. An application starts once. Cold: nothing
     * happens until subscription.
     */
    public Mono<Void> start() {
        return lifecycle.start(() -> {
            Map<String, List<ModelMetadata<?>>> models = new LinkedHashMap<>();
            order.forEach(ds -> models.put(ds, models(ds)));
            return ModelCheck.problems(models, failures);
        }, "datasources " + order + ", repositories " + repositoryOrder);
    }

    /**
     * Stops gracefully: every datasource refuses new work at once (with
     * {@link io.ember.core.error.DataSourceClosedException}), the work in flight gets up to {@code deadline}
     * to give its connections back, then the pools close. Completes when every pool is closed; never
     * errors; stopping again does nothing. Cold.
     */
    public Mono<Void> stop(Duration deadline) {
        return lifecycle.stop(Objects.requireNonNull(deadline, "deadline"));
    }

    /** {@link #stop(Duration)} with a deadline of 30 seconds. */
    public Mono<Void> stop() {
        return stop(Duration.ofSeconds(30));
    }

    private static <T> T cast(Object value, Class<T> type, String what) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("The " + what + " is a " + value.getClass().getName() + ", not a "
                    + type.getName());
        }
        return type.cast(value);
    }

    @Override
    public String toString() {
        return "Application[" + name + ", " + lifecycle.state() + ", datasources " + order + ", repositories "
                + repositoryOrder + "]";
    }

    /**
     * Registers datasources and repositories. Not thread-safe; {@link #build()} fixes the registrations.
     * Mistakes (a duplicate name, an unknown datasource, a class without a suitable constructor) throw at
     * once; a repository class whose constructor fails on its model is kept, and {@link Application#start()}
     * reports it with every other problem.
     */
    public static final class Builder {

        private final String name;
        private final Map<String, DataSourceEntry> dataSources = new LinkedHashMap<>();
        private final Map<String, RepositoryEntry> repositories = new LinkedHashMap<>();
        private final List<FailedRepository> failures = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Registers a datasource, with no schema step. */
        public Builder dataSource(String name, ManagedDataSource dataSource) {
            return add(name, dataSource, null);
        }

        /** Registers a datasource and the schema step {@link Application#start()} runs on it once it is open. */
        public <D extends ManagedDataSource> Builder dataSource(String name, D dataSource, SchemaStep<? super D> schema) {
            Objects.requireNonNull(schema, "schema");
            return add(name, dataSource, models -> schema.apply(dataSource, models));
        }

        private Builder add(String name, ManagedDataSource dataSource,
                            @Nullable Function<List<ModelMetadata<?>>, Mono<Void>> schema) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dataSource, "dataSource");
            if (dataSources.containsKey(name)) {
                throw new IllegalArgumentException("A datasource named '" + name + "' is already registered");
            }
            if (dataSources.values().stream().anyMatch(e -> e.dataSource() == dataSource)) {
                throw new IllegalArgumentException("That datasource is already registered (as '"
                        + nameOf(dataSource) + "')");
            }
            dataSources.put(name, new DataSourceEntry(name, dataSource, schema));
            return this;
        }

        /**
         * Registers a repository instance under its class's simple name; its datasource must be registered.
         */
        public Builder repository(ManagedRepository repository) {
            return repository(Objects.requireNonNull(repository, "repository").getClass().getSimpleName(), repository);
        }

        /** Registers a repository instance under a name; its datasource must be registered. */
        public Builder repository(String name, ManagedRepository repository) {
            Objects.requireNonNull(repository, "repository");
            String dataSource = nameOf(repository.dataSource());
            if (dataSource == null) {
                throw new IllegalArgumentException("Repository " + name + " is bound to a datasource that is not"
                        + " registered; register its datasource first");
            }
            return put(new RepositoryEntry(name, repository, dataSource));
        }

        /**
         * Registers a repository class, created now with the application's only datasource (its public
         * constructor that takes it), under its simple name.
         *
         * @throws IllegalArgumentException when there is not exactly one datasource, or no such constructor
         */
        public Builder repository(Class<? extends ManagedRepository> type) {
            if (dataSources.size() != 1) {
                throw new IllegalArgumentException("Name the datasource of " + type.getName() + ": the application has "
                        + dataSources.size() + " datasources " + dataSources.keySet());
            }
            return repository(type, dataSources.keySet().iterator().next());
        }

        /**
         * Registers a repository class, created now with the named datasource (its public constructor that
         * takes it), under its simple name.
         *
         * @throws IllegalArgumentException when there is no such datasource or constructor
         */
        public Builder repository(Class<? extends ManagedRepository> type, String dataSource) {
            Objects.requireNonNull(type, "type");
            DataSourceEntry entry = dataSources.get(Objects.requireNonNull(dataSource, "dataSource"));
            if (entry == null) {
                throw new IllegalArgumentException("No datasource named '" + dataSource + "' is registered; it has "
                        + dataSources.keySet());
            }
            String repositoryName = type.getSimpleName();
            if (repositories.containsKey(repositoryName)
                    || failures.stream().anyMatch(f -> f.name().equals(repositoryName))) {
                throw new IllegalArgumentException("A repository named '" + repositoryName + "' is already registered");
            }
            try {
                return put(new RepositoryEntry(repositoryName, RepositoryFactory.create(type, entry.dataSource()),
                        dataSource));
            } catch (RepositoryFactory.ConstructorFailure e) {
                failures.add(new FailedRepository(repositoryName, dataSource, e.getCause()));
                return this;
            }
        }

        private Builder put(RepositoryEntry entry) {
            if (repositories.putIfAbsent(entry.name(), entry) != null) {
                throw new IllegalArgumentException("A repository named '" + entry.name() + "' is already registered");
            }
            return this;
        }

        private @Nullable String nameOf(ManagedDataSource dataSource) {
            return dataSources.values().stream().filter(e -> e.dataSource() == dataSource)
                    .map(DataSourceEntry::name).findFirst().orElse(null);
        }

        /** The application, with these registrations fixed. */
        public Application build() {
            return new Application(this);
        }
    }
}
