package io.ember.examples;

import static io.ember.core.filter.Where.where;

import io.ember.core.filter.Filter;
import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** A repository with a finder of its own. */
public final class UserRepository extends DefaultCrudRepository<User, UUID> {

    public UserRepository(PostgresDataSource dataSource) {
        super(User.class, dataSource);
    }

    /** The user with that email, or empty. */
    public Mono<User> findByEmail(String email) {
        return findOne(Filter.of(where("email").eq(email)));
    }
}
