package io.ember.core.application;

/**
 * A registered repository: its name (the lookup key), the repository and the name of its datasource.
 */
record RepositoryEntry(String name, ManagedRepository repository, String dataSource) {
}
