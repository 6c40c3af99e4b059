package io.ember.r2dbc.observation;

/** The names Ember's meters and observations use: the OpenTelemetry database conventions' where they exist. */
final class DbKeys {

    /** The observation of a statement; its timer (through a meter handler) has this name. */
    static final String OPERATION_DURATION = "db.client.operation.duration";
    static final String RETURNED_ROWS = "db.client.response.returned_rows";
    static final String CONNECTION_COUNT = "db.client.connection.count";
    static final String CONNECTION_MAX = "db.client.connection.max";
    static final String PENDING_REQUESTS = "db.client.connection.pending_requests";
    static final String TRANSACTIONS = "ember.db.transactions";
    static final String TRANSACTION_RETRIES = "ember.db.transaction.retries";

    static final String SYSTEM = "db.system.name";
    static final String OPERATION = "db.operation.name";
    static final String COLLECTION = "db.collection.name";
    static final String POOL = "db.client.connection.pool.name";
    static final String STATE = "db.client.connection.state";
    static final String ERROR_TYPE = "error.type";
    static final String OUTCOME = "outcome";

    static final String QUERY_TEXT = "db.query.text";
    static final String STATUS_CODE = "db.response.status_code";
    static final String ROWS = "db.response.returned_rows";
    static final String PARAMETER = "db.query.parameter.";

    static final String POSTGRESQL = "postgresql";
    /** The value of a key that has none (no collection, no error): every meter of a name has the same keys. */
    static final String NONE = "none";
    /** The {@code error.type} of a statement whose subscriber cancelled it before it ended. */
    static final String CANCELLED = "cancelled";

    private DbKeys() {
    }
}
