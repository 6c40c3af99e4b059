package io.ember.examples.readme;

import io.ember.r2dbc.testing.EmberDatabase;
import io.ember.r2dbc.testing.TestDatabase;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An empty database of its own on the test server, for a program that configures itself from
 * {@code EMBER_DB_URL} and creates its tables in the default schema: created on open, dropped on close.
 */
final class ScratchDatabase implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final TestDatabase.Server server;
    private final String name;

    private ScratchDatabase(TestDatabase.Server server, String name) {
        this.server = server;
        this.name = name;
    }

    static ScratchDatabase create(String prefix) {
        TestDatabase.Server server = TestDatabase.server();
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        run(server, "CREATE DATABASE \"" + name + "\"");
        return new ScratchDatabase(server, name);
    }

    /** {@code r2dbc:postgresql://user:password@host:port/name}, as a user sets {@code EMBER_DB_URL}. */
    String url() {
        String password = server.password().isEmpty() ? "" : ":" + server.password();
        return "r2dbc:postgresql://" + server.user() + password + "@" + server.host() + ":" + server.port() + "/" + name;
    }

    @Override
    public void close() {
        run(server, "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }

    private static void run(TestDatabase.Server server, String sql) {
        EmberDatabase.executeOnServer(server, sql);
    }
}
