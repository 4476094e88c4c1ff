package io.github.cutterrevert.proof.race;

import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A fresh database at the seed baseline plus one cut that failed at {@code write_verify} (so a
 * compensation does A and B), and reviewed compensators for it. Close it to drop the database.
 */
public final class Fixture implements AutoCloseable {
    /** The failed run. */
    public static final String RUN = "run-1";

    /** Its change set. */
    public static final String CHANGE_SET = "cs-1";

    /** Its units, each with {@link #VERSIONS_PER_UNIT} versions. */
    public static final int UNITS = 3;

    /** Versions per unit. */
    public static final int VERSIONS_PER_UNIT = 2;

    private final TestDatabase db;

    private Fixture(TestDatabase db) {
        this.db = db;
    }

    /**
     * Creates the database, the baseline and the failed cut.
     *
     * @param hint part of the database name
     * @return the fixture
     */
    public static Fixture create(String hint) {
        TestDatabase db = TestDatabase.create(hint);
        try {
            ReferenceWorld.seedBaseline(db.dataSource());
            CutScenario.forRun(RUN)
                    .changeSet(CHANGE_SET)
                    .units(UNITS)
                    .versionsPerUnit(VERSIONS_PER_UNIT)
                    .failingAt(Phase.WRITE_VERIFY)
                    .apply(db.dataSource());
            return new Fixture(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * The database.
     *
     * @return the database
     */
    public TestDatabase db() {
        return db;
    }

    /**
     * The superuser the tests read and write with (the compensation never runs as it).
     *
     * @return a data source
     */
    public DataSource admin() {
        return db.dataSource();
    }

    /**
     * The orchestrator's role, which every compensation runs as.
     *
     * @return a data source
     */
    public DataSource exec() {
        return db.dataSourceAs(TestDatabase.CUTTER_EXEC);
    }

    /**
     * A target as {@code cutter_exec}.
     *
     * @param lockTimeout its {@code lock_timeout}
     * @return the target
     */
    public PostgresTarget target(Duration lockTimeout) {
        return PostgresTarget.builder(exec()).lockTimeout(lockTimeout).build();
    }

    /**
     * The id of the change set's unit {@code n} (from 1).
     *
     * @param n the unit's number
     * @return its id
     */
    public long unitId(int n) {
        return PlainJdbc.count(
                admin(), "SELECT id FROM public.information_unit WHERE address = ?", CHANGE_SET + "/iu-" + n);
    }

    /**
     * A compensator of the failed run, planned and authorised by a recorded decision approving its
     * plan.
     *
     * @param target where it runs
     * @param failClosed its fail-closed procedure
     * @param mode soft revert or hard delete
     * @return the reviewed compensator
     */
    public Compensator reviewed(PostgresTarget target, FailClosed failClosed, Mode mode) {
        Compensator compensator = Compensator.forRun(RUN)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY);
        if (mode == Mode.HARD_DELETE) {
            compensator.hardDelete();
        }
        return compensator.authorizedBy(Probe.approve(compensator.plan()));
    }

    /**
     * The orchestrator's enactment of one unit ({@code fn_iu_enact}) in its own transaction, as the
     * superuser under an application name the tests can wait for.
     *
     * @param unit the unit's id
     * @param applicationName the session's {@code application_name}
     * @return nothing
     * @throws java.sql.SQLException as the function raises it
     */
    public Void enact(long unit, String applicationName) throws java.sql.SQLException {
        try (java.sql.Connection connection = admin().getConnection()) {
            PlainJdbc.run(connection, "SET application_name = '" + applicationName + "'");
            PlainJdbc.run(connection, "SELECT public.fn_iu_enact(?)", unit);
        }
        return null;
    }

    /** Drops the database. */
    @Override
    public void close() {
        db.close();
    }
}
