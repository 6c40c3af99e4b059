package io.ember.examples.blog;

import static io.ember.core.filter.Where.where;

import io.ember.core.filter.Filter;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import reactor.core.publisher.Mono;

/** The users of the blog. */
public final class UserRepository extends DefaultCrudRepository<User, Long> {

    /** A repository of users stored in that datasource. */
    public UserRepository(PostgresDataSource dataSource) {
        super(User.class, dataSource);
    }

    /** The user with that email, or empty. Cold. */
    public Mono<User> findByEmail(String email) {
        return findOne(Filter.of(where("email").eq(email)));
    }
}
