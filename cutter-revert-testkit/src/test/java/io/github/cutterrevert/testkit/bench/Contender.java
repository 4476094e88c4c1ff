package io.github.cutterrevert.testkit.bench;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One way to compensate the failed cut, soft or hard. Every contender starts from a fresh clone
 * with its one connection open, does the whole job in one transaction and must leave the same
 * state: the units and versions withdrawn (soft) or deleted child first (hard), and one
 * {@code reverted} decision appended to the ledger.
 */
sealed interface Contender {
    /** Where the soft revert moves the rows, as the library's default. */
    String WITHDRAWN = "withdrawn";

    /** The contender's name in the results: {@code library}, {@code runbook_sql} or {@code per_row}. */
    String method();

    /** Soft revert or hard delete. */
    Mode mode();

    /**
     * Compensates the world's failed cut in a fresh clone.
     *
     * @param db the clone's counting connection
     * @param world the world it was cloned from
     * @return the measurement
     * @throws SQLException if the database refuses
     * @throws IllegalStateException if the compensation did not do exactly the planned work
     */
    Sample run(CountingDataSource db, World world) throws SQLException;

    /** The mode as the results name it: {@code soft} or {@code hard}. */
    static String label(Mode mode) {
        return switch (mode) {
            case SOFT_REVERT -> "soft";
            case HARD_DELETE -> "hard";
        };
    }

    /** CPU time this thread has used so far, in nanoseconds. */
    static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Bytes this thread has allocated so far. */
    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * The library: {@code Compensator.forRun(...).on(target)...execute()} with a recorded decision
     * approving the plan's fingerprint. Only {@code execute()} is timed; {@code plan()} and {@code
     * render(plan)} are timed separately, before it. Connections taken from the data source during
     * {@code execute()} are counted.
     *
     * <p>One target serves every measurement of a server (its data source points at the clone being
     * measured), as one target serves an orchestrator for its lifetime: {@code validate()} runs once,
     * at its first use, and a hard delete's DELETE privileges are checked on its first hard delete
     * (in the warm-up round).
     *
     * @param mode soft or hard
     * @param failClosed where HOLD and bundles would go (nothing is expected to go there)
     * @param signer the key signing the compensating decision
     * @param clones the data source the target is built on
     * @param target the server's target
     */
    record Library(
            Mode mode, FailClosed failClosed, DecisionSigner signer, CurrentDataSource clones, PostgresTarget target)
            implements Contender {
        @Override
        public String method() {
            return "library";
        }

        @Override
        public Sample run(CountingDataSource db, World world) {
            clones.use(db.dataSource());
            long planStarted = System.nanoTime();
            Compensator compensator = Compensator.forRun(World.RUN_ID)
                    .on(target)
                    .failedAt(Phase.WRITE_VERIFY)
                    .failClosed(failClosed)
                    .signedBy(signer);
            if (mode == Mode.HARD_DELETE) {
                compensator.hardDelete();
            }
            CompensationPlan plan = compensator.plan();
            long planNanos = System.nanoTime() - planStarted;
            String script = target.render(plan);
            long planRender = System.nanoTime() - planStarted;
            if (script.isEmpty()) {
                throw new IllegalStateException("render(plan) returned no script");
            }
            compensator.authorizedBy(Authority.decision(
                    "bench@example.org", "DEC-BENCH", "benchmark run", plan.fingerprint(), Instant.now()));
            db.reset();
            long allocatedBefore = allocated();
            long cpuBefore = cpu();
            long started = System.nanoTime();
            CompensationResult result = compensator.execute();
            long nanos = System.nanoTime() - started;
            long allocatedBytes = allocated() - allocatedBefore;
            Sample sample = new Sample(
                    nanos,
                    db.statements(),
                    allocatedBytes,
                    OptionalLong.of(planRender),
                    OptionalLong.of(planNanos),
                    db.connections(),
                    db.log(),
                    cpu() - cpuBefore);
            Map<LogicalTable, Long> rows = result.rowsAffected();
            if (!(result.verdict() instanceof Verdict.Compensated)
                    || rows.getOrDefault(LogicalTable.INFORMATION_UNIT, 0L) != world.units()
                    || rows.getOrDefault(LogicalTable.UNIT_VERSION, 0L) != world.versions()
                    || rows.getOrDefault(LogicalTable.REVIEW_DECISION, 0L) != 1) {
                throw new IllegalStateException("library " + label(mode) + ": expected " + world.units() + " units, "
                        + world.versions() + " versions and 1 decision compensated but got " + result.verdict() + " "
                        + rows);
            }
            return sample;
        }
    }

    /**
     * The seed runbook's own SQL (seed 000, compensation A and B) as plain statements over JDBC in
     * one transaction: the enacted guard, the status UPDATEs or the child-first DELETEs, the ledger
     * INSERT of the decision and the re-count, checking each count as the runbook says. The
     * practical limit: nothing is read or checked beyond what the runbook itself does.
     *
     * @param mode soft or hard
     */
    record RunbookSql(Mode mode) implements Contender {
        static final String GUARD = "SELECT count(*) FROM public.information_unit iu"
                + " JOIN cutter_governance.cut_change_set_affected_row a ON a.information_unit_id = iu.id"
                + " WHERE a.change_set_id = ? AND iu.lifecycle_status = 'enacted'";
        static final String UNITS_OF_CHANGE_SET =
                "(SELECT information_unit_id FROM cutter_governance.cut_change_set_affected_row WHERE change_set_id = ?)";
        static final String DECISION = "INSERT INTO cutter_governance.review_decision"
                + " (change_set_id, decision, decided_by, revert_run_id, note) VALUES (?, 'reverted', ?, ?, ?)";
        static final String RECOUNT = "SELECT (SELECT count(*) FROM public.information_unit),"
                + " (SELECT count(*) FROM public.unit_version), (SELECT count(*) FROM public.iu_lifecycle_log)";

        @Override
        public String method() {
            return "runbook_sql";
        }

        @Override
        public Sample run(CountingDataSource db, World world) throws SQLException {
            Connection connection = db.connection();
            long[] expectedCounts = counts(connection, world, mode);
            db.reset();
            long allocatedBefore = allocated();
            long cpuBefore = cpu();
            long started = System.nanoTime();
            connection.setAutoCommit(false);
            try {
                expect("guard: enacted units", 0, count(connection, GUARD, World.CHANGE_SET));
                switch (mode) {
                    case SOFT_REVERT -> {
                        expect(
                                "UPDATE unit_version",
                                world.versions(),
                                update(
                                        connection,
                                        "UPDATE public.unit_version SET lifecycle_status = '" + WITHDRAWN + "'"
                                                + " WHERE information_unit_id IN " + UNITS_OF_CHANGE_SET
                                                + " AND lifecycle_status = 'draft'",
                                        World.CHANGE_SET));
                        expect(
                                "UPDATE information_unit",
                                world.units(),
                                update(
                                        connection,
                                        "UPDATE public.information_unit SET lifecycle_status = '" + WITHDRAWN + "'"
                                                + " WHERE id IN " + UNITS_OF_CHANGE_SET
                                                + " AND lifecycle_status = 'draft'",
                                        World.CHANGE_SET));
                    }
                    case HARD_DELETE -> {
                        expect(
                                "DELETE unit_version",
                                world.versions(),
                                update(
                                        connection,
                                        "DELETE FROM public.unit_version WHERE information_unit_id IN "
                                                + UNITS_OF_CHANGE_SET,
                                        World.CHANGE_SET));
                        expect(
                                "DELETE information_unit",
                                world.units(),
                                update(
                                        connection,
                                        "DELETE FROM public.information_unit WHERE id IN " + UNITS_OF_CHANGE_SET,
                                        World.CHANGE_SET));
                    }
                }
                expect("INSERT review_decision", 1, update(connection, DECISION, decisionValues()));
                long[] recount = recount(connection);
                for (int i = 0; i < recount.length; i++) {
                    expect("re-count", expectedCounts[i], recount[i]);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            long nanos = System.nanoTime() - started;
            return new Sample(
                    nanos,
                    db.statements(),
                    allocated() - allocatedBefore,
                    OptionalLong.empty(),
                    OptionalLong.empty(),
                    1,
                    db.log(),
                    cpu() - cpuBefore);
        }
    }

    /**
     * A per-row JDBC loop, the way one writes it without a library: the enacted guard, then the
     * ids, then one UPDATE (or DELETE) per row, children first, the ledger INSERT, COMMIT.
     *
     * @param mode soft or hard
     */
    record PerRow(Mode mode) implements Contender {
        @Override
        public String method() {
            return "per_row";
        }

        @Override
        public Sample run(CountingDataSource db, World world) throws SQLException {
            Connection connection = db.connection();
            db.reset();
            long allocatedBefore = allocated();
            long cpuBefore = cpu();
            long started = System.nanoTime();
            connection.setAutoCommit(false);
            try {
                expect("guard: enacted units", 0, count(connection, RunbookSql.GUARD, World.CHANGE_SET));
                List<Long> versions = ids(
                        connection,
                        "SELECT id FROM public.unit_version WHERE information_unit_id IN "
                                + RunbookSql.UNITS_OF_CHANGE_SET,
                        World.CHANGE_SET);
                List<Long> units = ids(
                        connection,
                        "SELECT information_unit_id FROM cutter_governance.cut_change_set_affected_row"
                                + " WHERE change_set_id = ?",
                        World.CHANGE_SET);
                String versionSql = mode == Mode.SOFT_REVERT
                        ? "UPDATE public.unit_version SET lifecycle_status = '" + WITHDRAWN + "' WHERE id = ?"
                        : "DELETE FROM public.unit_version WHERE id = ?";
                String unitSql = mode == Mode.SOFT_REVERT
                        ? "UPDATE public.information_unit SET lifecycle_status = '" + WITHDRAWN + "' WHERE id = ?"
                        : "DELETE FROM public.information_unit WHERE id = ?";
                expect("rows of unit_version", world.versions(), each(connection, versionSql, versions));
                expect("rows of information_unit", world.units(), each(connection, unitSql, units));
                expect("INSERT review_decision", 1, update(connection, RunbookSql.DECISION, decisionValues()));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            long nanos = System.nanoTime() - started;
            return new Sample(
                    nanos,
                    db.statements(),
                    allocated() - allocatedBefore,
                    OptionalLong.empty(),
                    OptionalLong.empty(),
                    1,
                    db.log(),
                    cpu() - cpuBefore);
        }

        private static long each(Connection connection, String sql, List<Long> ids) throws SQLException {
            long rows = 0;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (long id : ids) {
                    statement.setLong(1, id);
                    rows += statement.executeUpdate();
                }
            }
            return rows;
        }

        private static List<Long> ids(Connection connection, String sql, String changeSet) throws SQLException {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setString(1, changeSet);
                try (ResultSet rows = query.executeQuery()) {
                    List<Long> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                    return ids;
                }
            }
        }
    }

    // ---- JDBC steps shared by the hand-written contenders ---------------------------------------

    private static Object[] decisionValues() {
        return new Object[] {World.CHANGE_SET, "bench@example.org", World.RUN_ID + ":revert", "benchmark run"};
    }

    /** The re-count the runbook expects before COMMIT: the pre.json baseline (hard) or unchanged (soft). */
    private static long[] counts(Connection connection, World world, Mode mode) throws SQLException {
        long[] now = recount(connection);
        if (mode == Mode.HARD_DELETE) {
            now[0] -= world.units();
            now[1] -= world.versions();
        }
        return now;
    }

    private static long[] recount(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(RunbookSql.RECOUNT);
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2), rows.getLong(3)};
        }
    }

    private static long count(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement query = prepare(connection, sql, values);
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, values)) {
            return statement.executeLargeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return statement;
    }

    private static void expect(String what, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException(what + ": expected " + expected + " but was " + actual);
        }
    }
}
