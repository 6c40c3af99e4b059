package io.ember.r2dbc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.core.error.PersistenceException;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import io.ember.r2dbc.sql.SqlStatement;
import io.ember.r2dbc.testing.Fixtures.Note;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** What a user's test class gets from the extension: its schema, injected datasources and repositories, counted statements, the leak check. */
@ExtendWith(EmberDatabaseExtension.class)
class EmberDatabaseExtensionIT {

    private static DefaultCrudRepository<Note, Long> notes;

    @BeforeAll
    static void schema(EmberDatabase db) {
        db.createTables(Note.class);
        notes = db.repository(Note.class);
    }

    @BeforeEach
    void aStatementBeforeEachTest(PostgresDataSource ds) {
        StepVerifier.create(notes.count()).expectNextCount(1).verifyComplete();
    }

    @Test
    void theInjectedDataSourceWorksInTheClassSchema(PostgresDataSource ds, EmberDatabase db) {
        assertThat(ds).isSameAs(db.dataSource());
        StepVerifier.create(ds.withConnection(c -> Flux.from(c.createStatement("SELECT current_schema()").execute())
                        .concatMap(r -> r.map((row, meta) -> row.get(0, String.class)))).next())
                .expectNext(db.schema())
                .verifyComplete();
        assertThat(db.schema()).startsWith("it_emberdatabaseextensionit_");
    }

    @Test
    void theCounterCountsOnlyTheTestMethodsStatements(QueryCounter queries, EmberDatabase db) {
        assertThat(queries).as("the same counter as the database's").isSameAs(db.queries());
        assertThat(queries.count()).as("the @BeforeEach statement is not counted").isZero();
        StepVerifier.create(notes.create(new Note(null, "counted")).flatMap(n -> notes.findById(n.id())))
                .assertNext(n -> assertThat(n.body()).isEqualTo("counted"))
                .verifyComplete();
        assertThat(queries.count()).isEqualTo(2);
        assertThat(queries.statements().get(0)).startsWith("INSERT INTO");
        assertThat(queries.count(sql -> sql.startsWith("SELECT"))).isEqualTo(1);
        assertThat(queries.failures()).isZero();
    }

    @Test
    void aFailedStatementIsCountedAsAFailure(QueryCounter queries, PostgresDataSource ds) {
        StepVerifier.create(ds.withConnection(c -> ds.runner().update(c, SqlStatement.of("SELECT 1/0"))))
                .verifyError(PersistenceException.class);
        assertThat(queries.count()).isEqualTo(1);
        assertThat(queries.failures()).isEqualTo(1);
        assertThat(queries.events().get(0).error()).isNotNull();
    }

    @Test
    void anotherDataSourceIsCountedAndKeepsItsOwnListener(EmberDatabase db, QueryCounter queries) {
        List<String> own = new CopyOnWriteArrayList<>();
        PostgresDataSource other = db.newDataSource(b -> b.name("other").maxSize(2).queryListener(e -> own.add(e.sql())));
        StepVerifier.create(new DefaultCrudRepository<Note, Long>(Note.class, other).findById(-1L)).verifyComplete();
        assertThat(own).singleElement().asString().startsWith("SELECT").contains("notes");
        assertThat(queries.statements()).as("counted by both").containsExactlyElementsOf(own);
    }

    @Nested
    class NestedTests {

        @Test
        void aNestedClassSharesItsOuterClassSchema(EmberDatabase db, PostgresDataSource ds) {
            assertThat(db.schema()).startsWith("it_emberdatabaseextensionit_");
            StepVerifier.create(new DefaultCrudRepository<Note, Long>(Note.class, ds).count())
                    .expectNext(db.queryLong("SELECT count(*) FROM notes"))
                    .verifyComplete();
        }
    }

    @Test
    void aConnectionLeftAcquiredFailsTheTestNamingThePool() {
        Fixtures.LEAKED.clear();
        TestExecutionSummary summary = Fixtures.run(Fixtures.LeakingTests.class);
        try {
            assertThat(summary.getTestsStartedCount()).isEqualTo(1);
            assertThat(summary.getFailures()).singleElement().satisfies(f -> assertThat(f.getException())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Connection leak")
                    .hasMessageContaining("it_leakingtests_")
                    .hasMessageContaining("1 acquired"));
        } finally {
            Flux.fromIterable(Fixtures.LEAKED).concatMap(c -> Mono.from(c.close()).onErrorComplete())
                    .then().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void eachTestClassGetsASchemaOfItsOwnDroppedAfterIt(EmberDatabase db) {
        Fixtures.SCHEMAS.clear();
        TestExecutionSummary summary = Fixtures.run(Fixtures.FirstSchemaTests.class, Fixtures.SecondSchemaTests.class);
        assertThat(summary.getFailures()).as("both classes create table notes, each in its own schema").isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(Fixtures.SCHEMAS).hasSize(2).doesNotHaveDuplicates().allMatch(s -> !s.equals(db.schema()));
        for (String schema : Fixtures.SCHEMAS) {
            assertThat(db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'"))
                    .as("schema %s after its class", schema).isZero();
        }
    }
}
