package io.ember.r2dbc.spring;

import io.ember.core.model.Id;
import io.ember.core.model.IdStrategy;
import io.ember.core.model.Model;

/** A journal entry of the Spring tests: its repository is declared by model ({@code models = Entry.class}). */
@Model(table = "entries")
public record Entry(@Id(strategy = IdStrategy.IDENTITY) Long id, String owner, String note) {

    static Entry of(String owner, String note) {
        return new Entry(null, owner, note);
    }
}
