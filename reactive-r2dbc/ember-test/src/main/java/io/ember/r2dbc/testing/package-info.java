/**
 * Ember's testing support (the {@code io.ember:ember-test} artifact, added with test scope): the database
 * rule ({@link io.ember.r2dbc.testing.TestDatabase}: an external server, else Testcontainers, else an
 * embedded PostgreSQL) and the JUnit 5 extension ({@link io.ember.r2dbc.testing.EmberDatabaseExtension}:
 * a schema per test class, a connection leak check after each test, statement counting).
 */
@NullMarked
package io.ember.r2dbc.testing;

import org.jspecify.annotations.NullMarked;
