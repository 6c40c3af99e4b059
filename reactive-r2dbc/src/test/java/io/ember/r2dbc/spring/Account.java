package io.ember.r2dbc.spring;

import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Model;

/** An account of the Spring tests. */
@Model(table = "accounts")
public record Account(@Id(strategy = IdStrategy.IDENTITY) Long id, String owner, long balance) {

    static Account of(String owner, long balance) {
        return new Account(null, owner, balance);
    }
}
