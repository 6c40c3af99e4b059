/**
 * Spring Boot support, used only when Spring is on the classpath (all Spring dependencies of
 * {@code reactive-r2dbc} are optional): {@link io.ember.r2dbc.spring.EmberAutoConfiguration} (one
 * {@code PostgresDataSource} whose pool is also the context's {@code ConnectionFactory}, a health
 * indicator), {@link io.ember.r2dbc.spring.EnableEmberRepositories} (repositories as beans) and
 * {@link io.ember.r2dbc.spring.SpringTransactions} (Ember joins transactions of Spring's
 * {@code R2dbcTransactionManager}). See {@code docs/spring.md}.
 */
@NullMarked
package io.ember.r2dbc.spring;

import org.jspecify.annotations.NullMarked;
