package io.ember.r2dbc.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.BadSqlException;
import io.ember.core.error.InvalidFilterException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    @Test
    void patternsPostgresqlCannotCompileAreInvalidFilters() {
        Throwable regexp = SqlErrors.translate(new R2dbcBadGrammarException(
                "invalid regular expression: parentheses () not balanced", "2201B"), "SELECT 1");
        assertThat(regexp).isInstanceOfSatisfying(InvalidFilterException.class, e -> {
            assertThat(e.path()).isEqualTo("where");
            assertThat(e.getMessage()).contains("parentheses () not balanced");
        });
        Throwable like = SqlErrors.translate(new R2dbcDataIntegrityViolationException(
                "LIKE pattern must not end with escape character", "22025"), "SELECT 1");
        assertThat(like).isInstanceOf(InvalidFilterException.class);
    }

    @Test
    void otherGrammarErrorsStayBadSql() {
        assertThat(SqlErrors.translate(new R2dbcBadGrammarException("syntax error", "42601"), "SELEC 1"))
                .isInstanceOf(BadSqlException.class);
    }
}
