package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.error.CheckViolationException;
import io.ember.core.error.ForeignKeyViolationException;
import io.ember.core.error.InvalidDataException;
import io.ember.core.error.NotNullViolationException;
import io.ember.core.error.UniqueViolationException;
import io.ember.core.model.Id;
import io.ember.core.model.Model;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import io.ember.core.filter.Where;
import io.ember.core.repository.Options;
import io.ember.core.repository.Patch;
import io.ember.r2dbc.sql.SqlStatement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
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

    /** Java types wider than their columns: the database is the one to refuse a value. */
    @Model(table = "samples")
    record Sample(@Id Long id, String code, Long small) {
        static Sample of(String code, Long small) {
            return new Sample(null, code, small);
        }
    }

    /** A finder of its own that casts text as users' SQL does. */
    static final class Samples extends DefaultCrudRepository<Sample, Long> {
        Samples(io.ember.r2dbc.datasource.PostgresDataSource ds) {
            super(Sample.class, ds);
        }

        Mono<String> castToUuidAndDate(String uuid, String day) {
            return query(new SqlStatement("SELECT $1::uuid::text || ' ' || $2::date::text", List.of(uuid, day)),
                    Options.defaults(), (row, meta) -> row.get(0, String.class)).singleOrEmpty();
        }
    }

    private static DefaultCrudRepository<Account, Long> accounts;
    private static Samples samples;
    private static DefaultCrudRepository<Order, Long> orders;

    @BeforeAll
    static void schema(EmberDatabase db) {
        db.execute("CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                        + "email text NOT NULL CONSTRAINT accounts_email_key UNIQUE, "
                        + "balance integer CONSTRAINT accounts_balance_positive CHECK (balance >= 0))",
                "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                        + "account_id bigint CONSTRAINT orders_account_fk REFERENCES accounts (id))");
        db.execute("CREATE TABLE samples (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code varchar(5), "
                + "small smallint)");
        samples = new Samples(db.dataSource());
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

    private static void assertInvalidData(Publisher<?> work, String sqlState, String serverSays, String sql) {
        StepVerifier.create(work)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(InvalidDataException.class).hasMessageContaining(serverSays);
                    InvalidDataException d = (InvalidDataException) e;
                    assertThat(d.sqlState()).isEqualTo(sqlState);
                    assertThat(d.sql()).startsWith(sql);
                    assertThat(d.isRetryable()).isFalse();
                })
                .verify();
    }

    @Test
    void aStringTooLongForItsColumnIsInvalidData() {
        assertInvalidData(samples.create(Sample.of("too long", null)), "22001",
                "too long for type character varying(5)", "INSERT INTO \"samples\"");
        StepVerifier.create(samples.create(Sample.of("too long", null)))
                .expectErrorSatisfies(e -> assertThat(((InvalidDataException) e).column())
                        .as("PostgreSQL names no column for 22001").isNull())
                .verify();
    }

    @Test
    void aNumberOutOfTheColumnsRangeIsInvalidData() {
        assertInvalidData(samples.create(Sample.of(null, 70_000L)), "22003", "smallint out of range",
                "INSERT INTO \"samples\"");
        assertInvalidData(samples.updateAll(Patch.of("small", 1L << 40), Where.where("small").isNull(),
                Options.defaults()), "22003", "smallint out of range", "UPDATE \"samples\"");
    }

    @Test
    void textThatIsNotAValueOfItsTypeIsInvalidData() {
        assertInvalidData(samples.castToUuidAndDate("not-a-uuid", "2026-02-28"), "22P02",
                "invalid input syntax for type uuid", "SELECT $1::uuid");
    }

    @Test
    void anInvalidOrOutOfRangeDateIsInvalidData() {
        String uuid = UUID.randomUUID().toString();
        assertInvalidData(samples.castToUuidAndDate(uuid, "someday"), "22007", "invalid input syntax for type date",
                "SELECT $1::uuid");
        assertInvalidData(samples.castToUuidAndDate(uuid, "2026-02-30"), "22008", "out of range", "SELECT $1::uuid");
        StepVerifier.create(samples.castToUuidAndDate(uuid, "2026-02-28"))
                .expectNext(uuid + " 2026-02-28").verifyComplete();
    }
}
