package io.ember.r2dbc.spring;

import io.ember.r2dbc.datasource.PostgresDataSource;
import io.ember.r2dbc.repository.DefaultCrudRepository;

/** The accounts' repository, declared by class ({@code @EnableEmberRepositories(AccountRepository.class)}). */
public final class AccountRepository extends DefaultCrudRepository<Account, Long> {

    public AccountRepository(PostgresDataSource dataSource) {
        super(Account.class, dataSource);
    }
}
