package io.github.cutterrevert.proof.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.NotApprovedException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.proof.race.Background.Outcome;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutScenarioResult;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestGovernance;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Other writers while a change set is compensated: unrelated ones go on, a child row never orphans. */
class ConcurrentWriterIT {
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String WRITER = "proof-writer";
    private static final String ADD_VERSION =
            "INSERT INTO public.unit_version (information_unit_id, version_no, body) VALUES (?, 99, 'late child')";

    private Fixture fixture;

    @BeforeEach
    void cut() {
        fixture = Fixture.create("proof-writer-race");
    }

    @AfterEach
    void drop() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aWriterOnAnUnrelatedChangeSetDuringCompensationAndTheCompensationBothSucceed(Mode mode) throws Exception {
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = fixture.reviewed(fixture.target(LOCK_TIMEOUT), failClosed, mode);
        long baselineDraft = PlainJdbc.count(
                fixture.admin(),
                "SELECT min(u.id) FROM public.information_unit u JOIN cutter_governance.cut_change_set_affected_row a"
                        + " ON a.information_unit_id = u.id WHERE a.change_set_id = ? AND u.lifecycle_status = 'draft'",
                ReferenceWorld.CHANGE_SET_ID);
        Map<String, Object> before = Probe.state(fixture.admin());

        Outcome<CompensationResult> compensation;
        CutScenarioResult other;
        try (Background sessions = new Background()) {
            Future<Outcome<CompensationResult>> compensating;
            try (Gate gate = Gate.afterUnitWrites(fixture.admin())) {
                compensating = sessions.start(compensator::execute);
                gate.awaitArrival(WAIT);
                // The compensation holds its change set's lock and row locks: a whole other cut (every
                // phase, enactment included) and the enactment of a baseline unit commit meanwhile.
                other = assertTimeoutPreemptively(WAIT, () -> CutScenario.forRun("run-other")
                        .changeSet("cs-other")
                        .units(4)
                        .versionsPerUnit(2)
                        .apply(fixture.admin()));
                assertTimeoutPreemptively(
                        WAIT, () -> PlainJdbc.run(fixture.admin(), "SELECT public.fn_iu_enact(?)", baselineDraft));
                assertThat(compensating.isDone()).as("still at the gate").isFalse();
            }
            compensation = Background.await(compensating, WAIT);
        }

        assertThat(compensation.get().verdict())
                .as("the re-count reads the compensation's own snapshot: the other writers do not disturb it")
                .isEqualTo(new Verdict.Compensated());
        assertThat(other.committedPhases()).containsExactly(Phase.values());
        assertThat(Probe.units(fixture.admin(), "cs-other", "enacted")).isEqualTo(4);
        assertThat(PlainJdbc.text(
                        fixture.admin(),
                        "SELECT lifecycle_status FROM public.information_unit WHERE id = ?",
                        baselineDraft))
                .isEqualTo("enacted");
        long compensated = mode == Mode.SOFT_REVERT
                ? Probe.units(fixture.admin(), Fixture.CHANGE_SET, "withdrawn")
                : (Long) before.get("public.information_unit")
                        + 4
                        - PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.information_unit");
        assertThat(compensated).isEqualTo(Fixture.UNITS);
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isEqualTo(1);
        assertThat(Probe.decisions(fixture.admin(), "cs-other")).isZero();
        Probe.assertNotHeld(failClosed);
    }

    @Test
    void aChildRowAddedAfterTheHardDeleteWaitsAndIsRefusedByTheForeignKey() throws Exception {
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = fixture.reviewed(fixture.target(LOCK_TIMEOUT), failClosed, Mode.HARD_DELETE);
        long unit = fixture.unitId(2);
        Map<String, Object> before = Probe.state(fixture.admin());

        Outcome<CompensationResult> compensation;
        Outcome<Void> writer;
        try (Background sessions = new Background()) {
            Future<Outcome<Void>> writing;
            Future<Outcome<CompensationResult>> compensating;
            try (Gate gate = Gate.afterUnitWrites(fixture.admin())) {
                compensating = sessions.start(compensator::execute);
                gate.awaitArrival(WAIT);
                writing = sessions.start(() -> addVersion(unit));
                Probe.awaitLockWait(fixture.admin(), "application_name = ?", WRITER, "transactionid", WAIT);
                assertThat(writing.isDone()).as("the child insert is blocked").isFalse();
            }
            compensation = Background.await(compensating, WAIT);
            writer = Background.await(writing, WAIT);
        }

        assertThat(compensation.get().verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(writer.failure())
                .as("the unit it points to is gone")
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23503"));
        assertThat(PlainJdbc.count(
                        fixture.admin(),
                        "SELECT count(*) FROM public.unit_version WHERE information_unit_id = ?",
                        unit))
                .isZero();
        assertNoOrphans();
        assertThat(PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.unit_version"))
                .isEqualTo((Long) before.get("public.unit_version") - Fixture.UNITS * Fixture.VERSIONS_PER_UNIT);
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isEqualTo(1);
        Probe.assertNotHeld(failClosed);
    }

    @Test
    void aChildRowCommittedBetweenTheGuardAndTheHardDeleteMakesTheDeleteRefuse() throws Exception {
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = fixture.reviewed(fixture.target(LOCK_TIMEOUT), failClosed, Mode.HARD_DELETE);
        long unit = fixture.unitId(2);
        Map<String, Object> before = Probe.state(fixture.admin());

        Outcome<CompensationResult> compensation;
        try (Background sessions = new Background()) {
            Future<Outcome<CompensationResult>> compensating;
            try (Gate gate = Gate.beforeFirstWrite(fixture.admin())) {
                compensating = sessions.start(compensator::execute);
                gate.awaitArrival(WAIT);
                // Snapshot taken and guards passed; the new version is invisible to the compensation.
                assertTimeoutPreemptively(WAIT, () -> addVersion(unit));
            }
            compensation = Background.await(compensating, WAIT);
        }

        assertThat(compensation.failure())
                .as("deleting the unit would orphan the version its snapshot cannot see")
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.table()).isEqualTo("public.information_unit");
                    assertThat(e.sqlState())
                            .as("the foreign key sees the committed child the snapshot misses")
                            .contains("23503");
                })
                .hasMessageContaining("rolled back");
        assertChildKeptAndNothingDeleted(unit, before);
        Probe.assertFailedClosed(failClosed, Fixture.RUN);
    }

    @Test
    void aChildRowInFlightWhenTheHardDeleteArrivesMakesTheDeleteWaitAndThenRefuse() throws Exception {
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = fixture.reviewed(fixture.target(LOCK_TIMEOUT), failClosed, Mode.HARD_DELETE);
        long unit = fixture.unitId(2);
        Map<String, Object> before = Probe.state(fixture.admin());

        Outcome<CompensationResult> compensation;
        try (Background sessions = new Background();
                Connection writer = fixture.admin().getConnection()) {
            writer.setAutoCommit(false);
            PlainJdbc.run(writer, ADD_VERSION, unit); // holds a key-share lock on the unit, not committed
            Future<Outcome<CompensationResult>> compensating = sessions.start(compensator::execute);
            Probe.awaitLockWait(fixture.admin(), "usename = ?", "cutter_exec", null, WAIT);
            writer.commit();
            compensation = Background.await(compensating, WAIT);
        }

        assertThat(compensation.failure()).isInstanceOfSatisfying(StepFailedException.class, e -> {
            assertThat(e.table()).isEqualTo("public.information_unit");
            assertThat(e.sqlState())
                    .as("the foreign key sees the committed child the snapshot misses")
                    .contains("23503");
        });
        assertChildKeptAndNothingDeleted(unit, before);
        Probe.assertFailedClosed(failClosed, Fixture.RUN);
    }

    @Test
    void aChildRowCommittedAfterReviewChangesThePlanAndIsNeverMissed() {
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator compensator = fixture.reviewed(fixture.target(LOCK_TIMEOUT), failClosed, Mode.HARD_DELETE);
        long unit = fixture.unitId(2);
        Map<String, Object> before = Probe.state(fixture.admin());
        PlainJdbc.run(fixture.admin(), ADD_VERSION, unit);

        assertThatThrownBy(compensator::execute)
                .as("the reviewed plan deletes 6 versions; there are 7 now")
                .isInstanceOf(NotApprovedException.class);
        assertChildKeptAndNothingDeleted(unit, before);
        Probe.assertNotHeld(failClosed);
    }

    private void assertChildKeptAndNothingDeleted(long unit, Map<String, Object> before) {
        assertThat(PlainJdbc.count(
                        fixture.admin(),
                        "SELECT count(*) FROM public.unit_version WHERE information_unit_id = ? AND version_no = 99",
                        unit))
                .as("the new child row")
                .isEqualTo(1);
        Map<String, Object> after = Probe.state(fixture.admin());
        assertThat(after.get("public.information_unit")).isEqualTo(before.get("public.information_unit"));
        assertThat(after.get("public.unit_version")).isEqualTo((Long) before.get("public.unit_version") + 1);
        assertThat(after.get("units")).as("every unit and status unchanged").isEqualTo(before.get("units"));
        assertThat(after.get("decisions")).as("no ledger row").isEqualTo(before.get("decisions"));
        assertNoOrphans();
    }

    private void assertNoOrphans() {
        assertThat(
                        PlainJdbc.count(
                                fixture.admin(),
                                "SELECT count(*) FROM public.unit_version v"
                                        + " WHERE NOT EXISTS (SELECT 1 FROM public.information_unit u WHERE u.id = v.information_unit_id)"))
                .as("versions without their unit")
                .isZero();
    }

    private Void addVersion(long unit) throws SQLException {
        try (Connection connection = fixture.admin().getConnection()) {
            PlainJdbc.run(connection, "SET application_name = '" + WRITER + "'");
            PlainJdbc.run(connection, ADD_VERSION, unit);
        }
        return null;
    }
}
