package io.github.cutterrevert.proof.race;

import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A point in a compensation where the test can stop it: a statement-level trigger that, for the
 * orchestrator's role {@code cutter_exec} only, passes through a session advisory lock the test
 * holds from a connection of its own. While the gate is {@linkplain #close() shut}, the
 * compensation's statement waits inside the trigger, at a known point of its transaction:
 *
 * <ul>
 *   <li>{@code BEFORE UPDATE OR DELETE ON public.unit_version}: after the snapshot, the lock and
 *       every guard, before the first write (soft and hard plans write versions first);
 *   <li>{@code AFTER UPDATE OR DELETE ON public.information_unit}: after every write to units and
 *       versions, holding their row locks, before the ledger append and COMMIT.
 * </ul>
 *
 * <p>Other roles (the superuser the tests write with) pass without stopping. Waiting in the gate
 * counts against {@code lock_timeout} and {@code statement_timeout} like any lock wait. Not
 * thread-safe; one gate per test.
 */
public final class Gate implements AutoCloseable {
    private static final String FUNCTION = "CREATE OR REPLACE FUNCTION public.proof_gate() RETURNS trigger"
            + " LANGUAGE plpgsql AS $$ BEGIN"
            + " IF current_user = '" + TestDatabase.CUTTER_EXEC + "' THEN"
            + " PERFORM pg_advisory_lock(TG_ARGV[0]::bigint); PERFORM pg_advisory_unlock(TG_ARGV[0]::bigint);"
            + " END IF; RETURN NULL; END $$";

    private final DataSource admin;
    private final Connection holder;

    private Gate(DataSource admin, Connection holder) {
        this.admin = admin;
        this.holder = holder;
    }

    /**
     * Installs the gate before the first write to {@code unit_version} and shuts it.
     *
     * @param admin a superuser data source
     * @return the shut gate
     */
    public static Gate beforeFirstWrite(DataSource admin) {
        return shut(admin, "proof_gate_before_write", "BEFORE UPDATE OR DELETE ON public.unit_version", 7_001);
    }

    /**
     * Installs the gate before the first write to {@code information_unit} (after the versions were
     * written) and shuts it.
     *
     * @param admin a superuser data source
     * @return the shut gate
     */
    public static Gate beforeUnitWrites(DataSource admin) {
        return shut(admin, "proof_gate_before_units", "BEFORE UPDATE OR DELETE ON public.information_unit", 7_003);
    }

    /**
     * Installs the gate after the writes to {@code information_unit} and shuts it.
     *
     * @param admin a superuser data source
     * @return the shut gate
     */
    public static Gate afterUnitWrites(DataSource admin) {
        return shut(admin, "proof_gate_after_units", "AFTER UPDATE OR DELETE ON public.information_unit", 7_002);
    }

    private static Gate shut(DataSource admin, String trigger, String when, long key) {
        PlainJdbc.run(admin, FUNCTION);
        PlainJdbc.run(
                admin,
                "CREATE TRIGGER " + trigger + " " + when + " FOR EACH STATEMENT EXECUTE FUNCTION public.proof_gate('"
                        + key + "')");
        try {
            Connection holder = admin.getConnection();
            PlainJdbc.run(holder, "SELECT pg_advisory_lock(?)", key);
            return new Gate(admin, holder);
        } catch (SQLException e) {
            throw new IllegalStateException("shutting the gate", e);
        }
    }

    /**
     * Waits until a compensation stops at the gate.
     *
     * @param timeout how long at most
     * @return the waiting backend's pid
     */
    public int awaitArrival(Duration timeout) {
        return Probe.awaitLockWait(admin, "usename = ?", TestDatabase.CUTTER_EXEC, "advisory", timeout);
    }

    /** Opens the gate (the waiting statement goes on) and closes the holder's connection. */
    @Override
    public void close() {
        try (Connection connection = holder) {
            if (!connection.isClosed()) {
                PlainJdbc.run(connection, "SELECT pg_advisory_unlock_all()");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("opening the gate", e);
        }
    }
}
