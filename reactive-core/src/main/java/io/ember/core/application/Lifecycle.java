package io.ember.core.application;

import io.ember.core.application.Application.State;
import io.ember.core.model.ModelMetadata;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The start and the stop of an application's datasources, and its state. Every publisher is cold.
 */
final class Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private final String application;
    private final List<DataSourceEntry> dataSources;
    private final Function<String, List<ModelMetadata<?>>> models;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    /**
     * @param dataSources the datasources, in registration order
     * @param models      the models of a datasource, by its name
     */
    Lifecycle(String application, List<DataSourceEntry> dataSources, Function<String, List<ModelMetadata<?>>> models) {
        this.application = application;
        this.dataSources = List.copyOf(dataSources);
        this.models = models;
    }

    State state() {
        return state.get();
    }

    /** Checks ({@code problems}), opens every pool, runs the schema steps; see {@link Application#start()}. */
    Mono<Void> start(Supplier<List<String>> problems, String description) {
        return Mono.defer(() -> {
            if (!state.compareAndSet(State.NEW, State.STARTING)) {
                return Mono.error(new ApplicationStartException(application, List.of(
                        "it is " + state.get() + "; an application starts once")));
            }
            List<String> found = problems.get();
            if (!found.isEmpty()) {
                return fail(found);
            }
            return each(entry -> entry.dataSource().open(), "could not open")
                    .flatMap(opened -> opened.isEmpty() ? each(this::schema, "schema step failed") : Mono.just(opened))
                    .flatMap(late -> late.isEmpty() ? started(description) : fail(late));
        }).doOnCancel(() -> state.compareAndSet(State.STARTING, State.NEW));
    }

    /** Closes every pool gracefully, once; see {@link Application#stop(Duration)}. */
    Mono<Void> stop(Duration deadline) {
        return Mono.defer(() -> {
            State before = state.getAndSet(State.STOPPING);
            if (before == State.STOPPED || before == State.STOPPING) {
                state.set(before);
                return Mono.empty();
            }
            return closeAll(deadline)
                    .doFinally(signal -> state.set(State.STOPPED))
                    .doOnSuccess(v -> LOG.info("Application '{}' stopped", application));
        });
    }

    private Mono<Void> schema(DataSourceEntry entry) {
        Function<List<ModelMetadata<?>>, Mono<Void>> step = entry.schema();
        return step == null ? Mono.empty() : Mono.defer(() -> step.apply(models.apply(entry.name())));
    }

    /** Runs work on every datasource, all at once; emits the problems, one per datasource that failed. */
    private Mono<List<String>> each(Function<DataSourceEntry, Mono<Void>> work, String what) {
        return Flux.fromIterable(dataSources)
                .flatMapSequential(entry -> Mono.defer(() -> work.apply(entry)).then(Mono.<String>empty())
                        .onErrorResume(e -> Mono.just("Datasource '" + entry.name() + "' " + what + ": " + e.getMessage())))
                .collectList();
    }

    private Mono<Void> started(String description) {
        return Mono.fromRunnable(() -> {
            state.compareAndSet(State.STARTING, State.STARTED);
            LOG.info("Application '{}' started: {}", application, description);
        });
    }

    private Mono<Void> fail(List<String> problems) {
        ApplicationStartException error = new ApplicationStartException(application, problems);
        return closeAll(Duration.ZERO)
                .doFinally(signal -> state.set(State.STOPPED))
                .then(Mono.error(error));
    }

    private Mono<Void> closeAll(Duration deadline) {
        return Flux.fromIterable(dataSources).flatMap(entry -> entry.dataSource().closeGracefully(deadline)).then();
    }
}
