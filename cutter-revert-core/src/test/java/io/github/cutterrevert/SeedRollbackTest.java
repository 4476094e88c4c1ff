package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The {@link SeedRollback} builder against an in-memory {@link FakeTarget}. */
class SeedRollbackTest {
    private final FakeTarget target = new FakeTarget();

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path home;

    private SeedRollback rollback() {
        return SeedRollback.of(Fixtures.constitutionSeed())
                .runId("rollback-1")
                .on(target)
                .failClosed(FailClosed.inDirectories(home.resolve("rollback"), home.resolve("locks")));
    }

    @Test
    void plansPathAFromTheTargetsEvidence() {
        CompensationPlan plan = rollback().plan();

        assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
        assertThat(plan.hardDeletes()).isTrue();
        assertThat(plan.runId()).isEqualTo(RunId.of("rollback-1"));
        assertThat(target.evidenceRequests).hasSize(1).first().asString().startsWith("seedEvidence");
    }

    @Test
    void aRunIdAndATargetAreRequired() {
        assertThatThrownBy(() ->
                        SeedRollback.of(Fixtures.constitutionSeed()).on(target).plan())
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("run-id-given"));
        assertThatThrownBy(() -> SeedRollback.of(Fixtures.constitutionSeed())
                        .runId("rollback-1")
                        .plan())
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("target-given"));
    }

    @Test
    void everySetterRejectsItsArgumentAtOnce() {
        SeedRollback r = rollback();
        List<ThrowingCallable> calls = List.of(
                () -> SeedRollback.of(null),
                () -> r.runId(null),
                () -> r.runId(""),
                () -> r.on(null),
                () -> r.pathBApprovedBy(null),
                () -> r.pathBApprovedBy(" RB-B"),
                () -> r.voidVersionApprovedBy("\n"),
                () -> r.authorizedBy(null));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void aVoidRulingWithoutAPathBRulingIsInvalid() {
        assertThatThrownBy(() -> rollback().voidVersionApprovedBy("RB-B-VOID-1").plan())
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("void-needs-path-b"));
    }

    @Test
    void executeWithoutADecisionThrowsBeforeCallingTheTarget() {
        assertThatThrownBy(() -> rollback().execute()).isInstanceOf(NotApprovedException.class);
        assertThatThrownBy(() -> rollback()
                        .authorizedBy(Fixtures.approving(Fixtures.otherFingerprint()))
                        .execute())
                .isInstanceOf(NotApprovedException.class);
        assertThat(target.executed).isEmpty();
    }

    @Test
    void executeWithTheReviewedDecisionRunsThePlan() {
        SeedRollback r = rollback();
        CompensationPlan reviewed = r.plan();

        CompensationResult result = r.authorizedBy(Fixtures.approving(reviewed)).execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(target.executed).containsExactly(reviewed);
        assertThat(target.replanned).containsExactly(reviewed);
    }

    @Test
    void executeOnReferencesWithoutARulingIsRefusedWithoutCallingTheTarget() {
        target.seedEvidence = Fixtures.seedReferenced();

        CompensationResult result = rollback().execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(target.executed).isEmpty();
    }

    @Test
    void pathBNeedsItsRulingAndADecision() {
        target.seedEvidence = Fixtures.seedReferenced();
        SeedRollback r = rollback().pathBApprovedBy("RB-B-1");
        CompensationPlan plan = r.plan();

        assertThat(plan.mode()).isEqualTo(Mode.SOFT_REVERT);
        assertThatThrownBy(r::execute).isInstanceOf(NotApprovedException.class);
        assertThat(r.authorizedBy(Fixtures.approving(plan)).execute().verdict()).isEqualTo(new Verdict.Compensated());
    }

    @Test
    void executeWhenAlreadyRolledBackHasNothingToDo() {
        target.seedEvidence = new SeedEvidence(0, 0, 0, Map.of(), Optional.empty(), Optional.empty());

        assertThat(rollback().execute().verdict()).isInstanceOf(Verdict.NothingToDo.class);
        assertThat(target.executed).isEmpty();
    }

    @Test
    void previewAsksTheTarget() {
        assertThat(rollback().preview().plan().kind()).isEqualTo(PlanKind.COMPENSATE);
        assertThat(target.previews).isEqualTo(1);
        assertThat(target.executed).isEmpty();
    }

    @Test
    void aFailureDuringExecutionFailsClosedWithItsSqlStateAndIsRethrown() {
        // Regression: the seed rollback recorded only the message, without the SQLSTATE.
        SeedRollback r = rollback();
        CompensationPlan plan = r.plan();
        StepFailedException failure = new StepFailedException(
                RunId.of("rollback-1"), 2, "cutter_governance.source_document_registry", 1, -1, "23503", null);
        target.failure = failure;

        assertThatThrownBy(() -> r.authorizedBy(Fixtures.approving(plan)).execute())
                .isSameAs(failure);

        FailClosed failClosed = FailClosed.inDirectories(home.resolve("rollback"), home.resolve("locks"));
        assertThat(target.executed).as("never retried").hasSize(1);
        assertThat(failClosed.hold()).hasValueSatisfying(hold -> {
            assertThat(hold.runId()).isEqualTo(RunId.of("rollback-1"));
            assertThat(hold.reason()).contains("SQLSTATE 23503");
        });
        assertThat(failClosed.killSwitch().executionEnabled()).isFalse();
        assertThat(failClosed
                        .runState()
                        .read(RunId.of("rollback-1"))
                        .orElseThrow()
                        .state())
                .isEqualTo(RunState.State.STOPPED);
        assertThat(failClosed.runDirectory(RunId.of("rollback-1")).resolve("escalation.txt"))
                .content()
                .contains("sqlstate:      23503", plan.fingerprint().value());
    }
}
