package io.ember.examples.webflux;

import io.ember.examples.blog.CommentRepository;
import io.ember.examples.blog.PostRepository;
import io.ember.examples.blog.PostTagRepository;
import io.ember.examples.blog.TagRepository;
import io.ember.examples.blog.UserRepository;
import io.ember.examples.service.BlogSeed;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.spring.EnableEmberRepositories;
import io.ember.r2dbc.testing.TestDatabase;
import java.time.Duration;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;

/**
 * The Spring Boot application: Ember's auto-configuration builds the datasource from
 * {@code ember.datasource.*}, the repositories below become beans, {@link BlogController} serves them.
 * With {@code blog.seed=true} the blog's tables are created afresh and filled at start-up.
 */
@SpringBootApplication
@EnableEmberRepositories({UserRepository.class, PostRepository.class, CommentRepository.class, TagRepository.class,
        PostTagRepository.class})
public class BlogWebApplication {

    /**
     * Recreates and fills the blog's tables at start-up ({@code blog.seed=true}). Boot runs it once the
     * server is up and before {@code SpringApplication.run} returns, so requests of the first seconds may
     * find the tables still being made.
     */
    @Bean
    @ConditionalOnBooleanProperty("blog.seed")
    ApplicationRunner blogSeed(PostgresDataSource dataSource) {
        // start-up, not a request path: Boot's runners are synchronous, so the example waits here once
        return args -> BlogSeed.recreate(dataSource).block(Duration.ofSeconds(60));
    }

    /** Starts the application on the database the tests use (embedded unless configured), seeded, on {@code $PORT} or 8080. */
    public static void main(String[] args) {
        TestDatabase.Server db = TestDatabase.server();
        SpringApplication app = new SpringApplication(BlogWebApplication.class);
        app.setDefaultProperties(java.util.Map.of(
                "ember.datasource.url", db.r2dbcUrl(),
                "ember.datasource.username", db.user(),
                "ember.datasource.password", db.password(),
                "blog.seed", "true",
                "server.port", System.getenv().getOrDefault("PORT", "8080")));
        app.run(args);
    }
}
