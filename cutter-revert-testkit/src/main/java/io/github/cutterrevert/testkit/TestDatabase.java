package io.github.cutterrevert.testkit;

import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.testkit.internal.PostgresProvider;
import io.github.cutterrevert.testkit.internal.PostgresServer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A fresh database holding the reference schema (and nothing else), cloned from the testkit's
 * template on the JVM's shared server.
 *
 * <p>Get one injected with {@link CutterPostgres}, or make one yourself and close it to drop it:
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabase.create("demo")) {
 *   ReferenceWorld.seedBaseline(db.dataSource());
 * }
 * }</pre>
 *
 * <p>Thread-safe. Data sources are unpooled: every {@code getConnection()} opens a new connection,
 * which the caller closes.
 */
public final class TestDatabase implements AutoCloseable {

    /** The role the orchestrator runs as: writes {@code public}, appends to the ledger. */
    public static final String CUTTER_EXEC = "cutter_exec";

    /** The read-only role: reads {@code public}, no access to {@code cutter_governance}. */
    public static final String QUERY_PG = "query_pg";

    private final PostgresServer server;
    private final String name;
    private final SchemaVariant schema;
    private final DSLContext dsl;
    private final AtomicBoolean dropped = new AtomicBoolean();

    private TestDatabase(PostgresServer server, String name, SchemaVariant schema) {
        this.server = server;
        this.name = name;
        this.schema = schema;
        this.dsl = DSL.using(server.dataSource(name), SQLDialect.POSTGRES);
    }

    /**
     * Creates a fresh database named after a hint, starting the shared server on first use.
     *
     * @param nameHint a readable part of the database name, e.g. a test class's simple name
     * @return the new database; close it to drop it
     * @throws IllegalStateException if the server cannot start
     * @throws org.jooq.exception.DataAccessException if the server refuses to create the database
     */
    public static TestDatabase create(String nameHint) {
        return create(nameHint, SchemaVariant.REFERENCE);
    }

    /**
     * Creates a fresh database holding one of the testkit's schemas.
     *
     * <pre>{@code
     * try (TestDatabase db = TestDatabase.create("renamed", SchemaVariant.RENAMED)) {
     *   PostgresTarget target = PostgresTarget.builder(db.dataSource()).binding(db.binding()).build();
     * }
     * }</pre>
     *
     * @param nameHint a readable part of the database name
     * @param schema the schema the database holds
     * @return the new database; close it to drop it
     * @throws IllegalStateException if the server cannot start
     * @throws org.jooq.exception.DataAccessException if the server refuses to create the database
     */
    public static TestDatabase create(String nameHint, SchemaVariant schema) {
        Objects.requireNonNull(nameHint, "nameHint");
        Objects.requireNonNull(schema, "schema");
        PostgresServer server = PostgresProvider.shared();
        return new TestDatabase(server, server.createDatabase(nameHint, schema), schema);
    }

    /**
     * The schema this database holds.
     *
     * @return the schema variant
     */
    public SchemaVariant schema() {
        return schema;
    }

    /**
     * The binding of the schema this database holds, for {@code PostgresTarget.builder(...)
     * .binding(...)}.
     *
     * @return {@code schema().binding()}
     */
    public SchemaBinding binding() {
        return schema.binding();
    }

    /**
     * The database's name, unique on its server, e.g. {@code cutter_ledgerit_3fa9c2d1}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The JDBC URL of this database, without credentials.
     *
     * @return e.g. {@code jdbc:postgresql://localhost:54321/cutter_ledgerit_3fa9c2d1}
     */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /**
     * A data source logging in as the server's superuser, which bypasses every grant (not the
     * triggers).
     *
     * @return a new, unpooled data source
     */
    public DataSource dataSource() {
        return server.dataSource(name);
    }

    /**
     * A data source logging in as one of the reference schema's roles, whose password is its name.
     *
     * @param role {@value #CUTTER_EXEC} or {@value #QUERY_PG}
     * @return a new, unpooled data source
     * @throws IllegalArgumentException if {@code role} is blank
     */
    public DataSource dataSourceAs(String role) {
        Objects.requireNonNull(role, "role");
        if (role.isBlank()) {
            throw new IllegalArgumentException("role must not be blank");
        }
        return server.dataSourceAs(name, role, role);
    }

    /**
     * A jOOQ context ({@link SQLDialect#POSTGRES}) on {@link #dataSource()}.
     *
     * @return the same context on every call
     */
    public DSLContext dsl() {
        return dsl;
    }

    /**
     * Drops the database, ending connections still open on it; later calls do nothing.
     *
     * @throws org.jooq.exception.DataAccessException if the server refuses
     */
    @Override
    public void close() {
        if (dropped.compareAndSet(false, true)) {
            server.dropDatabase(name);
        }
    }

    /** Names the database and its URL, without credentials. */
    @Override
    public String toString() {
        return "TestDatabase[" + name + " (" + schema + ") at " + jdbcUrl() + "]";
    }
}
