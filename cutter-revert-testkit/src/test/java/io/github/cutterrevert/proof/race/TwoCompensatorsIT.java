package io.github.cutterrevert.proof.race;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.LockBusyException;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.proof.race.Background.Outcome;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.TestGovernance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two compensators of the same run, reviewed and approved alike, released together from a barrier.
 * Whichever takes the change set's advisory lock first is stopped at a {@link Gate} after its
 * writes, still holding the lock, so the other one meets a held lock whatever the scheduler does.
 */
class TwoCompensatorsIT {
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Fixture fixture;

    @BeforeEach
    void cut() {
        fixture = Fixture.create("proof-two-compensators");
    }

    @AfterEach
    void drop() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void twoCompensatorsReleasedTogetherOneProceedsAndTheOtherFailsFastWithLockBusy(Mode mode) throws Exception {
        PostgresTarget target = fixture.target(LOCK_TIMEOUT);
        // One fail-closed home for both, as on a real host (/var/lib/cutter).
        FailClosed failClosed = TestGovernance.failClosed();
        List<Compensator> compensators =
                List.of(fixture.reviewed(target, failClosed, mode), fixture.reviewed(target, failClosed, mode));
        Map<String, Object> before = Probe.state(fixture.admin());
        CyclicBarrier start = new CyclicBarrier(2);

        Outcome<CompensationResult> winner;
        Outcome<CompensationResult> loser;
        try (Background sessions = new Background()) {
            Future<Outcome<CompensationResult>> winning;
            try (Gate gate = Gate.afterUnitWrites(fixture.admin())) {
                Future<Outcome<CompensationResult>> first = sessions.start(() -> {
                    start.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    return compensators.get(0).execute();
                });
                Future<Outcome<CompensationResult>> second = sessions.start(() -> {
                    start.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    return compensators.get(1).execute();
                });
                gate.awaitArrival(WAIT);
                Probe.await("one compensator to give up", WAIT, () -> first.isDone() || second.isDone());
                Future<Outcome<CompensationResult>> losing = first.isDone() ? first : second;
                winning = losing == first ? second : first;
                loser = Background.await(losing, WAIT);
                assertThat(winning.isDone())
                        .as("the one at the gate holds the lock and is still running")
                        .isFalse();
                assertThat(Probe.state(fixture.admin()))
                        .as("nothing committed while the winner waits at the gate")
                        .isEqualTo(before);
            }
            winner = Background.await(winning, WAIT);
        }

        assertThat(winner.get().verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(loser.failure()).isInstanceOfSatisfying(LockBusyException.class, e -> assertThat(e.lockSubject())
                .isEqualTo("change set " + Fixture.CHANGE_SET));
        assertThat(loser.took()).as("gave up at once, within lock_timeout").isLessThan(LOCK_TIMEOUT);
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET))
                .as("exactly one ledger decision")
                .isEqualTo(1);
        assertThat(PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM cutter_governance.review_decision"))
                .isEqualTo(1);
        if (mode == Mode.SOFT_REVERT) {
            assertThat(Probe.units(fixture.admin(), Fixture.CHANGE_SET, "withdrawn"))
                    .isEqualTo(Fixture.UNITS);
        } else {
            assertThat(PlainJdbc.count(fixture.admin(), "SELECT count(*) FROM public.information_unit"))
                    .isEqualTo((Long) before.get("public.information_unit") - Fixture.UNITS);
        }
        Probe.assertNotHeld(failClosed);
    }
}
