package io.ember.r2dbc.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.ember.core.audit.Auditor;
import io.ember.core.error.CheckViolationException;
import io.ember.core.filter.Filter;
import io.ember.core.model.CreatedBy;
import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Model;
import io.ember.core.repository.Options;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * A {@code createAll} chunk of {@link CopyInserts#MIN_ROWS} rows or more goes through COPY where it
 * behaves as the INSERT would, and stores and returns what the INSERT would; where it would not
 * (row-level security, rules, a sequence the role may not use), the chunk is inserted.
 */
@ExtendWith(EmberDatabaseExtension.class)
class CreateAllCopyIT {

    @Model(table = "copied_people")
    record Person(@Id Long id, String name, int age, @CreatedBy String createdBy) {
    }

    @Model(table = "copied_tokens")
    record Token(@Id(strategy = IdStrategy.UUID) UUID id, String name) {
    }

    private static final int ROWS = CopyInserts.MIN_ROWS * 3 / 2;
    private static final List<String> STATEMENTS = new CopyOnWriteArrayList<>();
    private static EmberDatabase db;
    private static PostgresDataSource ds;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        ds = db.newDataSource(b -> b.queryListener(e -> STATEMENTS.add(e.sql())));
        SchemaGenerator.createTables(ds, Person.class, Token.class).block(Duration.ofSeconds(30));
        db.execute("ALTER TABLE copied_people ADD CONSTRAINT copied_people_age CHECK (age >= 0)");
    }

    @BeforeEach
    void clean() {
        db.execute("DROP POLICY IF EXISTS everyone ON copied_people",
                "ALTER TABLE copied_people DISABLE ROW LEVEL SECURITY",
                "DROP RULE IF EXISTS no_op ON copied_people",
                "TRUNCATE copied_people, copied_tokens RESTART IDENTITY");
        STATEMENTS.clear();
    }

    private static List<Person> people(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Person(null, "p" + i, i % 90, null)).toList();
    }

    private static long count(String prefix) {
        return STATEMENTS.stream().filter(sql -> sql.startsWith(prefix)).count();
    }

    private List<Person> stored(DefaultCrudRepository<Person, Long> repo) {
        return repo.find(Filter.empty().orderBy("id ASC")).collectList().block(Duration.ofSeconds(30));
    }

    @Test
    void aLargeChunkIsOneCopyWithItsIdsTakenFirstAndTheActingUserFilledIn() {
        DefaultCrudRepository<Person, Long> repo = new DefaultCrudRepository<>(Person.class, ds);
        List<Person> created = repo.createAll(people(ROWS)).contextWrite(Auditor.withUser("ada"))
                .collectList().block(Duration.ofSeconds(30));
        assertThat(count("SELECT min(v), max(v)")).isEqualTo(1);
        assertThat(STATEMENTS).filteredOn(sql -> sql.startsWith("COPY")).singleElement().asString()
                .startsWith("COPY \"copied_people\" (\"id\", \"name\"");
        assertThat(count("INSERT")).isZero();
        assertThat(created).extracting(Person::createdBy).containsOnly("ada");
        assertThat(created).as("row for row, ids included").isEqualTo(stored(repo));
    }

    /** The rows a publisher holds stay as they were: a second subscription writes its own user. */
    @Test
    void aSecondSubscriptionWritesItsOwnActingUser() {
        DefaultCrudRepository<Person, Long> repo = new DefaultCrudRepository<>(Person.class, ds);
        Flux<Person> create = repo.createAll(people(ROWS));
        create.contextWrite(Auditor.withUser("ada")).blockLast(Duration.ofSeconds(30));
        List<Person> second = create.contextWrite(Auditor.withUser("bo")).collectList().block(Duration.ofSeconds(30));
        assertThat(second).extracting(Person::createdBy).containsOnly("bo");
        assertThat(db.queryLong("SELECT count(*) FROM copied_people WHERE created_by = 'ada'")).isEqualTo(ROWS);
        assertThat(db.queryLong("SELECT count(*) FROM copied_people WHERE created_by = 'bo'")).isEqualTo(ROWS);
    }

    /** The tables above have {@code GENERATED ALWAYS AS IDENTITY} ids (as Ember's DDL writes them); a bigserial id too. */
    @Test
    void aBigserialIdTakesItsIdsFromItsSequence() {
        db.execute("CREATE TABLE always_people (id bigserial PRIMARY KEY, name text, age int NOT NULL)");
        var repo = new DefaultCrudRepository<>(AlwaysPerson.class, ds);
        List<AlwaysPerson> created = repo.createAll(IntStream.range(0, ROWS)
                .mapToObj(i -> new AlwaysPerson(null, "a" + i, i)).toList()).collectList().block(Duration.ofSeconds(30));
        assertThat(count("COPY \"always_people\"")).isEqualTo(1);
        assertThat(created).isEqualTo(repo.find(Filter.empty().orderBy("id ASC")).collectList().block());
        assertThat(repo.create(new AlwaysPerson(null, "next", 1)).block().id())
                .as("the sequence moved past the ids the COPY wrote").isEqualTo(ROWS + 1L);

        // a sequence that steps by 3 answers in runs of one value each: every row still gets its own
        db.execute("ALTER SEQUENCE always_people_id_seq INCREMENT BY 3");
        List<AlwaysPerson> stepped = repo.createAll(IntStream.range(0, ROWS)
                .mapToObj(i -> new AlwaysPerson(null, "s" + i, i)).toList()).collectList().block(Duration.ofSeconds(30));
        assertThat(stepped).extracting(AlwaysPerson::id)
                .containsExactlyElementsOf(IntStream.range(0, ROWS).mapToObj(i -> ROWS + 4L + 3L * i).toList());
        assertThat(repo.find(Filter.empty().orderBy("id ASC")).collectList().block()).endsWith(stepped.toArray(AlwaysPerson[]::new));
        db.execute("DROP TABLE always_people");
    }

    @Model(table = "always_people")
    record AlwaysPerson(@Id Long id, String name, int age) {
    }

    @Test
    void aClientIdNeedsNoSequence() {
        var repo = new DefaultCrudRepository<>(Token.class, ds);
        List<Token> created = repo.createAll(IntStream.range(0, ROWS).mapToObj(i -> new Token(null, "t" + i)).toList())
                .collectList().block(Duration.ofSeconds(30));
        assertThat(count("COPY \"copied_tokens\"")).isEqualTo(1);
        assertThat(count("SELECT min(v), max(v)")).isZero();
        assertThat(created).extracting(Token::id).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(repo.find(Filter.empty()).collectList().block()).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void createAllCountCopiesWithoutTakingIds() {
        DefaultCrudRepository<Person, Long> repo = new DefaultCrudRepository<>(Person.class, ds);
        assertThat(repo.createAllCount(Flux.fromIterable(people(ROWS)), Options.defaults()).block()).isEqualTo(ROWS);
        assertThat(STATEMENTS).filteredOn(sql -> sql.startsWith("COPY")).singleElement().asString()
                .startsWith("COPY \"copied_people\" (\"name\"");
        assertThat(count("SELECT min(v), max(v)")).isZero();
        assertThat(db.queryLong("SELECT max(id) FROM copied_people")).isEqualTo(ROWS);
    }

    @Test
    void aRowTheServerRefusesFailsTheCallAsAnInsertWouldAndStoresNothing() {
        DefaultCrudRepository<Person, Long> repo = new DefaultCrudRepository<>(Person.class, ds);
        List<Person> rows = IntStream.range(0, ROWS).mapToObj(i -> new Person(null, "p" + i, i == ROWS - 7 ? -1 : 1, null))
                .toList();
        StepVerifier.create(repo.createAll(rows)).expectError(CheckViolationException.class).verify(Duration.ofSeconds(30));
        assertThat(count("COPY")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM copied_people")).isZero();
    }

    @Test
    void rowLevelSecurityOrARuleKeepsTheInsert() {
        db.execute("ALTER TABLE copied_people ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY everyone ON copied_people USING (true)");
        var secured = new DefaultCrudRepository<>(Person.class, ds);
        assertThat(secured.createAll(people(ROWS)).count().block()).isEqualTo(ROWS);

        db.execute("ALTER TABLE copied_people DISABLE ROW LEVEL SECURITY",
                "CREATE RULE no_op AS ON INSERT TO copied_people DO ALSO NOTIFY copied_people_inserted");
        var ruled = new DefaultCrudRepository<>(Person.class, ds);
        assertThat(ruled.createAll(people(ROWS)).count().block()).isEqualTo(ROWS);

        assertThat(count("COPY")).isZero();
        assertThat(count("INSERT")).isEqualTo(2);
        assertThat(db.queryLong("SELECT count(*) FROM copied_people")).isEqualTo(2L * ROWS);
    }

    /** COPY FROM fires the table's row and statement INSERT triggers, as the INSERT did. */
    @Test
    void triggersFireForACopiedChunkAsForAnInsertedOne() {
        db.execute("CREATE TABLE IF NOT EXISTS copied_people_log (statements int)",
                "TRUNCATE copied_people_log",
                "CREATE OR REPLACE FUNCTION copied_people_upper() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN NEW.name := upper(NEW.name); RETURN NEW; END $$",
                "CREATE OR REPLACE FUNCTION copied_people_count() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN INSERT INTO copied_people_log VALUES (1); RETURN NULL; END $$",
                "CREATE TRIGGER upper_name BEFORE INSERT ON copied_people FOR EACH ROW EXECUTE FUNCTION copied_people_upper()",
                "CREATE TRIGGER count_statements AFTER INSERT ON copied_people FOR EACH STATEMENT EXECUTE FUNCTION copied_people_count()");
        try {
            var copying = new DefaultCrudRepository<>(Person.class, ds);
            var inserting = new DefaultCrudRepository<>(Person.class, ds,
                    io.ember.core.repository.RepositorySettings.defaults().withBatchSize(CopyInserts.MIN_ROWS - 1));
            copying.createAll(people(ROWS)).blockLast(Duration.ofSeconds(30));
            long copiedStatements = db.queryLong("SELECT count(*) FROM copied_people_log");
            inserting.createAll(people(CopyInserts.MIN_ROWS - 1)).blockLast(Duration.ofSeconds(30));
            assertThat(count("COPY")).isEqualTo(1);
            assertThat(copiedStatements).as("the statement trigger fired once for the COPY").isEqualTo(1);
            assertThat(db.queryLong("SELECT count(*) FROM copied_people_log")).as("and once for the INSERT").isEqualTo(2);
            assertThat(db.queryLong("SELECT count(*) FROM copied_people WHERE name <> upper(name)"))
                    .as("the row trigger changed every row, copied or inserted").isZero();
            assertThat(db.queryLong("SELECT count(*) FROM copied_people")).isEqualTo(ROWS + CopyInserts.MIN_ROWS - 1);
        } finally {
            db.execute("DROP TRIGGER upper_name ON copied_people", "DROP TRIGGER count_statements ON copied_people");
        }
    }

    /** A role that may insert but not call nextval on the id's sequence: the INSERT generates the ids. */
    @Test
    void aRoleWithoutTheSequenceKeepsTheInsertForReturnedIds() {
        String role = "ember_copy_limited";
        db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN"
                        + " CREATE ROLE " + role + " LOGIN PASSWORD '" + role + "'; END IF; END $$",
                "GRANT USAGE ON SCHEMA \"" + db.schema() + "\" TO " + role,
                "GRANT SELECT, INSERT ON copied_people TO " + role);
        List<String> limitedStatements = new CopyOnWriteArrayList<>();
        PostgresDataSource limited = db.newDataSource(b -> b.user(role).password(role)
                .queryListener(e -> limitedStatements.add(e.sql())));
        DefaultCrudRepository<Person, Long> repo = new DefaultCrudRepository<>(Person.class, limited);
        List<Person> created = repo.createAll(people(ROWS)).collectList().block(Duration.ofSeconds(30));
        assertThat(limitedStatements).noneMatch(sql -> sql.startsWith("COPY") || sql.contains("nextval("))
                .anyMatch(sql -> sql.startsWith("INSERT"));
        assertThat(created).isEqualTo(stored(repo));
        assertThat(repo.createAllCount(Flux.fromIterable(people(ROWS)), Options.defaults()).block())
                .as("without ids to return, the COPY needs no sequence").isEqualTo(ROWS);
        assertThat(limitedStatements).anyMatch(sql -> sql.startsWith("COPY"));

        // row-level security enabled since the catalog was read: COPY FROM refuses it for this role; the
        // chunk fails with the refusal, and the next one reads the catalog again and inserts
        db.execute("ALTER TABLE copied_people ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY everyone ON copied_people USING (true) WITH CHECK (true)");
        limitedStatements.clear();
        StepVerifier.create(repo.createAllCount(Flux.fromIterable(people(ROWS)), Options.defaults()))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("row-level security"))
                .verify(Duration.ofSeconds(30));
        assertThat(repo.createAllCount(Flux.fromIterable(people(ROWS)), Options.defaults()).block()).isEqualTo(ROWS);
        assertThat(limitedStatements).filteredOn(sql -> sql.startsWith("COPY") || sql.startsWith("INSERT"))
                .hasSize(2).first().asString().startsWith("COPY");
        assertThat(limitedStatements).last().asString().startsWith("INSERT");
    }
}
