package io.github.cutterrevert.proof.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.OutcomeUnknownException;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.proof.race.Background;
import io.github.cutterrevert.proof.race.Background.Outcome;
import io.github.cutterrevert.proof.race.Fixture;
import io.github.cutterrevert.proof.race.Gate;
import io.github.cutterrevert.proof.race.Probe;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestGovernance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The compensation's backend is terminated ({@code pg_terminate_backend} from another connection)
 * in the middle of a DELETE and around COMMIT. The outcome is decided on a fresh connection from
 * the transaction id read before COMMIT ({@code pg_xact_status}), reported as compensated or as
 * rolled back (unknown only while the transaction is still open), and a change set is never
 * compensated twice.
 */
class TerminatedBackendIT {
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Fixture fixture;
    private Map<String, Object> before;

    @BeforeEach
    void cut() {
        fixture = Fixture.create("proof-terminated");
        before = Probe.state(fixture.admin());
    }

    @AfterEach
    void drop() {
        fixture.close();
    }

    @Test
    void aBackendTerminatedDuringADeleteRollsBackAndIsCompensatedOnceAfterTheHold() throws Exception {
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = fixture.reviewed(fixture.target(LOCK_TIMEOUT), failClosed, Mode.HARD_DELETE);

        Outcome<CompensationResult> compensation;
        try (Background sessions = new Background()) {
            Future<Outcome<CompensationResult>> compensating;
            try (Gate gate = Gate.afterUnitWrites(fixture.admin())) {
                compensating = sessions.start(compensator::execute);
                // Stopped inside the DELETE of the units, versions and units already deleted.
                int pid = gate.awaitArrival(WAIT);
                terminate(pid);
                compensation = Background.await(compensating, WAIT);
            }
        }

        assertThat(compensation.failure())
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.table()).isEqualTo("public.information_unit");
                    assertThat(e.sqlState()).contains("57P01");
                })
                .hasMessageContaining("rolled back");
        assertThat(Probe.state(fixture.admin()))
                .as("read on a fresh connection: every row as before")
                .isEqualTo(before);
        Probe.assertFailedClosed(failClosed, Fixture.RUN);
        assertCompensatedExactlyOnceAfterRelease(failClosed, Mode.HARD_DELETE);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aBackendTerminatedJustBeforeCommitIsReportedRolledBackAndCompensatedOnceAfterTheHold(Mode mode) {
        FaultyDataSource faulty = new FaultyDataSource(fixture.exec());
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = fixture.reviewed(target(faulty), failClosed, mode);
        AtomicLong txid = new AtomicLong();
        faulty.onCommit(real -> {
            txid.set(queryLong(real, "SELECT txid_current()"));
            terminate((int) queryLong(real, "SELECT pg_backend_pid()"));
            real.commit(); // reaches a backend that is gone
        });

        Outcome<CompensationResult> compensation = runBounded(compensator);

        assertThat(compensation.failure())
                .as("pg_xact_status on a fresh connection: aborted")
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.table()).isEqualTo("(commit)");
                    assertThat(e.sqlState()).isPresent();
                })
                .hasMessageContaining("rolled back");
        assertThat(status(txid.get())).isEqualTo("aborted");
        assertThat(Probe.state(fixture.admin())).isEqualTo(before);
        Probe.assertFailedClosed(failClosed, Fixture.RUN);
        assertCompensatedExactlyOnceAfterRelease(failClosed, mode);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aCommitWhoseReplyIsLostWithTheBackendIsReportedCompensatedAndNeverCompensatedAgain(Mode mode) {
        FaultyDataSource faulty = new FaultyDataSource(fixture.exec());
        FailClosed failClosed = TestGovernance.failClosed();
        PostgresTarget target = target(faulty);
        Compensator compensator = fixture.reviewed(target, failClosed, mode);
        AtomicLong txid = new AtomicLong();
        faulty.onCommit(real -> {
            txid.set(queryLong(real, "SELECT txid_current()"));
            int pid = (int) queryLong(real, "SELECT pg_backend_pid()");
            real.commit();
            // The COMMIT went through; the backend dies before its reply reaches us.
            terminate(pid);
            throw new SQLException("An I/O error occurred while sending to the backend (reply lost)", "08006");
        });

        Outcome<CompensationResult> compensation = runBounded(compensator);

        assertThat(compensation.get().verdict())
                .as("pg_xact_status on a fresh connection: committed")
                .isEqualTo(new Verdict.Compensated());
        assertThat(status(txid.get())).isEqualTo("committed");
        assertCompensated(mode);
        Probe.assertNotHeld(failClosed);
        Map<String, Object> compensated = Probe.state(fixture.admin());

        CompensationResult again = fixture.reviewed(target, failClosed, mode).execute();
        assertThat(again.verdict()).isInstanceOf(Verdict.NothingToDo.class);
        assertThat(Probe.state(fixture.admin())).isEqualTo(compensated);
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isEqualTo(1);
    }

    @Test
    void aCommitThatWentThroughIsNotReportedRolledBackWhenTheBackendIsTerminatedBeforeReplying() {
        // Before pg_xact_status was asked, a COMMIT failing with 57P01 (terminated by an administrator)
        // was reported as "rolled back" without looking, although the commit may have gone through.
        FaultyDataSource faulty = new FaultyDataSource(fixture.exec());
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = fixture.reviewed(target(faulty), failClosed, Mode.SOFT_REVERT);
        AtomicLong txid = new AtomicLong();
        faulty.onCommit(real -> {
            txid.set(queryLong(real, "SELECT txid_current()"));
            int pid = (int) queryLong(real, "SELECT pg_backend_pid()");
            real.commit();
            terminate(pid);
            throw new SQLException("terminating connection due to administrator command", "57P01");
        });

        Outcome<CompensationResult> compensation = runBounded(compensator);

        assertThat(compensation.get().verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(status(txid.get())).isEqualTo("committed");
        assertCompensated(Mode.SOFT_REVERT);
        Probe.assertNotHeld(failClosed);
    }

    @Test
    void aCommitLostWhileItsTransactionStaysOpenIsReportedUnknownWithItsTransactionId() {
        FaultyDataSource faulty = new FaultyDataSource(fixture.exec());
        FailClosed failClosed = TestGovernance.failClosed();
        Duration lockTimeout = Duration.ofMillis(500);
        Compensator compensator = fixture.reviewed(
                PostgresTarget.builder(faulty).lockTimeout(lockTimeout).build(), failClosed, Mode.SOFT_REVERT);
        AtomicLong txid = new AtomicLong();
        faulty.onCommit(real -> {
            txid.set(queryLong(real, "SELECT txid_current()"));
            // The network breaks before COMMIT leaves: the backend keeps the transaction open.
            faulty.sever(real);
            throw new SQLException("An I/O error occurred while sending to the backend", "08006");
        });

        Outcome<CompensationResult> compensation = runBounded(compensator);

        assertThat(compensation.failure())
                .as("still in progress after lock_timeout: unknown, never guessed")
                .isInstanceOfSatisfying(OutcomeUnknownException.class, e -> assertThat(e.transactionId())
                        .isEqualTo(Long.toString(txid.get())));
        assertThat(compensation.took()).isLessThan(lockTimeout.plus(WAIT));
        Probe.assertFailedClosed(failClosed, Fixture.RUN);
        // The connection was closed on the way out, which ended the open transaction.
        Probe.await("the transaction to end", WAIT, () -> !"in progress".equals(status(txid.get())));
        assertThat(status(txid.get())).isEqualTo("aborted");
        assertThat(Probe.state(fixture.admin())).isEqualTo(before);
    }

    private PostgresTarget target(FaultyDataSource faulty) {
        return PostgresTarget.builder(faulty).lockTimeout(LOCK_TIMEOUT).build();
    }

    private static Outcome<CompensationResult> runBounded(Compensator compensator) {
        try (Background sessions = new Background()) {
            return Background.await(sessions.start(compensator::execute), WAIT);
        }
    }

    private void assertCompensatedExactlyOnceAfterRelease(FailClosed failClosed, Mode mode) {
        failClosed.release("tester", "the terminated compensation rolled back, checked against pre/post", true);
        PostgresTarget target = fixture.target(LOCK_TIMEOUT);
        assertThat(fixture.reviewed(target, failClosed, mode).execute().verdict())
                .isEqualTo(new Verdict.Compensated());
        assertCompensated(mode);
        assertThat(fixture.reviewed(target, failClosed, mode).execute().verdict())
                .isInstanceOf(Verdict.NothingToDo.class);
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isEqualTo(1);
    }

    private void assertCompensated(Mode mode) {
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isEqualTo(1);
        if (mode == Mode.SOFT_REVERT) {
            assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "withdrawn"))
                    .isEqualTo(Fixture.UNITS);
        } else {
            assertThat(PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.information_unit"))
                    .isEqualTo(ReferenceWorld.UNITS);
            assertThat(PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.unit_version"))
                    .isEqualTo(ReferenceWorld.VERSIONS);
        }
    }

    /** Terminates a backend from a connection of the test and waits until it is gone. */
    private void terminate(int pid) {
        assertThat(PlainJdbc.text(fixture.admin(), "SELECT pg_terminate_backend(?)", pid))
                .isEqualTo("t");
        Probe.await(
                "backend " + pid + " to exit",
                WAIT,
                () -> PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM pg_stat_activity WHERE pid = ?", pid)
                        == 0);
    }

    private String status(long txid) {
        return PlainJdbc.text(fixture.admin(), "SELECT pg_xact_status(?::text::xid8)", txid);
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
