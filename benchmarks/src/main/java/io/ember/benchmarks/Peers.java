package io.ember.benchmarks;

import io.ember.r2dbc.testing.TestDatabase;

/** Opens a peer by its benchmark parameter name. */
final class Peers {

    private Peers() {
    }

    static Peer open(String library) {
        TestDatabase.Server server = BenchDatabase.server();
        System.out.println("# bench variant: " + Tuning.describe());
        return switch (library) {
            case "ember" -> new EmberPeer(server);
            case "ember-coalesce" -> new EmberPeer(server, true);
            case "raw" -> new RawR2dbcPeer(server);
            case "spring" -> new SpringDataPeer(server, false);
            case "spring-tx" -> new SpringDataPeer(server, true);
            case "jdbc" -> new JdbcPeer(server);
            case "vertx" -> new VertxPeer(server);
            default -> throw new IllegalArgumentException("Unknown library: " + library);
        };
    }
}
