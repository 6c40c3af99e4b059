package io.ember.r2dbc.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.ConnectionFailedException;
import io.ember.core.error.ConnectionLostException;
import io.ember.core.error.UniqueViolationException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ConnectionErrorsTest {

    private static R2dbcNonTransientResourceException state(String sqlState, String message) {
        return new R2dbcNonTransientResourceException(message, sqlState);
    }

    @Test
    void connectionExceptionsAndTerminatedBackendsAreLost() {
        assertThat(ConnectionErrors.isLost(state("08006", "Connection unexpectedly closed"))).isTrue();
        assertThat(ConnectionErrors.isLost(state("57P01", "terminating connection due to administrator command")))
                .isTrue();
        assertThat(ConnectionErrors.isLost(state("57P02", "terminating connection because of crash"))).isTrue();
        assertThat(ConnectionErrors.isLost(new R2dbcNonTransientResourceException("Connection validation failed")))
                .isTrue();
        assertThat(ConnectionErrors.isLost(new RuntimeException("wrapped", new IOException("reset")))).isTrue();
    }

    @Test
    void otherErrorsAreNotLost() {
        assertThat(ConnectionErrors.isLost(new R2dbcDataIntegrityViolationException("dup", "23505"))).isFalse();
        assertThat(ConnectionErrors.isLost(state("57014", "canceling statement due to statement timeout"))).isFalse();
        assertThat(ConnectionErrors.isLost(new IllegalStateException("boom"))).isFalse();
    }

    @Test
    void aLostReadIsRetryableALostWriteIsNot() {
        R2dbcNonTransientResourceException killed = state("57P01", "terminating connection due to administrator command");
        assertThat(ConnectionErrors.lost(killed, "SELECT id FROM users WHERE id = $1").isRetryable()).isTrue();
        assertThat(ConnectionErrors.lost(killed, "INSERT INTO users VALUES ($1)").isRetryable()).isFalse();
        assertThat(ConnectionErrors.lost(killed, null).isRetryable()).isFalse();
    }

    @Test
    void aStatementThatNeverReachedTheServerIsRetryableEvenWhenItWrites() {
        R2dbcNonTransientResourceException closed = state("08006",
                "[cid: 0x1] Cannot exchange messages because the connection is closed");
        ConnectionLostException lost = ConnectionErrors.lost(closed, "INSERT INTO users VALUES ($1)");
        assertThat(lost.isRetryable()).isTrue();
        assertThat(lost.sqlState()).isEqualTo("08006");
        assertThat(lost.sql()).isEqualTo("INSERT INTO users VALUES ($1)");
    }

    @Test
    void sqlErrorsTranslatesALostConnectionToConnectionLostException() {
        Throwable translated = SqlErrors.translate(state("08006", "Connection unexpectedly closed"), "SELECT 1");
        assertThat(translated).isInstanceOf(ConnectionLostException.class);
        assertThat(SqlErrors.translate(new R2dbcDataIntegrityViolationException("dup", "23505"), "INSERT"))
                .isInstanceOf(UniqueViolationException.class);
    }

    @Test
    void aRefusedConnectionIsRetryableARefusedLoginIsNot() {
        ConnectionFailedException refused = ConnectionErrors.failed(state("08003", "Cannot connect to localhost:1"),
                "'app' (localhost:1/app)");
        assertThat(refused.isRetryable()).isTrue();
        assertThat(refused).hasMessageContaining("'app' (localhost:1/app)").hasMessageContaining("Cannot connect");
        assertThat(ConnectionErrors.failed(state("28P01", "password authentication failed"), "x").isRetryable())
                .isFalse();
    }
}
