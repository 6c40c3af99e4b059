package io.ember.r2dbc.repository;

import static io.ember.core.filter.Where.where;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ember.core.error.UniqueViolationException;
import io.ember.core.filter.Filter;
import io.ember.core.repository.Patch;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.TestModels.User;
import io.ember.r2dbc.schema.SchemaGenerator;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import reactor.test.StepVerifier;

/**
 * A {@code @Hidden} property reads back null; writing the entity back must not wipe the stored
 * value, on any write path, and its value never reaches a log.
 */
@ExtendWith(EmberDatabaseExtension.class)
class HiddenPropertiesIT {

    private static EmberDatabase db;
    private static DefaultCrudRepository<User, UUID> users;

    @BeforeAll
    static void schema(EmberDatabase database) {
        db = database;
        PostgresDataSource ds = db.dataSource();
        users = new DefaultCrudRepository<>(User.class, ds);
        SchemaGenerator.createTables(ds, User.class).block(Duration.ofSeconds(30));
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE users");
    }

    private static String storedHash(UUID id) {
        return users.findById(id, Filter.empty().fields("id", "passwordHash")).block().passwordHash();
    }

    private static User withName(User u, String name, String hash) {
        return new User(u.id(), name, u.email(), hash, u.metadata(), u.tags(), u.age(), u.createdAt(), u.modifiedAt(),
                u.version());
    }

    @Test
    void createAndCreateAllStoreTheHiddenValueAndNeverReturnIt() {
        User ada = users.create(User.of("Ada", "ada@x.io", 36, List.of())).block();
        assertThat(ada.passwordHash()).isNull();
        assertThat(storedHash(ada.id())).isEqualTo("hash-Ada");
        List<User> many = users.createAll(List.of(User.of("Bob", "bob@x.io", 1, List.of()),
                User.of("Cy", "cy@x.io", 2, List.of()))).collectList().block();
        assertThat(many).extracting(User::passwordHash).containsOnlyNulls();
        assertThat(storedHash(many.get(0).id())).isEqualTo("hash-Bob");
        assertThat(storedHash(many.get(1).id())).isEqualTo("hash-Cy");
    }

    @Test
    void replaceByIdOfAnEntityReadBackKeepsTheStoredHiddenValue() {
        User ada = users.create(User.of("Ada", "ada@x.io", 36, List.of())).block();
        User read = users.findById(ada.id()).block();
        assertThat(read.passwordHash()).isNull();
        StepVerifier.create(users.replaceById(ada.id(), withName(read, "Ada L.", null)))
                .assertNext(u -> assertThat(u.name()).isEqualTo("Ada L.")).verifyComplete();
        assertThat(storedHash(ada.id())).as("a null hidden value leaves the column as is").isEqualTo("hash-Ada");
    }

    @Test
    void replaceByIdWithAHiddenValueSetOnPurposeWritesIt() {
        User ada = users.create(User.of("Ada", "ada@x.io", 36, List.of())).block();
        users.replaceById(ada.id(), withName(ada, "Ada", "new-hash")).block();
        assertThat(storedHash(ada.id())).isEqualTo("new-hash");
    }

    @Test
    void upsertOfAnEntityReadBackKeepsTheStoredHiddenValue() {
        User ada = users.create(User.of("Ada", "ada@x.io", 36, List.of())).block();
        User read = users.findById(ada.id()).block();
        StepVerifier.create(users.upsert(withName(read, "Ada U.", null)))
                .assertNext(u -> assertThat(u.name()).isEqualTo("Ada U.")).verifyComplete();
        assertThat(storedHash(ada.id())).isEqualTo("hash-Ada");
        User again = users.findById(ada.id()).block();
        users.upsert(withName(again, "Ada U.", "upserted-hash")).block();
        assertThat(storedHash(ada.id())).isEqualTo("upserted-hash");
    }

    @Test
    void aPatchSetsOrClearsTheHiddenValueOnlyWhenItNamesIt() {
        User ada = users.create(User.of("Ada", "ada@x.io", 36, List.of())).block();
        users.updateById(ada.id(), Patch.of("name", "Ada P.")).block();
        assertThat(storedHash(ada.id())).isEqualTo("hash-Ada");
        users.updateById(ada.id(), Patch.of("passwordHash", "patched")).block();
        assertThat(storedHash(ada.id())).isEqualTo("patched");
        users.updateById(ada.id(), Patch.of("passwordHash", null)).block();
        assertThat(storedHash(ada.id())).as("an explicit null in a patch clears it").isNull();
    }

    @Test
    void bindValuesLoggedAtTraceNeverShowHiddenValues() {
        Logger sql = (Logger) LoggerFactory.getLogger("io.ember.sql");
        Logger params = (Logger) LoggerFactory.getLogger("io.ember.sql.params");
        Level sqlLevel = sql.getLevel();
        Level paramsLevel = params.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        params.addAppender(captured);
        sql.setAdditive(false);
        params.setAdditive(false);
        sql.setLevel(Level.DEBUG);
        params.setLevel(Level.TRACE);
        try {
            var repo = users;
            String secret = "s3cret-" + UUID.randomUUID();
            User ada = repo.create(new User(null, "Ada", "ada@x.io", secret + "-create", Map.of(), List.of(), 1,
                    null, null, 0)).block();
            repo.createAll(List.of(new User(null, "Bob", "bob@x.io", secret + "-createAll", Map.of(), List.of(), 1,
                    null, null, 0))).blockLast();
            repo.replaceById(ada.id(), withName(ada, "Ada R.", secret + "-replace")).block();
            User current = repo.findById(ada.id()).block();
            repo.upsert(withName(current, "Ada U.", secret + "-upsert")).block();
            repo.updateById(ada.id(), Patch.of("passwordHash", secret + "-patch")).block();
            repo.updateAll(Patch.of("passwordHash", secret + "-updateAll"), where("name").eq("Bob")).block();
            repo.count(where("passwordHash").eq(secret + "-where")).block();
            List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).as("bind values were logged").hasSizeGreaterThanOrEqualTo(7)
                    .anyMatch(line -> line.contains("Ada R."));
            assertThat(lines).noneMatch(line -> line.contains(secret));
        } finally {
            params.detachAppender(captured);
            sql.setAdditive(true);
            params.setAdditive(true);
            sql.setLevel(sqlLevel);
            params.setLevel(paramsLevel);
        }
    }

    @Test
    void anErrorAboutAHiddenValueNeverShowsIt() {
        db.execute("CREATE UNIQUE INDEX users_hash_key ON users (password_hash)");
        Logger sql = (Logger) LoggerFactory.getLogger("io.ember.sql");
        Level sqlLevel = sql.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        sql.addAppender(captured);
        sql.setAdditive(false);
        sql.setLevel(Level.DEBUG);
        try {
            String secret = "s3cret-" + UUID.randomUUID();
            users.create(new User(null, "Ada", "ada@x.io", secret, Map.of(), List.of(), 1, null, null, 0)).block();
            StepVerifier.create(users.create(new User(null, "Bob", "bob@x.io", secret, Map.of(), List.of(), 1, null,
                            null, 0)))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UniqueViolationException.class)
                            .hasMessageContaining("Key (password_hash)=(<hidden>)")
                            .hasMessageNotContaining(secret))
                    .verify();
            List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).anyMatch(line -> line.contains("failed")).noneMatch(line -> line.contains(secret));
        } finally {
            sql.detachAppender(captured);
            sql.setAdditive(true);
            sql.setLevel(sqlLevel);
            db.execute("DROP INDEX users_hash_key");
        }
    }
}
