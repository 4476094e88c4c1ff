package io.github.cutterrevert;

import static io.github.cutterrevert.Fixtures.CS;
import static io.github.cutterrevert.Fixtures.afterLegA;
import static io.github.cutterrevert.Fixtures.afterLegB;
import static io.github.cutterrevert.Fixtures.plan;
import static io.github.cutterrevert.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.PlanStep.HardDelete;
import io.github.cutterrevert.PlanStep.LedgerAppend;
import io.github.cutterrevert.PlanStep.SoftRevert;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Compensation A (revert the committed draft units of one change set): soft, hard, refusals. */
class CompensationATest {

    private static List<SoftRevert> softReverts(CompensationPlan plan) {
        return plan.steps().stream()
                .filter(SoftRevert.class::isInstance)
                .map(SoftRevert.class::cast)
                .toList();
    }

    private static List<HardDelete> hardDeletes(CompensationPlan plan) {
        return plan.steps().stream()
                .filter(HardDelete.class::isInstance)
                .map(HardDelete.class::cast)
                .toList();
    }

    @Nested
    class Soft {
        @Test
        void isTheDefaultAndMovesDraftRowsToWithdrawn() {
            CompensationPlan plan = CompensationPlanner.plan(
                    new PlanRequest(
                            Fixtures.RUN,
                            CS,
                            RunHistory.failedAt(Phase.LEG_B_RECORD),
                            Mode.SOFT_REVERT,
                            PlanRequest.DEFAULT_SOFT_REVERT_STATUS,
                            Fixtures.REVERT_RUN),
                    afterLegA(5, 2).build());

            assertThat(PlanRequest.DEFAULT_SOFT_REVERT_STATUS).isEqualTo("withdrawn");
            assertThat(plan.hardDeletes()).isFalse();
            assertThat(softReverts(plan))
                    .extracting(
                            SoftRevert::table, SoftRevert::fromStatus, SoftRevert::toStatus, SoftRevert::expectedRows)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(LogicalTable.UNIT_VERSION, "draft", "withdrawn", 10L),
                            org.assertj.core.groups.Tuple.tuple(
                                    LogicalTable.INFORMATION_UNIT, "draft", "withdrawn", 5L));
            assertThat(softReverts(plan)).extracting(SoftRevert::column).containsOnly("lifecycle_status");
        }

        @Test
        void canTargetSuperseded() {
            CompensationPlan plan = CompensationPlanner.plan(
                    request(RunHistory.failedAt(Phase.WRITE_VERIFY), Mode.SOFT_REVERT, "superseded"),
                    afterLegB(5, 2).build());

            assertThat(softReverts(plan)).extracting(SoftRevert::toStatus).containsOnly("superseded");
            assertThat(plan.preconditions())
                    .contains(new Precondition.StatusAllowed(LogicalTable.INFORMATION_UNIT, "superseded"));
        }

        @Test
        void refusesAStatusTheSchemaDoesNotAllowNamingTheAllowedValues() {
            PlanRequest request = request(RunHistory.failedAt(Phase.WRITE_VERIFY), Mode.SOFT_REVERT, "withdrawn");
            CutEvidence evidence =
                    afterLegB(5, 2).statuses("draft", "enacted", "retired").build();

            assertThatThrownBy(() -> CompensationPlanner.plan(request, evidence))
                    .isInstanceOfSatisfying(InvalidPlanException.class, e -> {
                        assertThat(e.rule()).isEqualTo("status-allowed");
                        assertThat(e.runId()).contains(Fixtures.RUN);
                    })
                    .hasMessageContaining("'withdrawn'")
                    .hasMessageContaining("[draft, enacted, retired]");
        }

        @ParameterizedTest
        @ValueSource(strings = {"draft", "enacted"})
        void refusesDraftOrEnactedAsTarget(String status) {
            assertThatThrownBy(() -> request(RunHistory.failedAt(Phase.WRITE_VERIFY), Mode.SOFT_REVERT, status))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                            .isEqualTo("softRevertStatus"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " withdrawn", "with drawn", "x'; DROP TABLE t; --"})
        void refusesMalformedStatuses(String status) {
            assertThatThrownBy(() -> request(RunHistory.failedAt(Phase.WRITE_VERIFY), Mode.SOFT_REVERT, status))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                            .isEqualTo("softRevertStatus"));
        }

        @Test
        void onlyRevertsDraftRowsAndCountsOnlyThem() {
            CompensationPlan plan = plan(
                    Phase.LEG_B_RECORD,
                    Mode.SOFT_REVERT,
                    afterLegA(5, 2)
                            .units("superseded", 2)
                            .versions("superseded", 4)
                            .build());

            assertThat(softReverts(plan)).extracting(SoftRevert::expectedRows).containsExactly(10L, 5L);
        }
    }

    @Nested
    class Hard {
        @Test
        void deletesChildrenBeforeParentsWithExactCounts() {
            CompensationPlan plan = plan(
                    Phase.WRITE_VERIFY,
                    Mode.HARD_DELETE,
                    afterLegB(300, 2).log(300).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
            assertThat(plan.mode()).isEqualTo(Mode.HARD_DELETE);
            assertThat(hardDeletes(plan))
                    .as("iu_lifecycle_log and unit_version (children) before information_unit (parent)")
                    .extracting(HardDelete::table, HardDelete::expectedRows)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(LogicalTable.IU_LIFECYCLE_LOG, 300L),
                            org.assertj.core.groups.Tuple.tuple(LogicalTable.UNIT_VERSION, 600L),
                            org.assertj.core.groups.Tuple.tuple(LogicalTable.INFORMATION_UNIT, 300L));
            assertThat(hardDeletes(plan)).extracting(HardDelete::rows).containsOnly(new RowSelector.OfChangeSet(CS));
            assertThat(plan.expectedDeltas())
                    .isEqualTo(Map.of(
                            LogicalTable.IU_LIFECYCLE_LOG, -300L,
                            LogicalTable.UNIT_VERSION, -600L,
                            LogicalTable.INFORMATION_UNIT, -300L,
                            LogicalTable.REVIEW_DECISION, 1L));
            assertThat(plan.preconditions())
                    .contains(
                            new Precondition.AllUnitsDraft(CS),
                            new Precondition.NoUnitEnacted(CS),
                            new Precondition.NoDownstreamReferences(LogicalTable.INFORMATION_UNIT),
                            new Precondition.ExactRowDelta(LogicalTable.UNIT_VERSION, -600));
            assertThat(plan.steps()).last().isInstanceOf(LedgerAppend.class);
            assertThat(softReverts(plan)).isEmpty();
        }

        @Test
        void skipsTheLifecycleLogWhenItHasNoRows() {
            CompensationPlan plan =
                    plan(Phase.LEG_B_RECORD, Mode.HARD_DELETE, afterLegA(3, 1).build());

            assertThat(hardDeletes(plan))
                    .extracting(HardDelete::table)
                    .containsExactly(LogicalTable.UNIT_VERSION, LogicalTable.INFORMATION_UNIT);
            assertThat(plan.expectedDeltas()).containsEntry(LogicalTable.IU_LIFECYCLE_LOG, 0L);
        }

        @Test
        void escalatesWhenAUnitIsNotDraft() {
            CompensationPlan plan = plan(
                    Phase.WRITE_VERIFY,
                    Mode.HARD_DELETE,
                    afterLegB(3, 1).units("withdrawn", 1).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale())
                    .contains("only while every affected row is draft")
                    .contains("1 of 4 units");
            CompensationPlannerMatrixTest.assertWritesNothing(plan);
        }

        @Test
        void escalatesWhenAVersionIsNotDraft() {
            CompensationPlan plan = plan(
                    Phase.WRITE_VERIFY,
                    Mode.HARD_DELETE,
                    afterLegB(3, 1).versions("superseded", 2).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale()).contains("2 of 5 versions");
        }

        @Test
        void escalatesWhenTheCatalogShowsBlockers() {
            CompensationPlan plan = plan(
                    Phase.WRITE_VERIFY,
                    Mode.HARD_DELETE,
                    afterLegB(3, 1)
                            .blocker("fk_uv_unit ON DELETE CASCADE on the delete path")
                            .build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale()).contains("refused by the catalog").contains("fk_uv_unit ON DELETE CASCADE");
            CompensationPlannerMatrixTest.assertWritesNothing(plan);
        }

        @Test
        void blockersDoNotStopASoftRevert() {
            CompensationPlan plan = plan(
                    Phase.WRITE_VERIFY,
                    Mode.SOFT_REVERT,
                    afterLegB(3, 1).blocker("fk ON DELETE CASCADE").build());

            assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
        }
    }

    @Nested
    class Refusals {
        @Test
        void escalatesWhenAUnitIsEnactedInEitherMode() {
            for (Mode mode : Mode.values()) {
                CompensationPlan plan = plan(
                        Phase.WRITE_VERIFY,
                        mode,
                        afterLegB(3, 1).units("enacted", 2).build());

                assertThat(plan.kind()).as("%s", mode).isEqualTo(PlanKind.ESCALATE);
                assertThat(plan.rationale())
                        .as("%s", mode)
                        .contains("2 unit(s) of the change set are enacted")
                        .contains("immutable");
                CompensationPlannerMatrixTest.assertWritesNothing(plan);
            }
        }

        @Test
        void escalatesWhenAnImmutabilityTriggerIsMissing() {
            CompensationPlan plan = plan(
                    Phase.WRITE_VERIFY,
                    Mode.SOFT_REVERT,
                    afterLegB(3, 1).trigger("trg_uv_enacted_immut", null).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale())
                    .contains("trigger trg_uv_enacted_immut expected present and enabled but is missing");
        }

        @Test
        void escalatesWhenAnImmutabilityTriggerIsDisabled() {
            CompensationPlan plan = plan(
                    Phase.WRITE_VERIFY,
                    Mode.HARD_DELETE,
                    afterLegB(3, 1).trigger("trg_iu_enacted_immut", false).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale()).contains("trigger trg_iu_enacted_immut expected enabled but is disabled");
        }

        @Test
        void escalatesWhenAnEnactFunctionIsMissing() {
            CompensationPlan plan = plan(
                    Phase.LEG_B_RECORD,
                    Mode.SOFT_REVERT,
                    afterLegA(3, 1).withoutFunction("fn_iu_enact").build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale()).contains("function fn_iu_enact expected present but is missing");
        }

        @Test
        void namesEveryMissingSchemaFactAtOnce() {
            CompensationPlan plan = plan(
                    Phase.LEG_B_RECORD,
                    Mode.SOFT_REVERT,
                    afterLegA(3, 1)
                            .trigger("trg_iu_enacted_immut", false)
                            .withoutFunction("fn_iu_create")
                            .build());

            assertThat(plan.rationale()).contains("trg_iu_enacted_immut").contains("fn_iu_create");
        }

        @Test
        void escalatesWhenARevertDecisionExistsYetUnitsAreStillDraft() {
            CompensationPlan plan = plan(
                    Phase.WRITE_VERIFY,
                    Mode.SOFT_REVERT,
                    afterLegB(3, 1).revertDecisions(1).build());

            assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale()).contains("the ledger and the data disagree");
        }
    }
}
