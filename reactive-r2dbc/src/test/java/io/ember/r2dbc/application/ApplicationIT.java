package io.ember.r2dbc.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ember.core.application.Application;
import io.ember.core.application.ApplicationStartException;
import io.ember.core.error.DataSourceClosedException;
import io.ember.core.filter.Filter;
import io.ember.r2dbc.application.Library.Author;
import io.ember.r2dbc.application.Library.AuthorRepository;
import io.ember.r2dbc.application.Library.Book;
import io.ember.r2dbc.application.Library.BookRepository;
import io.ember.r2dbc.application.Library.DraftRepository;
import io.ember.r2dbc.application.Library.ReviewRepository;
import io.ember.r2dbc.application.Library.ShelfRepository;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.EmberDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The application container on a real PostgreSQL: registration, discovery, start and stop. */
@ExtendWith(EmberDatabaseExtension.class)
class ApplicationIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    void repositoriesAreFoundByTypeAndByNameWhetherRegisteredAsClassOrInstance(EmberDatabase db) {
        PostgresDataSource ds = db.newDataSource(b -> b.name("lookup"));
        BookRepository books = new BookRepository(ds);
        Application app = Application.builder("library")
                .dataSource("main", ds)
                .repository(AuthorRepository.class)
                .repository("books", books)
                .build();

        assertThat(app.repository(BookRepository.class)).isSameAs(books);
        assertThat(app.repository("books", BookRepository.class)).isSameAs(books);
        assertThat(app.repository("AuthorRepository", AuthorRepository.class).dataSource()).isSameAs(ds);
        assertThat(app.repository(AuthorRepository.class)).isSameAs(app.repository("AuthorRepository", Object.class));
        assertThat(app.dataSource("main", PostgresDataSource.class)).isSameAs(ds);
        assertThat(app.repositoryNames()).containsExactly("AuthorRepository", "books");
        assertThat(app.state()).isEqualTo(Application.State.NEW);

        assertThatThrownBy(() -> app.repository(ShelfRepository.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no repositories of type");
        assertThatThrownBy(() -> app.repository("authors", AuthorRepository.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[AuthorRepository, books]");
        assertThatThrownBy(() -> app.repository("books", AuthorRepository.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a");
        assertThatThrownBy(() -> Application.builder("x").dataSource("main", ds).repository("a", books)
                .repository("a", new AuthorRepository(ds)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
        assertThatThrownBy(() -> Application.builder("x").repository(books))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
    }

    @Test
    void eachDataSourceListsExactlyTheModelsOfItsOwnRepositories(EmberDatabase db) {
        PostgresDataSource left = db.newDataSource(b -> b.name("left"));
        PostgresDataSource right = db.newDataSource(b -> b.name("right"));
        Application app = Application.builder("library")
                .dataSource("left", left)
                .dataSource("right", right)
                .repository(AuthorRepository.class, "left")
                .repository(BookRepository.class, "left")
                .repository("authorsToo", new AuthorRepository(left))   // a second repository of a model: listed once
                .repository(new ShelfRepository(right))
                .build();

        assertThat(app.models("left")).extracting(m -> (Object) m.type()).containsExactly(Author.class, Book.class);
        assertThat(app.models("right")).extracting(m -> (Object) m.type()).containsExactly(Library.Shelf.class);
        assertThatThrownBy(() -> Application.builder("x").dataSource("left", left).dataSource("right", right)
                .repository(AuthorRepository.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Name the datasource");
    }

    @Test
    void startFailsWithOneMessageNamingEveryBrokenModelAndRelationAndOpensNoConnection(EmberDatabase db)
            throws InterruptedException {
        PostgresDataSource ds = db.newDataSource(b -> b.name("broken").applicationName("ember-app-broken"));
        Application app = Application.builder("library")
                .dataSource("main", ds)
                .repository(AuthorRepository.class)
                .repository(ReviewRepository.class)    // a relation key that does not exist, and Book is not stored
                .repository(ShelfRepository.class)     // a relation to Loan, which no repository stores
                .repository(DraftRepository.class)     // not a model
                .build();

        StepVerifier.create(app.start())
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ApplicationStartException.class);
                    List<String> problems = ((ApplicationStartException) e).problems();
                    assertThat(problems).hasSize(4);
                    assertThat(e.getMessage()).startsWith("Application 'library' cannot start: 4 problems")
                            .contains("Review: relation 'book'", "bookRef")
                            .contains("relation 'loans': its target model " + Library.Loan.class.getName()
                                    + " is stored by no repository of datasource 'main'")
                            .contains("Author: relation 'books': its target model " + Book.class.getName())
                            .contains(Library.Draft.class.getName() + ": both 'id' and 'revision' are marked @Id");
                })
                .verify(LIMIT);
        assertThat(app.state()).isEqualTo(Application.State.STOPPED);
        assertThat(ds.isClosed()).isTrue();
        assertThat(connectionsOnServer(db, "ember-app-broken", n -> n == 0)).isZero();
    }

    @Test
    void startChecksTheServerOpensThePoolAndRunsTheSchemaStepOnce(EmberDatabase db) throws InterruptedException {
        PostgresDataSource ds = db.newDataSource(b -> b.name("started").applicationName("ember-app-start").initialSize(3));
        Application app = Application.builder("library")
                .dataSource("main", ds, SchemaSteps.createTables())
                .repository(AuthorRepository.class)
                .repository(BookRepository.class)
                .build();

        StepVerifier.create(app.start()).verifyComplete();

        assertThat(app.state()).isEqualTo(Application.State.STARTED);
        assertThat(ds.stats().allocated()).as("pool warmed up to its initial size").isGreaterThanOrEqualTo(3);
        assertThat(connectionsOnServer(db, "ember-app-start", n -> n >= 3)).isGreaterThanOrEqualTo(3);
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + db.schema()
                + "' AND table_name IN ('authors', 'books')")).isEqualTo(2);
        StepVerifier.create(app.start())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ApplicationStartException.class)
                        .hasMessageContaining("starts once"))
                .verify(LIMIT);
        app.stop().block(LIMIT);
    }

    @Test
    void aDataSourceThatCannotConnectFailsTheStartNamingIt(EmberDatabase db) {
        PostgresDataSource good = db.newDataSource(b -> b.name("good"));
        PostgresDataSource nowhere = db.newDataSource(b -> b.name("nowhere").host("127.0.0.1").port(1)
                .connectTimeout(Duration.ofSeconds(2)).acquireTimeout(Duration.ofSeconds(5)));
        Application app = Application.builder("library")
                .dataSource("good", good).dataSource("nowhere", nowhere)
                .repository(AuthorRepository.class, "good").repository(BookRepository.class, "good")
                .build();

        StepVerifier.create(app.start())
                .expectErrorSatisfies(e -> assertThat(((ApplicationStartException) e).problems()).singleElement()
                        .asString().startsWith("Datasource 'nowhere' could not open: "))
                .verify(LIMIT);
        assertThat(good.isClosed()).isTrue();
    }

    @Test
    void stopLetsWorkInFlightFinishClosesEveryConnectionAndRefusesNewWork(EmberDatabase db) throws Exception {
        PostgresDataSource ds = db.newDataSource(b -> b.name("stopping").applicationName("ember-app-stop").initialSize(2));
        Application app = Application.builder("library")
                .dataSource("main", ds, SchemaSteps.createTables())
                .repository(AuthorRepository.class)
                .repository(BookRepository.class)
                .build();
        app.start().block(LIMIT);
        assertThat(connectionsOnServer(db, "ember-app-stop", n -> n >= 2)).isGreaterThanOrEqualTo(2);

        CompletableFuture<List<Integer>> inFlight = ds.withConnection(c -> Flux.from(c.createStatement(
                        "SELECT 7 FROM pg_sleep(1)").execute()).concatMap(r -> r.map((row, meta) -> row.get(0, Integer.class))))
                .collectList().toFuture();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ds.stats().acquired() == 0 && System.nanoTime() < waitUntil) {
            Thread.sleep(5);
        }
        assertThat(ds.stats().acquired()).isEqualTo(1);

        long start = System.nanoTime();
        StepVerifier.create(app.stop(Duration.ofSeconds(30))).verifyComplete();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(inFlight).isCompletedWithValue(List.of(7));
        assertThat(stopMillis).as("stop waited for the query in flight").isLessThan(30_000);
        assertThat(app.state()).isEqualTo(Application.State.STOPPED);
        StepVerifier.create(app.repository(AuthorRepository.class).find(Filter.empty()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(DataSourceClosedException.class)
                        .hasMessage("Datasource 'stopping' is closed"))
                .verify(LIMIT);
        assertThat(connectionsOnServer(db, "ember-app-stop", n -> n == 0))
                .as("connections of the stopped application on the server").isZero();
        StepVerifier.create(app.stop()).verifyComplete();   // a second stop does nothing
    }

    @Test
    void stopIsBoundedByItsDeadlineWhenWorkInFlightOutlastsIt(EmberDatabase db) throws Exception {
        PostgresDataSource ds = db.newDataSource(b -> b.name("deadline").applicationName("ember-app-deadline"));
        Application app = Application.builder("library").dataSource("main", ds)
                .repository(AuthorRepository.class).repository(BookRepository.class).build();
        app.start().block(LIMIT);
        CompletableFuture<List<Integer>> slow = ds.withConnection(c -> Flux.from(c.createStatement(
                        "SELECT 8 FROM pg_sleep(3)").execute()).concatMap(r -> r.map((row, meta) -> row.get(0, Integer.class))))
                .collectList().toFuture();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ds.stats().acquired() == 0 && System.nanoTime() < waitUntil) {
            Thread.sleep(5);
        }

        long start = System.nanoTime();
        StepVerifier.create(app.stop(Duration.ofMillis(200))).verifyComplete();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(stopMillis).as("stop returned at its deadline, not after the 3 s query").isLessThan(2_500);
        assertThat(slow).as("the query still runs").isNotDone();
        assertThat(slow.get(30, TimeUnit.SECONDS)).as("and finishes on its connection").containsExactly(8);
        assertThat(connectionsOnServer(db, "ember-app-deadline", n -> n == 0))
                .as("its connection closed when it came back").isZero();
    }

    /**
     * The server's count of connections with that application name, once it meets the expectation or
     * after 20 seconds (the server sees a closed connection go a little after the client closed it).
     */
    private static long connectionsOnServer(EmberDatabase db, String applicationName, LongPredicate expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            long n = db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + applicationName + "'");
            if (expected.test(n) || System.nanoTime() > deadline) {
                return n;
            }
            Thread.sleep(50);
        }
    }
}
