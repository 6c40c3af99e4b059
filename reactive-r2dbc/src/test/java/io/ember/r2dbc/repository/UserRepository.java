package io.ember.r2dbc.repository;

import io.ember.core.filter.Filter;
import io.ember.core.filter.Where;
import io.ember.r2dbc.datasource.PostgresDataSource;
import java.util.UUID;
import reactor.core.publisher.Mono;

/** A repository with a finder of its own, as users write them. */
final class UserRepository extends DefaultCrudRepository<TestModels.User, UUID> {

    UserRepository(PostgresDataSource dataSource) {
        super(TestModels.User.class, dataSource);
    }

    Mono<TestModels.User> findByEmail(String email) {
        return findOne(Filter.of(Where.where("email").eq(email)));
    }
}
