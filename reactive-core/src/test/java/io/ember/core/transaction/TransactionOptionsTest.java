package io.ember.core.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransactionOptionsTest {

    @Test
    void defaultsAreReadCommittedRequiredReadWriteWithoutTimeoutOrRetry() {
        TransactionOptions d = TransactionOptions.defaults();
        assertThat(d.isolation()).isEqualTo(Isolation.READ_COMMITTED);
        assertThat(d.propagation()).isEqualTo(Propagation.REQUIRED);
        assertThat(d.isReadOnly()).isFalse();
        assertThat(d.timeout()).isNull();
        assertThat(d.maxAttempts()).isEqualTo(1);
    }

    @Test
    void eachStepReturnsANewInstanceAndLeavesTheOriginalAlone() {
        TransactionOptions d = TransactionOptions.defaults();
        TransactionOptions s = d.isolation(Isolation.SERIALIZABLE).readOnly().timeout(Duration.ofSeconds(2))
                .propagation(Propagation.NESTED).retry(3, Duration.ofMillis(5));
        assertThat(d).isEqualTo(TransactionOptions.defaults());
        assertThat(s.isolation()).isEqualTo(Isolation.SERIALIZABLE);
        assertThat(s.isReadOnly()).isTrue();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.propagation()).isEqualTo(Propagation.NESTED);
        assertThat(s.maxAttempts()).isEqualTo(3);
        assertThat(s.backoff()).isEqualTo(Duration.ofMillis(5));
        assertThat(s).isNotEqualTo(d).hasToString(
                "TransactionOptions[SERIALIZABLE, read-only, NESTED, timeout=PT2S, retry=3x/PT0.005S]");
    }

    @Test
    void argumentsAreValidatedWithTheirNames() {
        TransactionOptions d = TransactionOptions.defaults();
        assertThatThrownBy(() -> d.timeout(Duration.ZERO)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> d.retry(0, Duration.ZERO)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> d.retry(2, Duration.ofMillis(-1))).hasMessageContaining("backoff");
        assertThatThrownBy(() -> d.isolation(null)).hasMessageContaining("isolation");
        assertThatThrownBy(() -> d.propagation(null)).hasMessageContaining("propagation");
    }
}
