package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.CheckViolationException;
import io.ember.core.error.ForeignKeyViolationException;
import io.ember.core.error.NotNullViolationException;
import io.ember.core.error.UniqueViolationException;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** Database errors arrive as onError, typed by SQLSTATE, naming the constraint, the table and the SQL. */
@ExtendWith(EmberDatabaseExtension.class)
class ErrorTranslationIT {

    @Model(table = "accounts")
    record Account(@Id Long id, String email, Integer balance) {
    }

    @Model(table = "orders")
    record Order(@Id Long id, Long accountId) {
    }

    private static DefaultCrudRepository<Account, Long> accounts;
    private static DefaultCrudRepository<Order, Long> orders;

    @BeforeAll
    static void schema(EmberDatabase db) {
        db.execute("CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                        + "email text NOT NULL CONSTRAINT accounts_email_key UNIQUE, "
                        + "balance integer CONSTRAINT accounts_balance_positive CHECK (balance >= 0))",
                "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                        + "account_id bigint CONSTRAINT orders_account_fk REFERENCES accounts (id))");
        accounts = new DefaultCrudRepository<>(Account.class, db.dataSource());
        orders = new DefaultCrudRepository<>(Order.class, db.dataSource());
    }

    @Test
    void uniqueViolationNamesTheConstraint() {
        accounts.create(new Account(null, "dup@x.io", 1)).block();
        StepVerifier.create(accounts.create(new Account(null, "dup@x.io", 1)))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(UniqueViolationException.class);
                    UniqueViolationException u = (UniqueViolationException) e;
                    assertThat(u.sqlState()).isEqualTo("23505");
                    assertThat(u.constraint()).isEqualTo("accounts_email_key");
                    assertThat(u.table()).isEqualTo("accounts");
                    assertThat(u.sql()).startsWith("INSERT INTO \"accounts\"");
                    assertThat(u.isRetryable()).isFalse();
                })
                .verify();
    }

    @Test
    void foreignKeyNotNullAndCheckViolationsAreTyped() {
        StepVerifier.create(orders.create(new Order(null, 999_999L)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ForeignKeyViolationException.class)
                        .extracting("constraint").isEqualTo("orders_account_fk"))
                .verify();
        StepVerifier.create(accounts.create(new Account(null, null, 1)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(NotNullViolationException.class)
                        .extracting("sqlState").isEqualTo("23502"))
                .verify();
        StepVerifier.create(accounts.create(new Account(null, "neg@x.io", -5)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(CheckViolationException.class)
                        .extracting("constraint").isEqualTo("accounts_balance_positive"))
                .verify();
    }
}
