package io.github.cutterrevert.proof.race;

import static io.github.cutterrevert.testkit.PlainJdbc.count;
import static io.github.cutterrevert.testkit.PlainJdbc.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Plain JDBC on fresh connections, outside the code under test: the database state the proofs
 * compare before and after, the fail-closed files, and bounded polling. Stateless and thread-safe.
 */
public final class Probe {
    /** Every table the reference schema has, counted in {@link #state(DataSource)}. */
    public static final List<String> TABLES = List.of(
            "public.information_unit",
            "public.unit_version",
            "public.iu_lifecycle_log",
            "public.iu_provenance",
            "cutter_governance.cut_change_set",
            "cutter_governance.cut_change_set_affected_row",
            "cutter_governance.manifest_envelope",
            "cutter_governance.review_decision",
            "cutter_governance.verify_result",
            "cutter_governance.dot_pair_signature",
            "cutter_governance.source_document_registry",
            "cutter_governance.source_document_version_registry");

    private Probe() {}

    /**
     * Every table's row count, every unit's and version's status and every decision, as one
     * comparable value.
     *
     * @param dataSource a superuser data source
     * @return the state
     */
    public static Map<String, Object> state(DataSource dataSource) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (String table : TABLES) {
            state.put(table, count(dataSource, "SELECT count(*) FROM " + table));
        }
        state.put(
                "units",
                text(
                        dataSource,
                        "SELECT string_agg(id || ':' || address || '=' || lifecycle_status, ',' ORDER BY id)"
                                + " FROM public.information_unit"));
        state.put(
                "versions",
                text(
                        dataSource,
                        "SELECT string_agg(id || ':' || information_unit_id || '/' || version_no || '=' || lifecycle_status,"
                                + " ',' ORDER BY id) FROM public.unit_version"));
        state.put(
                "decisions",
                text(
                        dataSource,
                        "SELECT string_agg(id || ':' || change_set_id || ':' || decision || ':' || coalesce(revert_run_id, ''),"
                                + " ',' ORDER BY id) FROM cutter_governance.review_decision"));
        return state;
    }

    /**
     * The decisions appended for a change set.
     *
     * @param dataSource a superuser data source
     * @param changeSet the change set
     * @return how many {@code reverted} decisions it has
     */
    public static long decisions(DataSource dataSource, String changeSet) {
        return count(
                dataSource,
                "SELECT count(*) FROM cutter_governance.review_decision WHERE change_set_id = ? AND decision = 'reverted'",
                changeSet);
    }

    /**
     * The change set's units in one status.
     *
     * @param dataSource a superuser data source
     * @param changeSet the change set
     * @param status the status
     * @return the count
     */
    public static long units(DataSource dataSource, String changeSet, String status) {
        return count(
                dataSource,
                "SELECT count(*) FROM public.information_unit u JOIN cutter_governance.cut_change_set_affected_row a"
                        + " ON a.information_unit_id = u.id WHERE a.change_set_id = ? AND u.lifecycle_status = ?",
                changeSet,
                status);
    }

    /**
     * A recorded sovereign decision approving exactly this plan.
     *
     * @param plan the plan
     * @return the decision
     */
    public static Authority.RecordedDecision approve(CompensationPlan plan) {
        return Authority.decision(
                "sovereign@example.org",
                "DEC-" + plan.fingerprint().shortForm(),
                "reviewed at command review",
                plan.fingerprint(),
                Instant.parse("2026-05-21T10:00:00Z"));
    }

    /**
     * Asserts that the fail-closed procedure ran for a run: HOLD naming it, run state STOPPED with
     * an error, kill switch off.
     *
     * @param failClosed the procedure the compensator used
     * @param runId the run
     */
    public static void assertFailedClosed(FailClosed failClosed, String runId) {
        assertThat(failClosed.hold())
                .as("HOLD")
                .hasValueSatisfying(hold -> assertThat(hold.runId().value()).isEqualTo(runId));
        assertThat(failClosed.runState().read(RunId.of(runId))).as("run state").hasValueSatisfying(state -> {
            assertThat(state.state()).isEqualTo(RunState.State.STOPPED);
            assertThat(state.lastError()).isPresent();
        });
        assertThat(failClosed.killSwitch().executionEnabled()).as("kill switch").isFalse();
    }

    /**
     * Asserts that nothing was held: no HOLD file.
     *
     * @param failClosed the procedure the compensator used
     */
    public static void assertNotHeld(FailClosed failClosed) {
        assertThat(failClosed.hold()).as("HOLD").isEmpty();
    }

    /**
     * Polls until a condition holds.
     *
     * @param what what is awaited, for the failure message
     * @param timeout how long at most
     * @param condition the condition
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "expected " + what + " within " + timeout.toMillis() + " ms but it did not happen");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while awaiting " + what, e);
            }
        }
    }

    /**
     * Waits until a backend of the database waits on a heavyweight lock.
     *
     * @param dataSource a superuser data source
     * @param who {@code usename = ?} or {@code application_name = ?}, as SQL with one parameter
     * @param value the user or application name
     * @param waitEvent the lock kind, e.g. {@code advisory}, {@code transactionid}, {@code tuple}
     *     (null for any)
     * @param timeout how long at most
     * @return the waiting backend's pid
     */
    public static int awaitLockWait(
            DataSource dataSource, String who, String value, String waitEvent, Duration timeout) {
        String sql = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND " + who
                + " AND wait_event_type = 'Lock'" + (waitEvent == null ? "" : " AND wait_event = '" + waitEvent + "'")
                + " ORDER BY pid LIMIT 1";
        String[] pid = {null};
        await(
                "a backend where " + who.replace("?", "'" + value + "'") + " to wait on a "
                        + (waitEvent == null ? "" : waitEvent + " ") + "lock",
                timeout,
                () -> (pid[0] = text(dataSource, sql, value)) != null);
        return Integer.parseInt(pid[0]);
    }

    /**
     * Waits until no backend of a user is connected to the database any more.
     *
     * @param dataSource a superuser data source
     * @param user the user
     * @param timeout how long at most
     */
    public static void awaitNoBackendsOf(DataSource dataSource, String user, Duration timeout) {
        await(
                "no backend of " + user,
                timeout,
                () -> count(
                                dataSource,
                                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = ?",
                                user)
                        == 0);
    }
}
