package io.ember.r2dbc.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Declares Ember repositories as beans of the Spring context, listed by hand (no classpath scanning):
 *
 * <pre>{@code
 * @SpringBootApplication
 * @EnableEmberRepositories(value = {UserRepository.class, PostRepository.class}, models = Tag.class)
 * class BlogApp { }
 *
 * @Autowired UserRepository users;                    // by its class
 * @Autowired CrudRepository<Post, Long> posts;        // or by Ember's interface with its generic types
 * @Autowired DefaultCrudRepository<Tag, Long> tags;   // a model listed in models()
 * }</pre>
 *
 * <p>Each class of {@link #value()} is created with its constructor that takes the context's
 * {@code PostgresDataSource} (as {@code Application.builder().repository(Class)} does); each model of
 * {@link #models()} gets a {@code DefaultCrudRepository<Model, Id>}. Bean names: the class's simple
 * name with a lower-case first letter ({@code userRepository}); for a model, its name followed by
 * {@code Repository} ({@code tagRepository}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(EmberRepositoriesRegistrar.class)
public @interface EnableEmberRepositories {

    /** Repository classes, each with a public constructor taking a {@code PostgresDataSource}. */
    Class<?>[] value() default {};

    /** Models that get a plain {@code DefaultCrudRepository<Model, Id>} (a single-property key). */
    Class<?>[] models() default {};
}
