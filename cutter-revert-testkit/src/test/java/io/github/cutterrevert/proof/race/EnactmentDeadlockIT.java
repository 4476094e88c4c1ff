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
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Found by the soak: {@code fn_iu_enact} locks a unit and then its versions, a compensation writes
 * the versions and then the units (child before parent). An enactment of one of the change set's
 * units that arrives between the compensation's two writes therefore deadlocks with it, and
 * PostgreSQL aborts one of the two after {@code deadlock_timeout}. Whichever it is, nothing is
 * half-written: either the compensation committed and the enactment failed with 40P01, or the
 * compensation rolled back with 40P01 and failed closed while the enactment committed.
 */
class EnactmentDeadlockIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ENACTOR = "proof-deadlock-enactor";

    private Fixture fixture;

    @BeforeEach
    void cut() {
        fixture = Fixture.create("proof-enact-deadlock");
    }

    @AfterEach
    void drop() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void anEnactmentBetweenTheVersionAndUnitWritesDeadlocksAndOneSideRollsBackWhole(Mode mode) throws Exception {
        FailClosed failClosed = TestGovernance.failClosed();
        var compensator = fixture.reviewed(fixture.target(Duration.ofSeconds(15)), failClosed, mode);
        long unit = fixture.unitId(2);
        long units = PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.information_unit");
        long versions = PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.unit_version");

        Outcome<CompensationResult> compensation;
        Outcome<Void> enactment;
        try (Background sessions = new Background()) {
            Future<Outcome<CompensationResult>> compensating;
            Future<Outcome<Void>> enacting;
            try (Gate gate = Gate.beforeUnitWrites(fixture.admin())) {
                compensating = sessions.start(compensator::execute);
                gate.awaitArrival(WAIT);
                // The versions are written and row-locked; the units are not yet. Enact one unit: it locks
                // the unit, then waits for its versions.
                enacting = sessions.start(() -> fixture.enact(unit, ENACTOR));
                Probe.awaitLockWait(fixture.admin(), "application_name = ?", ENACTOR, "transactionid", WAIT);
            }
            compensation = Background.await(compensating, WAIT);
            enactment = Background.await(enacting, WAIT);
        }

        boolean enactmentLost = enactment.failure() instanceof SQLException e && "40P01".equals(e.getSQLState());
        boolean compensationLost = compensation.failure() instanceof StepFailedException e
                && e.sqlState().filter("40P01"::equals).isPresent();
        assertThat(enactmentLost ^ compensationLost)
                .as(
                        "exactly one side is the deadlock's victim (compensation: %s, enactment: %s)",
                        compensation.failure(), enactment.failure())
                .isTrue();
        if (enactmentLost) {
            assertThat(compensation.get().verdict()).isEqualTo(new Verdict.Compensated());
            assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "draft"))
                    .isZero();
            assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "enacted"))
                    .isZero();
            assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isEqualTo(1);
            Probe.assertNotHeld(failClosed);
        } else {
            assertThat(PlainJdbc.text(
                            fixture.admin(), "SELECT lifecycle_status FROM public.information_unit WHERE id = ?", unit))
                    .isEqualTo("enacted");
            assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "draft"))
                    .as("the compensation rolled back whole")
                    .isEqualTo(Fixture.UNITS - 1);
            assertThat(PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.information_unit"))
                    .isEqualTo(units);
            assertThat(PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.unit_version"))
                    .isEqualTo(versions);
            assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isZero();
            Probe.assertFailedClosed(failClosed, Fixture.RUN);
        }
    }
}
