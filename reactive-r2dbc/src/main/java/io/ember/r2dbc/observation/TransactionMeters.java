package io.ember.r2dbc.observation;

import io.ember.r2dbc.transaction.TransactionOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Transaction outcomes: {@value DbKeys#TRANSACTIONS} by {@code outcome} ({@code commit}, {@code rollback},
 * {@code commit_failed}, {@code rollback_failed}) and {@value DbKeys#TRANSACTION_RETRIES}, per datasource.
 */
final class TransactionMeters {

    private static final TransactionOutcome[] OUTCOMES = TransactionOutcome.values();

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter[]> counters = new ConcurrentHashMap<>();

    TransactionMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String dataSource, TransactionOutcome outcome) {
        Counter[] byOutcome = counters.get(dataSource);
        if (byOutcome == null) {
            byOutcome = counters.computeIfAbsent(dataSource, this::register);
        }
        byOutcome[outcome.ordinal()].increment();
    }

    private Counter[] register(String dataSource) {
        Counter[] byOutcome = new Counter[OUTCOMES.length];
        for (TransactionOutcome outcome : OUTCOMES) {
            Counter.Builder counter = outcome == TransactionOutcome.RETRY
                    ? Counter.builder(DbKeys.TRANSACTION_RETRIES)
                            .description("Units run again in a new transaction after a retryable failure")
                    : Counter.builder(DbKeys.TRANSACTIONS)
                            .description("Transactions that ended, by outcome")
                            .tag(DbKeys.OUTCOME, outcome.name().toLowerCase(Locale.ROOT));
            byOutcome[outcome.ordinal()] = counter.tag(DbKeys.SYSTEM, DbKeys.POSTGRESQL)
                    .tag(DbKeys.POOL, dataSource)
                    .register(registry);
        }
        return byOutcome;
    }
}
