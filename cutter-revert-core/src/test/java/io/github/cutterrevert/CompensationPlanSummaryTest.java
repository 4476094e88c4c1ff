package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link CompensationPlan#summary()}: what a reviewer reads before approving a fingerprint. */
class CompensationPlanSummaryTest {

    @Test
    void listsTheStepsInOrderWithTheirCountsTheDeltasAndTheFingerprint() {
        CompensationPlan plan = Fixtures.writeVerifyPlan();

        String summary = plan.summary();
        // Printed so the README's example is the real output (see target/surefire-reports).
        System.out.println(summary);

        assertThat(summary)
                .startsWith("Compensation plan for run run-42 (change set cs-42)\n")
                .contains("kind:        COMPENSATE")
                .contains("mode:        SOFT_REVERT")
                .contains("revert run:  run-42:revert")
                .contains("fingerprint: " + plan.fingerprint().value())
                .contains(" 1. guard immutability-triggers-enabled: [trg_iu_enacted_immut, trg_uv_enacted_immut]")
                .contains(" 5. soft revert public.unit_version rows of change set cs-42: lifecycle_status 'draft' ->"
                        + " 'withdrawn', expect exactly 600 row(s)")
                .contains(" 6. soft revert public.information_unit rows of change set cs-42: lifecycle_status"
                        + " 'draft' -> 'withdrawn', expect exactly 300 row(s)")
                .contains(" 7. ledger append review_decision 'reverted' for change set cs-42 naming revert run"
                        + " run-42:revert, expect exactly 1 row")
                .containsPattern("cutter_governance\\.review_decision +\\+1\n")
                .containsPattern("public\\.information_unit +\\+0\n")
                .doesNotContain("\r");
        assertThat(summary.lines().filter(line -> line.matches(" +\\d+\\. .*")))
                .as("one numbered line per step")
                .hasSize(plan.steps().size());
    }

    @Test
    void saysWhenThereAreNoSteps() {
        CompensationPlan plan = Fixtures.plan(
                Phase.LIFECYCLE_ENACT,
                Mode.SOFT_REVERT,
                Fixtures.afterWriteVerify(0, 0)
                        .units("enacted", 2)
                        .ledger(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, 2)
                        .build());

        assertThat(plan.summary())
                .contains("kind:        NOTHING_TO_DO")
                .contains("steps:\n    (none)\n")
                .doesNotContain("expected row-count deltas")
                .doesNotContain("preconditions:");
    }

    @Test
    void anEscalationNamesTheReasonInItsSteps() {
        CompensationPlan plan = Fixtures.plan(
                Phase.CUT_LEG_A, Mode.SOFT_REVERT, Fixtures.afterLegA(300, 2).build());

        assertThat(plan.summary())
                .contains("kind:        ESCALATE")
                .contains(" 1. ESCALATE to the sovereign: ")
                .contains(" 2. HOLD: ");
    }
}
