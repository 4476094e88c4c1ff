package io.github.cutterrevert.proof.race;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.LockBusyException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.proof.race.Background.Outcome;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.TestGovernance;
import java.time.Duration;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two change sets compensated at once both append a signed decision to the one decision chain.
 * The first is stopped at a {@link Gate} after its unit writes, inside its transaction; the second,
 * of another change set (so the change-set locks do not meet), must give up at once with {@link
 * LockBusyException} on the decision chain instead of appending beside it. Asserted by what happens
 * (outcomes, rows, decisions), not by the SQL text.
 */
class DecisionChainLockIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Fixture fixture;

    @BeforeEach
    void twoFailedCuts() {
        fixture = Fixture.create("proof-chain-lock");
        CutScenario.forRun("run-2")
                .changeSet("cs-2")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(fixture.admin());
    }

    @AfterEach
    void drop() {
        fixture.close();
    }

    private static Compensator reviewed(PostgresTarget target, FailClosed failClosed, String run) {
        Compensator compensator = Compensator.forRun(run)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY);
        return compensator.authorizedBy(Probe.approve(compensator.plan()));
    }

    @Test
    void twoChangeSetsAppendingDecisionsAtOnceOneGetsLockBusyOnTheChain() throws Exception {
        PostgresTarget target = fixture.target(Duration.ofSeconds(3));
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator first = reviewed(target, failClosed, Fixture.RUN);
        Compensator second = reviewed(target, failClosed, "run-2");

        Outcome<CompensationResult> winner;
        Outcome<CompensationResult> loser;
        try (Background sessions = new Background()) {
            Future<Outcome<CompensationResult>> winning;
            try (Gate gate = Gate.afterUnitWrites(fixture.admin())) {
                winning = sessions.start(first::execute);
                gate.awaitArrival(WAIT);
                // The first holds the chain's lock and waits at the gate: the second starts now.
                loser = Background.await(sessions.start(second::execute), WAIT);
                assertThat(winning.isDone())
                        .as("the first is still at the gate, holding the chain's lock")
                        .isFalse();
            }
            winner = Background.await(winning, WAIT);
        }

        assertThat(winner.get().verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(loser.failure())
                .as("the second change set meets the chain's lock, not its own")
                .isInstanceOfSatisfying(LockBusyException.class, e -> assertThat(e.lockSubject())
                        .contains("decision chain"));
        assertThat(Probe.decisions(fixture.admin(), Fixture.CHANGE_SET)).isEqualTo(1);
        assertThat(Probe.decisions(fixture.admin(), "cs-2"))
                .as("no decision appended beside the first")
                .isZero();
        assertThat(Probe.units(fixture.admin(), "cs-2", "draft"))
                .as("the second change set is untouched")
                .isEqualTo(2);
        Probe.assertNotHeld(failClosed);

        // Nothing was written and nothing holds: a human executes it again, and it goes through.
        assertThat(reviewed(target, failClosed, "run-2").execute().verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(Probe.decisions(fixture.admin(), "cs-2")).isEqualTo(1);
        assertThat(target.verifyDecisions(TestGovernance.publicKeys()).intact())
                .as("one chain, no fork")
                .isTrue();
    }
}
