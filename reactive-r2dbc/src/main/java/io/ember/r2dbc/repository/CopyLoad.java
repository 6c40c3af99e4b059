package io.ember.r2dbc.repository;

import io.ember.core.repository.Options;
import io.ember.core.repository.Progress;
import io.ember.core.repository.ProgressMeter;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.sql.ModelSql;
import io.ember.r2dbc.sql.SqlStatement;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A COPY load: the entities' messages ({@link CopyMessages}) are sent as the driver asks for them,
 * so memory holds a few messages whatever the number of rows. The audit columns get the
 * subscriber's acting user. A source that fails makes the server abort the COPY (nothing is
 * stored) and the load fails with the source's own error.
 */
final class CopyLoad<T> {

    private final PostgresDataSource dataSource;
    private final WritePlan<T> plan;
    private final AuditUsers audit;
    private final SqlStatement copy;

    CopyLoad(PostgresDataSource dataSource, ModelSql<T> sql, WritePlan<T> plan, AuditUsers audit) {
        this.dataSource = dataSource;
        this.plan = plan;
        this.audit = audit;
        this.copy = sql.copyFrom(plan.insertColumns());
    }

    Mono<Long> load(Publisher<T> entities, Options options, String operation) {
        return audit.mono("load", user -> Mono.defer(() -> {
            Consumer<? super Progress> listener = options.progress();
            ProgressMeter meter = listener == null ? null : new ProgressMeter(operation, listener,
                    ProgressMeter.DEFAULT_INTERVAL);
            AtomicReference<Throwable> sourceError = new AtomicReference<>();
            Flux<Mono<ByteBuf>> data = CopyMessages.of(Flux.from(entities), plan, meter, user)
                    .doOnError(sourceError::set)
                    .map(Mono::just);
            return dataSource.withConnection(options.transaction(), c -> dataSource.runner().copyIn(c, copy, data))
                    .singleOrEmpty()
                    .onErrorMap(e -> sourceError.get() != null, e -> sourceError.get())
                    .doOnNext(count -> {
                        if (meter != null) {
                            meter.done(count);
                        }
                    });
        }));
    }
}
