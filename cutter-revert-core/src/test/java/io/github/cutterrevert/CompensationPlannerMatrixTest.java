package io.github.cutterrevert;

import static io.github.cutterrevert.Fixtures.CS;
import static io.github.cutterrevert.Fixtures.REVERT_RUN;
import static io.github.cutterrevert.Fixtures.RUN;
import static io.github.cutterrevert.Fixtures.afterLegA;
import static io.github.cutterrevert.Fixtures.afterLegB;
import static io.github.cutterrevert.Fixtures.afterWriteVerify;
import static io.github.cutterrevert.Fixtures.empty;
import static io.github.cutterrevert.Fixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.PlanStep.DiscardBackup;
import io.github.cutterrevert.PlanStep.Escalate;
import io.github.cutterrevert.PlanStep.Guard;
import io.github.cutterrevert.PlanStep.Hold;
import io.github.cutterrevert.PlanStep.LedgerAppend;
import io.github.cutterrevert.PlanStep.SoftRevert;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per row of the per-cut compensation matrix (seed 000, section 3). */
class CompensationPlannerMatrixTest {

    private static final RowSelector ROWS = new RowSelector.OfChangeSet(CS);

    private static List<PlanStep> softGuards() {
        return List.of(
                new Guard(new Precondition.ImmutabilityTriggersEnabled(SchemaFacts.IMMUTABILITY_TRIGGERS)),
                new Guard(new Precondition.EnactFunctionsPresent(SchemaFacts.ENACT_FUNCTIONS)),
                new Guard(new Precondition.NoUnitEnacted(CS)),
                new Guard(new Precondition.StatusAllowed(LogicalTable.INFORMATION_UNIT, "withdrawn")));
    }

    private static SoftRevert softRevert(LogicalTable table, long rows) {
        return new SoftRevert(table, ROWS, "lifecycle_status", "draft", "withdrawn", rows, Optional.empty());
    }

    private static LedgerAppend reverted() {
        return new LedgerAppend(new CompensatingDecision(
                CS, REVERT_RUN, "change set cs-42 of run run-42 reverted by run run-42:revert"));
    }

    static void assertWritesNothing(CompensationPlan plan) {
        assertThat(plan.writes()).as("a %s plan writes nothing", plan.kind()).isFalse();
        assertThat(plan.steps())
                .as("a %s plan has no writing step", plan.kind())
                .noneMatch(PlanStep::writes);
        assertThat(plan.expectedDeltas()).as("no expected deltas").isEmpty();
    }

    @Nested
    class PreWriteBackupFailed {
        @Test
        void discardsTheBackupAndHolds() {
            CompensationPlan plan = plan(Phase.PRE_WRITE_BACKUP, Mode.SOFT_REVERT, empty().build());

            assertThat(plan.kind()).isEqualTo(PlanKind.DISCARD_AND_HOLD);
            assertThat(plan.steps()).hasSize(2);
            assertThat(plan.steps().get(0)).isEqualTo(new DiscardBackup(RUN));
            assertThat(plan.steps().get(1)).isInstanceOf(Hold.class);
            assertThat(((Hold) plan.steps().get(1)).reason())
                    .as("the HOLD says to re-run from clean")
                    .contains("pre_write_backup")
                    .contains("re-run from clean");
            assertThat(plan.preconditions()).containsExactly(new Precondition.NotOnHold());
            assertWritesNothing(plan);
        }

        @Test
        void holdsWithoutDiscardingWhenNoBackupArtifactExists() {
            CompensationPlan plan = plan(
                    Phase.PRE_WRITE_BACKUP,
                    Mode.SOFT_REVERT,
                    empty().backup(false).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.DISCARD_AND_HOLD);
            assertThat(plan.steps()).singleElement().isInstanceOf(Hold.class);
        }

        @Test
        void hardModeChangesNothingWhenNoDatabaseStateChanged() {
            CompensationPlan plan = plan(Phase.PRE_WRITE_BACKUP, Mode.HARD_DELETE, empty().build());

            assertThat(plan.kind()).isEqualTo(PlanKind.DISCARD_AND_HOLD);
            assertThat(plan.hardDeletes()).isFalse();
            assertWritesNothing(plan);
        }
    }

    @Nested
    class CutLegAFailed {
        @Test
        void withNoUnitsDiscardsTheBackupAndHolds() {
            CompensationPlan plan = plan(Phase.CUT_LEG_A, Mode.SOFT_REVERT, empty().build());

            assertThat(plan.kind()).isEqualTo(PlanKind.DISCARD_AND_HOLD);
            assertThat(plan.steps()).first().isEqualTo(new DiscardBackup(RUN));
            assertThat(plan.steps()).last().isInstanceOf(Hold.class);
            assertThat(plan.rationale()).contains("fn_iu_create");
            assertWritesNothing(plan);
        }

        @Test
        void withUnitsEscalatesNamingTheDisagreement() {
            CompensationPlan plan =
                    plan(Phase.CUT_LEG_A, Mode.SOFT_REVERT, afterLegA(300, 2).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.steps()).hasSize(2);
            assertThat(plan.steps().get(0)).isInstanceOf(Escalate.class);
            assertThat(plan.steps().get(1)).isInstanceOf(Hold.class);
            assertThat(((Escalate) plan.steps().get(0)).reason())
                    .as("the escalation names what the orchestrator said and what the evidence shows")
                    .contains("failed at cut_leg_a")
                    .contains("300 units")
                    .contains("600 versions")
                    .contains("disagree");
            assertWritesNothing(plan);
        }

        @Test
        void withOnlyLedgerRowsEscalates() {
            CompensationPlan plan = plan(
                    Phase.CUT_LEG_A,
                    Mode.SOFT_REVERT,
                    empty().ledger(LogicalTable.CUT_CHANGE_SET, 1).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale()).contains("1 ledger rows");
        }
    }

    @Nested
    class LegBRecordFailed {
        @Test
        void revertsTheDraftUnitsWithCompensationAOnly() {
            CompensationPlan plan =
                    plan(Phase.LEG_B_RECORD, Mode.SOFT_REVERT, afterLegA(10, 3).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
            assertThat(plan.mode()).isEqualTo(Mode.SOFT_REVERT);
            List<PlanStep> expected = new java.util.ArrayList<>(softGuards());
            expected.add(softRevert(LogicalTable.UNIT_VERSION, 30));
            expected.add(softRevert(LogicalTable.INFORMATION_UNIT, 10));
            assertThat(plan.steps()).containsExactlyElementsOf(expected);
            assertThat(plan.steps())
                    .as("leg B rolled back: no compensating decision is appended")
                    .noneMatch(step -> step instanceof LedgerAppend);
            assertThat(plan.expectedDeltas())
                    .isEqualTo(Map.of(
                            LogicalTable.INFORMATION_UNIT, 0L,
                            LogicalTable.UNIT_VERSION, 0L,
                            LogicalTable.IU_LIFECYCLE_LOG, 0L));
            assertThat(plan.rationale()).contains("leg_b_record").contains("compensation A");
        }

        @Test
        void aManifestEnvelopeWrittenInLegAIsNoDisagreementWhenTheSchemaSaysSo() {
            // Regression: manifest_envelope was attributed to leg_b_record in code, so an
            // orchestrator writing it in cut_leg_a had every leg_b_record failure escalated.
            PhaseOwnership legA = PhaseOwnership.defaults().withWriter(LogicalTable.MANIFEST_ENVELOPE, Phase.CUT_LEG_A);
            CompensationPlan plan = plan(
                    Phase.LEG_B_RECORD,
                    Mode.SOFT_REVERT,
                    afterLegA(10, 3)
                            .ledger(LogicalTable.MANIFEST_ENVELOPE, 1)
                            .ownership(legA)
                            .build());

            assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
            assertThat(plan.steps()).noneMatch(step -> step instanceof LedgerAppend);
            assertThat(plan(
                                    Phase.LEG_B_RECORD,
                                    Mode.SOFT_REVERT,
                                    afterLegA(10, 3)
                                            .ledger(LogicalTable.MANIFEST_ENVELOPE, 1)
                                            .build())
                            .kind())
                    .as("with the default ownership the same evidence disagrees with the report")
                    .isEqualTo(PlanKind.ESCALATE);
            assertThat(plan(
                                    Phase.LEG_B_RECORD,
                                    Mode.SOFT_REVERT,
                                    afterLegA(10, 3)
                                            .ledger(LogicalTable.DOT_PAIR_SIGNATURE, 1)
                                            .ownership(legA)
                                            .build())
                            .rationale())
                    .as("a table still written by leg_b_record is still evidence of it")
                    .contains("1 dot_pair_signature (leg_b_record)");
        }

        @Test
        void escalatesWhenLegBRowsExistAlthoughLegBRolledBack() {
            CompensationPlan plan =
                    plan(Phase.LEG_B_RECORD, Mode.SOFT_REVERT, afterLegB(10, 3).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale()).contains("leg_b_record rolled back").contains("disagree");
            assertWritesNothing(plan);
        }
    }

    @Nested
    class WriteVerifyFailed {
        @Test
        void revertsTheDraftUnitsAndAppendsACompensatingDecision() {
            CompensationPlan plan =
                    plan(Phase.WRITE_VERIFY, Mode.SOFT_REVERT, afterLegB(300, 2).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
            List<PlanStep> expected = new java.util.ArrayList<>(softGuards());
            expected.add(softRevert(LogicalTable.UNIT_VERSION, 600));
            expected.add(softRevert(LogicalTable.INFORMATION_UNIT, 300));
            expected.add(reverted());
            assertThat(plan.steps()).containsExactlyElementsOf(expected);
            assertThat(plan.expectedDeltas())
                    .isEqualTo(Map.of(
                            LogicalTable.INFORMATION_UNIT, 0L,
                            LogicalTable.UNIT_VERSION, 0L,
                            LogicalTable.IU_LIFECYCLE_LOG, 0L,
                            LogicalTable.REVIEW_DECISION, 1L));
            assertThat(plan.preconditions())
                    .as("every expected delta is also a precondition re-checked before COMMIT")
                    .contains(
                            new Precondition.ExactRowDelta(LogicalTable.REVIEW_DECISION, 1),
                            new Precondition.ExactRowDelta(LogicalTable.INFORMATION_UNIT, 0))
                    .contains(new Precondition.NotOnHold(), new Precondition.NoUnitEnacted(CS));
            assertThat(plan.rationale()).contains("compensation A").contains("compensation B");
        }

        @Test
        void neverTouchesALedgerTableExceptByAppending() {
            CompensationPlan plan =
                    plan(Phase.WRITE_VERIFY, Mode.SOFT_REVERT, afterLegB(300, 2).build());

            assertThat(plan.steps())
                    .filteredOn(step -> step instanceof SoftRevert)
                    .extracting(step -> ((SoftRevert) step).table().ledger())
                    .containsOnly(false);
            assertThat(plan.expectedDeltas())
                    .as("the only ledger delta is the one appended decision")
                    .allSatisfy((table, delta) -> {
                        if (table.ledger()) {
                            assertThat(table).isEqualTo(LogicalTable.REVIEW_DECISION);
                            assertThat(delta).isEqualTo(1L);
                        }
                    });
        }

        @Test
        void escalatesWhenAVerifyResultExistsAlthoughWriteVerifyRolledBack() {
            CompensationPlan plan = plan(
                    Phase.WRITE_VERIFY, Mode.SOFT_REVERT, afterWriteVerify(3, 1).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale()).contains("verify_result").contains("disagree");
        }

        @Test
        void escalatesWhenTheChangeSetHasNoAffectedRows() {
            CompensationPlan plan = plan(
                    Phase.WRITE_VERIFY,
                    Mode.SOFT_REVERT,
                    afterLegB(3, 1)
                            .ledger(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, 0)
                            .build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale()).contains("no affected rows");
        }
    }

    @Nested
    class LifecycleEnactFailed {
        @Test
        void withDraftUnitsPlansAsAWriteVerifyFailure() {
            CompensationPlan enact = plan(
                    Phase.LIFECYCLE_ENACT,
                    Mode.SOFT_REVERT,
                    afterWriteVerify(300, 2).build());
            CompensationPlan verify =
                    plan(Phase.WRITE_VERIFY, Mode.SOFT_REVERT, afterLegB(300, 2).build());

            assertThat(enact.kind()).isEqualTo(PlanKind.COMPENSATE);
            assertThat(enact.steps())
                    .as("the same steps as a write_verify failure")
                    .isEqualTo(verify.steps());
            assertThat(enact.expectedDeltas()).isEqualTo(verify.expectedDeltas());
            assertThat(enact.preconditions()).isEqualTo(verify.preconditions());
            assertThat(enact.rationale()).contains("treated as a write_verify failure");
        }

        @Test
        void withEveryUnitEnactedHasNothingToDo() {
            CompensationPlan plan = plan(
                    Phase.LIFECYCLE_ENACT,
                    Mode.SOFT_REVERT,
                    afterWriteVerify(0, 0)
                            .units("enacted", 300)
                            .versions("enacted", 600)
                            .ledger(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, 300)
                            .build());

            assertThat(plan.kind()).isEqualTo(PlanKind.NOTHING_TO_DO);
            assertThat(plan.steps()).isEmpty();
            assertThat(plan.rationale()).contains("the run succeeded");
            assertWritesNothing(plan);
        }

        @Test
        void withSomeUnitsEnactedEscalates() {
            CompensationPlan plan = plan(
                    Phase.LIFECYCLE_ENACT,
                    Mode.SOFT_REVERT,
                    afterWriteVerify(200, 2).units("enacted", 100).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale())
                    .as("names how many units are enacted and that enacted state is immutable")
                    .contains("100 of 300 units are enacted")
                    .contains("immutable");
            assertWritesNothing(plan);
        }

        @Test
        void withSomeUnitsEnactedEscalatesInHardModeToo() {
            CompensationPlan plan = plan(
                    Phase.LIFECYCLE_ENACT,
                    Mode.HARD_DELETE,
                    afterWriteVerify(200, 2).units("enacted", 100).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.hardDeletes()).isFalse();
        }
    }
}
