package io.github.cutterrevert.testkit.bench;

import io.github.cutterrevert.Phase;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.internal.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One size of the benchmark: a database holding the seed baseline and one cut of {@code units}
 * draft units with {@link #VERSIONS_PER_UNIT} versions each that failed at {@code write_verify},
 * built once, vacuumed and analysed, and then used as the template of a fresh clone for every
 * measurement ({@code CREATE DATABASE clone TEMPLATE world}).
 *
 * <p>Not thread-safe.
 */
final class World implements AutoCloseable {
    static final String RUN_ID = "run-bench";
    static final String CHANGE_SET = "cs-bench";
    static final int VERSIONS_PER_UNIT = 2;

    private final PostgresServer server;
    private final String template;
    private final int units;

    private World(PostgresServer server, String template, int units) {
        this.server = server;
        this.template = template;
        this.units = units;
    }

    /**
     * Builds the world of one size.
     *
     * @param server the server
     * @param units draft units in the failed cut
     * @return the world; close it to drop the template
     * @throws SQLException if the database refuses
     */
    static World build(PostgresServer server, int units) throws SQLException {
        String name = server.createDatabase("bench_world_" + units);
        try {
            ReferenceWorld.seedBaseline(server.dataSource(name));
            CutScenario.forRun(RUN_ID)
                    .changeSet(CHANGE_SET)
                    .units(units)
                    .versionsPerUnit(VERSIONS_PER_UNIT)
                    .failingAt(Phase.WRITE_VERIFY)
                    .apply(server.dataSource(name));
            try (Connection connection = server.dataSource(name).getConnection();
                    Statement statement = connection.createStatement()) {
                // Every clone starts from the same settled pages: hint bits set, visibility map
                // and planner statistics in place, as they are some time after a real cut.
                statement.execute("VACUUM (FREEZE, ANALYZE)");
            }
            return new World(server, name, units);
        } catch (RuntimeException | SQLException e) {
            server.dropDatabase(name);
            throw e;
        }
    }

    /** Draft units in the failed cut. */
    int units() {
        return units;
    }

    /** Unit versions in the failed cut. */
    long versions() {
        return (long) units * VERSIONS_PER_UNIT;
    }

    /**
     * A fresh copy of the world, with one connection as the orchestrator's role, after a
     * CHECKPOINT so that no contender pays for another's dirty pages.
     *
     * @return the clone; close it to drop it
     * @throws SQLException if the server refuses
     */
    Scratch cloneWorld() throws SQLException {
        String name = "cutter_bench_" + units + "_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection admin = server.dataSource(server.maintenanceDatabase()).getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " TEMPLATE " + template + " STRATEGY FILE_COPY");
            statement.execute("CHECKPOINT");
        }
        try {
            return new Scratch(
                    server,
                    name,
                    CountingDataSource.open(
                            server.dataSourceAs(name, TestDatabase.CUTTER_EXEC, TestDatabase.CUTTER_EXEC)));
        } catch (SQLException | RuntimeException e) {
            server.dropDatabase(name);
            throw e;
        }
    }

    /** Drops the template. */
    @Override
    public void close() {
        server.dropDatabase(template);
    }

    /**
     * One clone, with its counting connection. Closing it drops the database.
     *
     * @param server the server
     * @param name the database name
     * @param db the counting connection as {@code cutter_exec}
     */
    record Scratch(PostgresServer server, String name, CountingDataSource db) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try {
                db.close();
            } finally {
                server.dropDatabase(name);
            }
        }
    }
}
