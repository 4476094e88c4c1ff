package io.github.cutterrevert;

import static io.github.cutterrevert.Fixtures.afterLegA;
import static io.github.cutterrevert.Fixtures.afterLegB;
import static io.github.cutterrevert.Fixtures.afterWriteVerify;
import static io.github.cutterrevert.Fixtures.empty;
import static io.github.cutterrevert.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Run histories: how they are built, and how the planner checks them before planning. */
class RunHistoryTest {

    private static CompensationPlan plan(RunHistory history, CutEvidence evidence) {
        return CompensationPlanner.plan(request(history, Mode.SOFT_REVERT, "withdrawn"), evidence);
    }

    @Test
    void failedAtCommitsEveryEarlierPhaseAndStartsNoLaterOne() {
        RunHistory history = RunHistory.failedAt(Phase.WRITE_VERIFY);

        assertThat(history.outcomes())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        Phase.PRE_WRITE_BACKUP, PhaseOutcome.COMMITTED,
                        Phase.CUT_LEG_A, PhaseOutcome.COMMITTED,
                        Phase.LEG_B_RECORD, PhaseOutcome.COMMITTED,
                        Phase.WRITE_VERIFY, PhaseOutcome.ROLLED_BACK,
                        Phase.LIFECYCLE_ENACT, PhaseOutcome.NOT_STARTED));
        assertThat(history.failedPhase()).contains(Phase.WRITE_VERIFY);
    }

    @Test
    void missingPhasesAreNotStartedAndTheMapIsCopied() {
        Map<Phase, PhaseOutcome> source = new HashMap<>();
        source.put(Phase.PRE_WRITE_BACKUP, PhaseOutcome.COMMITTED);
        RunHistory history = new RunHistory(source);
        source.put(Phase.CUT_LEG_A, PhaseOutcome.UNKNOWN);

        assertThat(history.outcome(Phase.CUT_LEG_A))
                .as("mutating the source map after construction changes nothing")
                .isEqualTo(PhaseOutcome.NOT_STARTED);
        assertThat(history.outcomes()).hasSize(5);
        assertThat(history.failedPhase()).isEmpty();
    }

    @Test
    void withOutcomeReturnsACopy() {
        RunHistory history = RunHistory.succeeded();
        RunHistory changed = history.withOutcome(Phase.LIFECYCLE_ENACT, PhaseOutcome.ROLLED_BACK);

        assertThat(history.outcome(Phase.LIFECYCLE_ENACT)).isEqualTo(PhaseOutcome.COMMITTED);
        assertThat(changed).isEqualTo(RunHistory.failedAt(Phase.LIFECYCLE_ENACT));
    }

    @Test
    void nullsAreRejectedWithTypedErrors() {
        assertThatThrownBy(() -> new RunHistory(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> RunHistory.failedAt(null)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @EnumSource(Phase.class)
    void anUnknownOutcomeMustBeResolvedBeforePlanning(Phase phase) {
        RunHistory history = RunHistory.failedAt(Phase.LIFECYCLE_ENACT).withOutcome(phase, PhaseOutcome.UNKNOWN);

        assertThatThrownBy(() -> plan(history, afterWriteVerify(3, 1).build()))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("outcome-known"))
                .hasMessageContaining(phase.runbookName())
                .hasMessageContaining("pg_xact_status");
    }

    @Test
    void aCommitAfterTheFailureIsInconsistent() {
        RunHistory history =
                RunHistory.failedAt(Phase.LEG_B_RECORD).withOutcome(Phase.WRITE_VERIFY, PhaseOutcome.COMMITTED);

        assertThatThrownBy(() -> plan(history, afterLegA(3, 1).build()))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("history-consistent"))
                .hasMessageContaining(
                        "expected write_verify NOT_STARTED after leg_b_record ROLLED_BACK but found COMMITTED");
    }

    @Test
    void twoRolledBackPhasesAreInconsistent() {
        Map<Phase, PhaseOutcome> outcomes = new EnumMap<>(Phase.class);
        outcomes.put(Phase.PRE_WRITE_BACKUP, PhaseOutcome.ROLLED_BACK);
        outcomes.put(Phase.CUT_LEG_A, PhaseOutcome.ROLLED_BACK);

        assertThatThrownBy(() -> plan(new RunHistory(outcomes), empty().build()))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("history-consistent"));
    }

    @Test
    void aCommitAfterAGapIsInconsistent() {
        Map<Phase, PhaseOutcome> outcomes = new EnumMap<>(Phase.class);
        outcomes.put(Phase.CUT_LEG_A, PhaseOutcome.COMMITTED);

        assertThatThrownBy(() -> plan(new RunHistory(outcomes), empty().build()))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("history-consistent"));
    }

    @Test
    void everyPhaseCommittedHasNothingToDo() {
        CompensationPlan plan = plan(
                RunHistory.succeeded(),
                afterWriteVerify(0, 0)
                        .units("enacted", 3)
                        .ledger(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, 3)
                        .build());

        assertThat(plan.kind()).isEqualTo(PlanKind.NOTHING_TO_DO);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.rationale()).contains("the run succeeded");
    }

    @Test
    void noPhaseStartedHasNothingToDo() {
        CompensationPlan plan = plan(new RunHistory(Map.of()), empty().build());

        assertThat(plan.kind()).isEqualTo(PlanKind.NOTHING_TO_DO);
    }

    @Test
    void everyPhaseCommittedYetUnitsStillDraftEscalates() {
        // Regression: a fully committed history planned NOTHING_TO_DO whatever the evidence, so
        // draft units left behind by a run reported as enacted were silently accepted.
        CompensationPlan plan =
                plan(RunHistory.succeeded(), afterWriteVerify(3, 2).build());

        assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
        assertThat(plan.rationale())
                .contains("every phase committed")
                .contains("3 units and 6 versions")
                .contains("disagree");
        CompensationPlannerMatrixTest.assertWritesNothing(plan);
    }

    @Test
    void noPhaseStartedYetRowsExistEscalates() {
        // Regression: a history where nothing started planned NOTHING_TO_DO even when the change
        // set had units: the same disagreement as "leg A failed, yet units exist".
        CompensationPlan plan = plan(new RunHistory(Map.of()), afterLegA(3, 2).build());

        assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
        assertThat(plan.rationale())
                .contains("no phase started")
                .contains("3 units")
                .contains("disagree");
    }

    @Test
    void aPhaseThatNeverStartedAfterCommittedOnesIsPlannedLikeAFailure() {
        // leg A committed, then the orchestrator stopped before leg B: leg A's units are compensated.
        Map<Phase, PhaseOutcome> outcomes = new EnumMap<>(Phase.class);
        outcomes.put(Phase.PRE_WRITE_BACKUP, PhaseOutcome.COMMITTED);
        outcomes.put(Phase.CUT_LEG_A, PhaseOutcome.COMMITTED);

        CompensationPlan plan = plan(new RunHistory(outcomes), afterLegA(3, 1).build());

        assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
        assertThat(plan.rationale()).contains("stopped before leg_b_record");
    }

    @ParameterizedTest
    @EnumSource(
            value = Phase.class,
            names = {"LEG_B_RECORD", "WRITE_VERIFY", "LIFECYCLE_ENACT"})
    void aSoftCompensationIsNotRepeated(Phase failed) {
        // What a completed soft compensation leaves: no draft unit, a reverted decision when B ran.
        Fixtures.Evidence after = Fixtures.committedBefore(failed, 3, 2).softReverted("withdrawn");
        if (failed != Phase.LEG_B_RECORD) {
            after.revertDecisions(1);
        }

        CompensationPlan plan = plan(RunHistory.failedAt(failed), after.build());

        assertThat(plan.kind()).as("second compensation of %s", failed).isEqualTo(PlanKind.NOTHING_TO_DO);
        assertThat(plan.rationale()).contains("already compensated");
        assertThat(plan.steps()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = Phase.class,
            names = {"LEG_B_RECORD", "WRITE_VERIFY", "LIFECYCLE_ENACT"})
    void aHardCompensationIsNotRepeated(Phase failed) {
        Fixtures.Evidence after = Fixtures.committedBefore(failed, 3, 2).log(3).hardDeleted();
        if (failed != Phase.LEG_B_RECORD) {
            after.revertDecisions(1);
        }

        CompensationPlan plan = CompensationPlanner.plan(request(failed, Mode.HARD_DELETE), after.build());

        assertThat(plan.kind()).as("second compensation of %s", failed).isEqualTo(PlanKind.NOTHING_TO_DO);
    }

    @Test
    void aSoftRevertWithoutItsDecisionOnlyAppendsTheDecision() {
        // A crash between compensation A and B cannot happen (one transaction), but an operator may
        // have soft-reverted by hand: B alone remains.
        CompensationPlan plan = plan(
                RunHistory.failedAt(Phase.WRITE_VERIFY),
                afterLegB(3, 2).softReverted("withdrawn").build());

        assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
        assertThat(plan.steps()).noneMatch(step -> step instanceof PlanStep.SoftRevert);
        assertThat(plan.steps()).last().isInstanceOf(PlanStep.LedgerAppend.class);
    }
}
