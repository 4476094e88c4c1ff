package io.github.cutterrevert.proof.race;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.proof.race.Background.Outcome;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.TestGovernance;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The orchestrator enacts a draft unit of the change set ({@code fn_iu_enact}) while the change set
 * is being compensated, after the compensation's guard. Each order is forced with a {@link Gate};
 * either way an enacted row is never changed or deleted.
 */
class EnactDuringCompensationIT {
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ENACTOR = "proof-enactor";

    private Fixture fixture;

    @BeforeEach
    void cut() {
        fixture = Fixture.create("proof-enact-race");
    }

    @AfterEach
    void drop() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void anEnactmentArrivingAfterTheWritesWaitsForTheCommitAndThenFailsOnItsOwnRule(Mode mode) throws Exception {
        FailClosed failClosed = TestGovernance.failClosed();
        var compensator = fixture.reviewed(fixture.target(LOCK_TIMEOUT), failClosed, mode);
        long unit = fixture.unitId(2);
        Map<String, Object> before = Probe.state(fixture.admin());

        Outcome<CompensationResult> compensation;
        Outcome<Void> enactment;
        try (Background sessions = new Background()) {
            Future<Outcome<Void>> enacting;
            Future<Outcome<CompensationResult>> compensating;
            try (Gate gate = Gate.afterUnitWrites(fixture.admin())) {
                compensating = sessions.start(compensator::execute);
                gate.awaitArrival(WAIT);
                // The compensation has written every unit and holds their row locks; now enact one.
                enacting = sessions.start(() -> fixture.enact(unit, ENACTOR));
                Probe.awaitLockWait(fixture.admin(), "application_name = ?", ENACTOR, "transactionid", WAIT);
                assertThat(enacting.isDone())
                        .as("the enactment waits for the compensation")
                        .isFalse();
            }
            compensation = Background.await(compensating, WAIT);
            enactment = Background.await(enacting, WAIT);
        }

        assertThat(compensation.get().verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(enactment.failure())
                .as("fn_iu_enact finds no draft unit once the compensation committed")
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("CR003"));
        assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "enacted")).isZero();
        if (mode == Mode.SOFT_REVERT) {
            assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "withdrawn"))
                    .isEqualTo(Fixture.UNITS);
        } else {
            assertThat(PlainJdbc.count(
                            fixture.admin(), "SELECT count(*) FROM public.information_unit WHERE id = ?", unit))
                    .isZero();
        }
        assertThat(PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.iu_lifecycle_log"))
                .as("the failed enactment logged nothing")
                .isEqualTo(before.get("public.iu_lifecycle_log"));
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isEqualTo(1);
        Probe.assertNotHeld(failClosed);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void anEnactmentCommittedBetweenTheGuardAndTheWriteMakesTheCompensationRefuse(Mode mode) throws Exception {
        FailClosed failClosed = TestGovernance.failClosed();
        var compensator = fixture.reviewed(fixture.target(LOCK_TIMEOUT), failClosed, mode);
        long unit = fixture.unitId(2);
        Map<String, Object> before = Probe.state(fixture.admin());

        Outcome<CompensationResult> compensation;
        try (Background sessions = new Background()) {
            Future<Outcome<CompensationResult>> compensating;
            try (Gate gate = Gate.beforeFirstWrite(fixture.admin())) {
                compensating = sessions.start(compensator::execute);
                gate.awaitArrival(WAIT);
                // Snapshot taken, lock held, guards passed ("0 enacted units"): enact one now.
                fixture.enact(unit, ENACTOR);
            }
            compensation = Background.await(compensating, WAIT);
        }

        assertThat(compensation.failure())
                .as("REPEATABLE READ refuses to write a row changed after the snapshot")
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.sqlState()).contains("40001");
                    assertThat(e.table()).isEqualTo("public.unit_version");
                })
                .hasMessageContaining("rolled back");
        assertEnactedUnitUntouched(unit, before);
        Probe.assertFailedClosed(failClosed, Fixture.RUN);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void anEnactmentInFlightWhenTheWriteArrivesMakesTheWriteWaitAndThenRefuse(Mode mode) throws Exception {
        FailClosed failClosed = TestGovernance.failClosed();
        var compensator = fixture.reviewed(fixture.target(LOCK_TIMEOUT), failClosed, mode);
        long unit = fixture.unitId(2);
        Map<String, Object> before = Probe.state(fixture.admin());

        Outcome<CompensationResult> compensation;
        try (Background sessions = new Background();
                Connection enactor = fixture.admin().getConnection()) {
            enactor.setAutoCommit(false);
            PlainJdbc.run(enactor, "SELECT public.fn_iu_enact(?)", unit); // row locks held, not committed
            Future<Outcome<CompensationResult>> compensating = sessions.start(compensator::execute);
            Probe.awaitLockWait(fixture.admin(), "usename = ?", "cutter_exec", "transactionid", WAIT);
            enactor.commit();
            compensation = Background.await(compensating, WAIT);
        }

        assertThat(compensation.failure())
                .isInstanceOfSatisfying(
                        StepFailedException.class, e -> assertThat(e.sqlState()).contains("40001"));
        assertEnactedUnitUntouched(unit, before);
        Probe.assertFailedClosed(failClosed, Fixture.RUN);
    }

    private void assertEnactedUnitUntouched(long unit, Map<String, Object> before) {
        assertThat(PlainJdbc.text(
                        fixture.admin(), "SELECT lifecycle_status FROM public.information_unit WHERE id = ?", unit))
                .isEqualTo("enacted");
        assertThat(PlainJdbc.count(
                        fixture.admin(),
                        "SELECT count(*) FROM public.unit_version WHERE information_unit_id = ? AND lifecycle_status = 'enacted'",
                        unit))
                .isEqualTo(Fixture.VERSIONS_PER_UNIT);
        assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "draft"))
                .as("the compensation rolled back: the other units are still draft")
                .isEqualTo(Fixture.UNITS - 1);
        Map<String, Object> after = Probe.state(fixture.admin());
        assertThat(after.get("public.information_unit")).isEqualTo(before.get("public.information_unit"));
        assertThat(after.get("public.unit_version")).isEqualTo(before.get("public.unit_version"));
        assertThat(after.get("public.iu_lifecycle_log"))
                .as("only the enactment's log row was added")
                .isEqualTo((Long) before.get("public.iu_lifecycle_log") + 1);
        assertThat(after.get("cutter_governance.review_decision"))
                .as("no ledger row")
                .isEqualTo(before.get("cutter_governance.review_decision"));
    }
}
