package io.ember.r2dbc.spring;

import io.ember.core.repository.CrudRepository;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Mono;

/** A Spring service whose {@code @Transactional} method writes through two Ember repositories. */
public class Opening {

    private final AccountRepository accounts;
    private final CrudRepository<Entry, Long> entries;

    public Opening(AccountRepository accounts, CrudRepository<Entry, Long> entries) {
        this.accounts = accounts;
        this.entries = entries;
    }

    /** Creates the account and its journal entry; fails after both writes when {@code fail} is set. */
    @Transactional
    public Mono<Account> open(String owner, boolean fail) {
        return accounts.create(Account.of(owner, 100))
                .flatMap(a -> entries.create(Entry.of(owner, "opened")).thenReturn(a))
                .flatMap(a -> fail ? Mono.error(new IllegalStateException("refused after both writes")) : Mono.just(a));
    }
}
