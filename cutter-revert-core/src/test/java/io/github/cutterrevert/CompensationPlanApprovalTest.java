package io.github.cutterrevert;

import static io.github.cutterrevert.Fixtures.afterLegB;
import static io.github.cutterrevert.Fixtures.approving;
import static io.github.cutterrevert.Fixtures.otherFingerprint;
import static io.github.cutterrevert.Fixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link CompensationPlan#requireApproval}: a plan runs only with the approval its policy asks. */
class CompensationPlanApprovalTest {

    private static final CompensationPlan SOFT =
            plan(Phase.WRITE_VERIFY, Mode.SOFT_REVERT, afterLegB(3, 2).build());
    private static final CompensationPlan HARD =
            plan(Phase.WRITE_VERIFY, Mode.HARD_DELETE, afterLegB(3, 2).build());
    private static final CompensationPlan SEED = CompensationPlanner.plan(
            new SeedRollbackRequest(
                    RunId.of("rollback-1"), Fixtures.constitutionSeed(), Optional.empty(), Optional.empty()),
            Fixtures.seedClean());

    @Test
    void reviewedPolicyRefusesAWritingPlanWithoutADecision() {
        assertThatThrownBy(() -> SOFT.requireApproval(ApprovalPolicy.REVIEWED, Authority.none()))
                .isInstanceOfSatisfying(NotApprovedException.class, e -> {
                    assertThat(e.planFingerprint()).isEqualTo(SOFT.fingerprint());
                    assertThat(e.approvedFingerprint()).isEmpty();
                    assertThat(e.runId()).contains(Fixtures.RUN);
                })
                .hasMessageContaining("expected a recorded decision approving "
                        + SOFT.fingerprint().value())
                .hasMessageContaining("but found none")
                .hasMessageContaining("REVIEWED");
    }

    @Test
    void aDecisionApprovingAnotherPlanIsRefusedNamingBothFingerprints() {
        assertThatThrownBy(() -> SOFT.requireApproval(ApprovalPolicy.REVIEWED, approving(otherFingerprint())))
                .isInstanceOfSatisfying(NotApprovedException.class, e -> {
                    assertThat(e.planFingerprint()).isEqualTo(SOFT.fingerprint());
                    assertThat(e.approvedFingerprint()).contains(otherFingerprint());
                })
                .hasMessageContaining(SOFT.fingerprint().value())
                .hasMessageContaining(otherFingerprint().value());
    }

    @Test
    void aDecisionApprovingThisPlanPasses() {
        for (CompensationPlan plan : new CompensationPlan[] {SOFT, HARD, SEED}) {
            for (ApprovalPolicy policy : ApprovalPolicy.values()) {
                assertThatCode(() -> plan.requireApproval(policy, approving(plan)))
                        .as("%s plan under %s", plan.mode(), policy)
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void aDecisionApprovesAnEqualPlanMadeLater() {
        CompensationPlan replanned =
                plan(Phase.WRITE_VERIFY, Mode.SOFT_REVERT, afterLegB(3, 2).build());

        assertThatCode(() -> replanned.requireApproval(ApprovalPolicy.REVIEWED, approving(SOFT)))
                .doesNotThrowAnyException();
    }

    @Test
    void aDecisionDoesNotApproveThePlanAfterTheEvidenceChanged() {
        CompensationPlan replanned =
                plan(Phase.WRITE_VERIFY, Mode.SOFT_REVERT, afterLegB(4, 2).build());

        assertThatThrownBy(() -> replanned.requireApproval(ApprovalPolicy.REVIEWED, approving(SOFT)))
                .isInstanceOf(NotApprovedException.class);
    }

    @Test
    void automaticSoftRevertLetsASoftPerCutPlanRunWithoutADecision() {
        assertThat(SOFT.needsApproval(ApprovalPolicy.AUTOMATIC_SOFT_REVERT)).isFalse();
        assertThatCode(() -> SOFT.requireApproval(ApprovalPolicy.AUTOMATIC_SOFT_REVERT, Authority.none()))
                .doesNotThrowAnyException();
    }

    @Test
    void automaticSoftRevertRefusesADecisionThatApprovesAnotherPlan() {
        // Regression: the policy let a soft plan run with any recorded decision, so the compensating
        // review_decision would have named a decision that approved a different plan.
        assertThatThrownBy(
                        () -> SOFT.requireApproval(ApprovalPolicy.AUTOMATIC_SOFT_REVERT, approving(otherFingerprint())))
                .isInstanceOfSatisfying(NotApprovedException.class, e -> assertThat(e.approvedFingerprint())
                        .contains(otherFingerprint()));
    }

    @Test
    void automaticSoftRevertNeverLetsAHardDeleteRunWithoutADecision() {
        assertThat(HARD.needsApproval(ApprovalPolicy.AUTOMATIC_SOFT_REVERT)).isTrue();
        assertThatThrownBy(() -> HARD.requireApproval(ApprovalPolicy.AUTOMATIC_SOFT_REVERT, Authority.none()))
                .isInstanceOf(NotApprovedException.class)
                .hasMessageContaining("hard delete needs a recorded decision");
        assertThatThrownBy(
                        () -> HARD.requireApproval(ApprovalPolicy.AUTOMATIC_SOFT_REVERT, approving(otherFingerprint())))
                .isInstanceOf(NotApprovedException.class);
    }

    @Test
    void automaticSoftRevertNeverLetsASeedRollbackRunWithoutADecision() {
        assertThatThrownBy(() -> SEED.requireApproval(ApprovalPolicy.AUTOMATIC_SOFT_REVERT, Authority.none()))
                .isInstanceOf(NotApprovedException.class);
    }

    @Test
    void plansThatWriteNothingNeedNoApproval() {
        CompensationPlan escalate = plan(
                Phase.WRITE_VERIFY,
                Mode.HARD_DELETE,
                afterLegB(3, 2).units("enacted", 1).build());
        CompensationPlan discard =
                plan(Phase.CUT_LEG_A, Mode.HARD_DELETE, Fixtures.empty().build());

        for (CompensationPlan plan : new CompensationPlan[] {escalate, discard}) {
            assertThat(plan.needsApproval(ApprovalPolicy.REVIEWED))
                    .as("%s", plan.kind())
                    .isFalse();
            assertThatCode(() -> plan.requireApproval(ApprovalPolicy.REVIEWED, Authority.none()))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aRecordedDecisionValidatesItsFields() {
        assertThatThrownBy(() -> Authority.decision(" ", "DEC-1", "why", otherFingerprint(), Fixtures.DECIDED_AT))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("decidedBy"));
        assertThatThrownBy(() -> Authority.decision("me", "DEC-1", " ", otherFingerprint(), Fixtures.DECIDED_AT))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("reason"));
        assertThatThrownBy(() -> Authority.decision("me", "DEC-1", "why", null, Fixtures.DECIDED_AT))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("approves"));
        assertThatThrownBy(() -> Authority.decision("me", "DEC-1", "why", otherFingerprint(), null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("decidedAt"));
    }
}
