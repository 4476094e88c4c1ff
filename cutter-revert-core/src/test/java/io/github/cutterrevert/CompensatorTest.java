package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link Compensator} builder against an in-memory {@link FakeTarget}. */
class CompensatorTest {
    private final FakeTarget target = new FakeTarget();

    @TempDir
    Path home;

    private FailClosed failClosed() {
        return FailClosed.inDirectories(home.resolve("rollback"), home.resolve("locks"));
    }

    private Compensator compensator() {
        return Compensator.forRun("run-42")
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed())
                .signedBy(Fixtures.SIGNER);
    }

    @Test
    void plansFromTheTargetsEvidenceForTheRecordedChangeSet() {
        CompensationPlan plan = compensator().plan();

        assertThat(plan).isEqualTo(FixturesPlans.softWriteVerify(3, 2));
        assertThat(target.evidenceRequests).containsExactly("changeSetOf run-42", "cutEvidence run-42 cs-42");
        assertThat(target.executed).as("planning writes nothing").isEmpty();
    }

    @Test
    void anExplicitChangeSetIsUsedWithoutAskingTheTarget() {
        target.recordedChangeSet = java.util.Optional.empty();
        target.cutEvidence = new CutEvidence(
                ChangeSetId.of("cs-explicit"),
                false,
                java.util.Map.of(),
                java.util.Map.of(),
                0,
                java.util.Map.of(),
                0,
                false,
                SchemaFacts.intact());

        CompensationPlan plan = compensator().changeSet("cs-explicit").plan();

        assertThat(plan.changeSet()).contains(ChangeSetId.of("cs-explicit"));
        assertThat(target.evidenceRequests).containsExactly("cutEvidence run-42 cs-explicit");
    }

    @Test
    void aRunWithoutAChangeSetCannotBePlanned() {
        target.recordedChangeSet = java.util.Optional.empty();

        assertThatThrownBy(() -> compensator().plan()).isInstanceOfSatisfying(InvalidPlanException.class, e -> {
            assertThat(e.rule()).isEqualTo("change-set-known");
            assertThat(e.runId()).contains(RunId.of("run-42"));
        });
    }

    @Test
    void aTargetAndAHistoryAreRequired() {
        assertThatThrownBy(() -> Compensator.forRun("run-42")
                        .failedAt(Phase.WRITE_VERIFY)
                        .plan())
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("target-given"));
        assertThatThrownBy(() -> Compensator.forRun("run-42").on(target).plan())
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("history-given"));
        // Never the default /var/lib/cutter: a HOLD left there by anything else would answer first.
        assertThatThrownBy(() -> Compensator.forRun("run-42")
                        .on(target)
                        .failClosed(failClosed())
                        .execute())
                .isInstanceOf(InvalidPlanException.class);
        assertThat(target.executed).isEmpty();
    }

    @Test
    void everySetterRejectsItsArgumentAtOnce() {
        Compensator c = compensator();
        List<ThrowingCallable> calls = List.of(
                () -> Compensator.forRun((String) null),
                () -> Compensator.forRun((RunId) null),
                () -> Compensator.forRun(" run-42"),
                () -> c.on(null),
                () -> c.changeSet((String) null),
                () -> c.changeSet((ChangeSetId) null),
                () -> c.changeSet(""),
                () -> c.failedAt(null),
                () -> c.history(null),
                () -> c.softRevertTo(null),
                () -> c.softRevertTo("with drawn"),
                () -> c.authorizedBy(null),
                () -> c.approvalPolicy(null),
                () -> c.revertRunId(null),
                () -> c.backupArtifact(null));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void theDefaultRevertRunIsTheRunIdWithARevertSuffix() {
        assertThat(compensator().plan().revertRunId()).isEqualTo(RunId.of("run-42:revert"));
        assertThat(compensator().revertRunId(RunId.of("revert-7")).plan().revertRunId())
                .isEqualTo(RunId.of("revert-7"));
    }

    @Test
    void softRevertToDraftOrEnactedIsRejectedAtOnce() {
        // Regression: softRevertTo accepted draft/enacted and only plan() refused them, against
        // the rule that each setter validates its argument at once.
        Compensator c = compensator();
        for (String status : List.of("draft", "enacted")) {
            assertThatThrownBy(() -> c.softRevertTo(status))
                    .as(status)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                            .isEqualTo("softRevertStatus"));
        }
        assertThat(c.plan().mode()).as("the builder is unchanged").isEqualTo(Mode.SOFT_REVERT);
    }

    @Test
    void aRunIdOfMaximalLengthGetsAValidDefaultRevertRun() {
        // Regression: the default revert run id was cut to its last 200 characters, which could
        // start with a space (plan() then threw InvalidInputException about a runId the caller
        // never gave) or with half a surrogate pair (an id PostgreSQL cannot store as given).
        String withSpace = "x".repeat(7) + " " + "y".repeat(192);
        String withEmoji = "x".repeat(6) + "\uD83D\uDE80" + "y".repeat(192);
        for (String runId : List.of(withSpace, withEmoji)) {
            assertThat(runId).hasSize(200);

            RunId revert = Compensator.forRun(runId)
                    .on(target)
                    .failedAt(Phase.WRITE_VERIFY)
                    .plan()
                    .revertRunId();

            assertThat(revert.value()).endsWith("y:revert").hasSizeLessThanOrEqualTo(200);
            assertThat(Character.isLowSurrogate(revert.value().charAt(0))).isFalse();
            assertThat(revert).isEqualTo(RunId.of(revert.value()));
        }
    }

    @Test
    void softRevertToAndHardDeleteChooseTheMode() {
        assertThat(compensator().softRevertTo("superseded").plan().steps())
                .filteredOn(PlanStep.SoftRevert.class::isInstance)
                .extracting(step -> ((PlanStep.SoftRevert) step).toStatus())
                .containsOnly("superseded");
        assertThat(compensator().hardDelete().plan().hardDeletes()).isTrue();
        assertThat(compensator().hardDelete().softRevert().plan().mode()).isEqualTo(Mode.SOFT_REVERT);
    }

    @Test
    void executeOnAnEscalatedPlanIsRefusedWithoutCallingTheTarget() {
        target.cutEvidence = Fixtures.afterLegB(3, 2).units("enacted", 1).build();

        CompensationResult result = compensator().execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(((Verdict.Refused) result.verdict()).reason()).contains("enacted");
        assertThat(result.plan().kind()).isEqualTo(PlanKind.ESCALATE);
        assertThat(result.rowsAffected()).isEmpty();
        assertThat(target.executed)
                .as("target.execute is never called for an escalation")
                .isEmpty();
    }

    @Test
    void executeWithNothingToDoDoesNotCallTheTarget() {
        target.cutEvidence = Fixtures.afterLegB(3, 2)
                .softReverted("withdrawn")
                .revertDecisions(1)
                .build();

        CompensationResult result = compensator().execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.NothingToDo.class);
        assertThat(target.executed).isEmpty();
    }

    @Test
    void executeWithoutApprovalThrowsBeforeCallingTheTarget() {
        assertThatThrownBy(() -> compensator().execute())
                .isInstanceOfSatisfying(NotApprovedException.class, e -> assertThat(e.planFingerprint())
                        .isEqualTo(FixturesPlans.softWriteVerify(3, 2).fingerprint()));
        assertThat(target.executed).isEmpty();
    }

    @Test
    void executeWithADecisionForAnotherPlanThrowsBeforeCallingTheTarget() {
        assertThatThrownBy(() -> compensator()
                        .authorizedBy(Fixtures.approving(Fixtures.otherFingerprint()))
                        .execute())
                .isInstanceOf(NotApprovedException.class);
        assertThat(target.executed).isEmpty();
    }

    @Test
    void executeWithTheReviewedDecisionRunsTheReviewedPlan() {
        Compensator c = compensator();
        CompensationPlan reviewed = c.plan();
        Authority decision = Fixtures.approving(reviewed);

        CompensationResult result = c.authorizedBy(decision).execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(target.executed).containsExactly(reviewed);
        assertThat(target.authorities).containsExactly(decision);
        assertThat(target.replanned)
                .as("the target re-plans with the same request and gets the same plan")
                .containsExactly(reviewed);
        assertThat(c.decision()).contains((Authority.RecordedDecision) decision);
    }

    @Test
    void automaticSoftRevertExecutesASoftPlanWithoutADecisionButNeverAHardOne() {
        CompensationResult result = compensator()
                .approvalPolicy(ApprovalPolicy.AUTOMATIC_SOFT_REVERT)
                .execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(target.authorities).containsExactly(Authority.none());

        assertThatThrownBy(() -> compensator()
                        .approvalPolicy(ApprovalPolicy.AUTOMATIC_SOFT_REVERT)
                        .hardDelete()
                        .execute())
                .isInstanceOf(NotApprovedException.class);
        assertThat(target.executed).hasSize(1);
    }

    @Test
    void discardAndHoldRenamesTheBackupArtifactAndNeverDeletesIt(@TempDir Path dir) throws IOException {
        Path backup = Files.writeString(dir.resolve("backup.sql"), "-- backup");
        target.cutEvidence = Fixtures.empty().build();
        Compensator c = Compensator.forRun("run-42")
                .on(target)
                .failedAt(Phase.CUT_LEG_A)
                .failClosed(failClosed())
                .backupArtifact(backup);

        CompensationPlan plan = c.plan();
        CompensationResult result = c.execute();

        assertThat(plan.steps()).first().isEqualTo(new PlanStep.DiscardBackup(RunId.of("run-42")));
        assertThat(result.plan().kind()).isEqualTo(PlanKind.DISCARD_AND_HOLD);
        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(failClosed().hold()).as("HOLD: re-run from clean").isPresent();
        assertThat(backup).doesNotExist();
        assertThat(dir.resolve("backup.sql.discarded")).hasContent("-- backup");
        assertThat(target.executed).isEmpty();
        assertThat(c.plan().steps())
                .as("once discarded, a second plan only holds")
                .singleElement()
                .isInstanceOf(PlanStep.Hold.class);
    }

    @Test
    void withoutABackupArtifactThePlanOnlyHolds() {
        target.cutEvidence = Fixtures.empty().build();

        CompensationPlan plan = Compensator.forRun("run-42")
                .on(target)
                .failedAt(Phase.PRE_WRITE_BACKUP)
                .plan();

        assertThat(plan.kind()).isEqualTo(PlanKind.DISCARD_AND_HOLD);
        assertThat(plan.steps()).singleElement().isInstanceOf(PlanStep.Hold.class);
    }

    @Test
    void previewAsksTheTargetAndWritesNothing() {
        Preview preview = compensator().preview();

        assertThat(preview.plan()).isEqualTo(FixturesPlans.softWriteVerify(3, 2));
        assertThat(target.previews).isEqualTo(1);
        assertThat(target.executed).isEmpty();
    }

    /** Plans made directly with the planner, to compare with what the builder makes. */
    static final class FixturesPlans {
        private FixturesPlans() {}

        static CompensationPlan softWriteVerify(long units, long versionsPerUnit) {
            return CompensationPlanner.plan(
                    new PlanRequest(
                            RunId.of("run-42"),
                            Fixtures.CS,
                            RunHistory.failedAt(Phase.WRITE_VERIFY),
                            Mode.SOFT_REVERT,
                            "withdrawn",
                            RunId.of("run-42:revert")),
                    Fixtures.afterLegB(units, versionsPerUnit).build());
        }
    }

    @Test
    void anEscalationFailsClosedKillSwitchStateHoldSnapshotAndBundle() throws IOException {
        target.cutEvidence = Fixtures.afterLegB(3, 2).units("enacted", 1).build();

        compensator().execute();

        FailClosed failClosed = failClosed();
        RunId run = RunId.of("run-42");
        assertThat(failClosed.killSwitch().executionEnabled()).isFalse();
        assertThat(failClosed.runState().read(run))
                .hasValueSatisfying(state -> assertThat(state.state()).isEqualTo(RunState.State.STOPPED));
        assertThat(failClosed.hold())
                .hasValueSatisfying(hold -> assertThat(hold.runId()).isEqualTo(run));
        assertThat(failClosed.runDirectory(run).resolve("post.json")).exists();
        assertThat(Files.readString(failClosed.runDirectory(run).resolve("escalation.txt")))
                .contains("REFUSED", "enacted", "what a human can do next");
        assertThat(failClosed.runDirectory(run).resolve("escalation.sql")).exists();
    }

    @Test
    void aFailureMidCompensationFailsClosedAndIsRethrownNotRetried() {
        Compensator c = compensator();
        CompensationPlan reviewed = c.plan();
        StepFailedException failure =
                new StepFailedException(RunId.of("run-42"), 5, "public.unit_version", 6, 5, null, null);
        target.failure = failure;

        assertThatThrownBy(() -> c.authorizedBy(Fixtures.approving(reviewed)).execute())
                .isSameAs(failure);

        assertThat(target.executed).as("executed once, never retried").hasSize(1);
        assertThat(failClosed().hold()).isPresent();
        assertThat(failClosed()
                        .runState()
                        .read(RunId.of("run-42"))
                        .orElseThrow()
                        .lastError())
                .hasValueSatisfying(error -> assertThat(error).contains("expected 6 row(s) but found 5"));
    }

    @Test
    void onHoldExecuteRefusesBeforeTheTargetButPlanningAndPreviewStillWork() {
        target.cutEvidence = Fixtures.afterLegB(3, 2).units("enacted", 1).build();
        compensator().execute();
        target.cutEvidence = Fixtures.afterLegB(3, 2).build();
        Compensator c = compensator();
        CompensationPlan plan = c.plan();

        assertThatThrownBy(() -> c.authorizedBy(Fixtures.approving(plan)).execute())
                .isInstanceOfSatisfying(
                        OnHoldException.class, e -> assertThat(e.heldRunId()).isEqualTo(RunId.of("run-42")));
        assertThat(target.executed).isEmpty();
        assertThat(c.preview().plan()).isEqualTo(plan);

        failClosed().release("sovereign", "enacted unit superseded by hand", false);
        assertThat(c.execute().verdict()).isEqualTo(new Verdict.Compensated());
    }

    @Test
    void aPlanThatAppendsADecisionNeedsASigner() {
        Compensator c = Compensator.forRun("run-42")
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed());
        CompensationPlan plan = c.plan();

        assertThatThrownBy(() -> c.authorizedBy(Fixtures.approving(plan)).execute())
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("signer-given"));
        assertThat(target.executed).isEmpty();
        assertThat(failClosed().hold())
                .as("a configuration error is not an unrecovered failure")
                .isEmpty();
    }

    @Test
    void theSignerIsHandedToTheTarget() {
        Compensator c = compensator();
        c.authorizedBy(Fixtures.approving(c.plan())).execute();
        assertThat(target.signers).containsExactly(Optional.of(Fixtures.SIGNER));
    }

    @Test
    void aFailingFailClosedProcedureDoesNotReplaceTheFailureItRecords() throws IOException {
        // Regression: when the bundle could not be written, the StoreException replaced the
        // execution failure, which was lost. The rollback directory breaks after the preflight.
        Compensator c = compensator();
        CompensationPlan reviewed = c.plan();
        target.duringExecute = () -> {
            try {
                deleteTree(home.resolve("rollback"));
                Files.writeString(home.resolve("rollback"), "a file where the rollback directory should be");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        StepFailedException failure =
                new StepFailedException(RunId.of("run-42"), 5, "public.unit_version", 6, 5, null, null);
        target.failure = failure;

        assertThatThrownBy(() -> c.authorizedBy(Fixtures.approving(reviewed)).execute())
                .isSameAs(failure);

        assertThat(failure.getSuppressed())
                .as("the procedure's own problems travel with the failure")
                .isNotEmpty()
                .allSatisfy(problem -> assertThat(problem).isInstanceOf(StoreException.class));
        assertThat(failClosed().hold())
                .as("HOLD lives in the locks directory and still holds")
                .isPresent();
        assertThat(failClosed().killSwitch().executionEnabled()).isFalse();
        assertThat(target.executed).hasSize(1);
    }

    @Test
    void aForeignDatabaseErrorsTextStaysOutOfTheFailClosedFiles() throws IOException {
        Compensator c = compensator();
        CompensationPlan reviewed = c.plan();
        RuntimeException failure = new RuntimeException(
                "ERROR: duplicate key\n  Detail: Key (address)=(secret-address) already exists",
                FailClosedTest.sqlException("ERROR: duplicate key", "23505"));
        target.failure = failure;

        assertThatThrownBy(() -> c.authorizedBy(Fixtures.approving(reviewed)).execute())
                .isSameAs(failure);

        RunId run = RunId.of("run-42");
        assertThat(failClosed().runState().read(run).orElseThrow().lastError())
                .hasValueSatisfying(error -> assertThat(error).contains("SQLSTATE 23505"));
        assertThat(failClosed().hold().orElseThrow().reason()).contains("SQLSTATE 23505");
        try (var files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as("%s", file).doesNotContain("secret-address");
            }
        }
        assertThat(Files.readString(failClosed().runDirectory(run).resolve("escalation.txt")))
                .contains("sqlstate:      23505");
    }

    @Test
    void aBackupThatCannotBeDiscardedStillFailsClosed(@TempDir Path dir) throws IOException {
        // Regression: DISCARD_AND_HOLD renamed the backup first and a failed rename skipped the HOLD.
        Path backup = Files.writeString(dir.resolve("backup.sql"), "-- backup");
        Files.createDirectories(dir.resolve("backup.sql.discarded").resolve("occupied"));
        target.cutEvidence = Fixtures.empty().build();
        Compensator c = Compensator.forRun("run-42")
                .on(target)
                .failedAt(Phase.CUT_LEG_A)
                .failClosed(failClosed())
                .backupArtifact(backup);

        assertThatThrownBy(c::execute).isInstanceOf(StoreException.class);

        assertThat(backup).hasContent("-- backup");
        assertThat(failClosed().hold())
                .hasValueSatisfying(hold -> assertThat(hold.reason()).contains("backup artifact"));
        assertThat(failClosed().killSwitch().executionEnabled()).isFalse();
        assertThat(failClosed().runDirectory(RunId.of("run-42")).resolve("escalation.txt"))
                .exists();
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
