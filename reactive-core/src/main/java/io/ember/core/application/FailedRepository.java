package io.ember.core.application;

/**
 * A repository class whose constructor failed at registration (its model or a relation cannot work):
 * kept so that {@link Application#start()} reports it with every other problem.
 *
 * @param name       the repository's registration name
 * @param dataSource the datasource it was to be bound to
 * @param error      what the constructor threw
 */
record FailedRepository(String name, String dataSource, Throwable error) {
}
