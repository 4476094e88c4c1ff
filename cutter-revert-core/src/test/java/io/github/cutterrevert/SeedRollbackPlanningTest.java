package io.github.cutterrevert;

import static io.github.cutterrevert.Fixtures.constitutionSeed;
import static io.github.cutterrevert.Fixtures.seedClean;
import static io.github.cutterrevert.Fixtures.seedReferenced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.PlanStep.HardDelete;
import io.github.cutterrevert.PlanStep.SoftRevert;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Seed-delta rollback (seed 004): path A, path B, escalation, idempotency. */
class SeedRollbackPlanningTest {
    private static final RunId ROLLBACK = RunId.of("rollback-1");

    private static SeedRollbackRequest request(Optional<String> pathB, Optional<String> voidVersion) {
        return new SeedRollbackRequest(ROLLBACK, constitutionSeed(), pathB, voidVersion);
    }

    private static CompensationPlan plan(SeedEvidence evidence) {
        return CompensationPlanner.plan(request(Optional.empty(), Optional.empty()), evidence);
    }

    private static SeedEvidence evidence(long parent, long child) {
        return new SeedEvidence(parent, child, 0, Map.of(), Optional.of("active"), Optional.of("cut"));
    }

    private static List<PlanStep> writes(CompensationPlan plan) {
        return plan.steps().stream().filter(PlanStep::writes).toList();
    }

    @Test
    void pathADeletesTheChildThenTheParentEachExpectingExactlyOneRow() {
        CompensationPlan plan = plan(seedClean());
        SeedDelta delta = constitutionSeed();

        assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
        assertThat(plan.mode()).isEqualTo(Mode.HARD_DELETE);
        assertThat(plan.changeSet()).isEmpty();
        assertThat(writes(plan))
                .as("child (version) before parent (document), by exact identity, exactly 1 row each")
                .containsExactly(
                        new HardDelete(
                                LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY,
                                new RowSelector.ByIdentity(delta.childIdentity()),
                                1),
                        new HardDelete(
                                LogicalTable.SOURCE_DOCUMENT_REGISTRY,
                                new RowSelector.ByIdentity(delta.parentIdentity()),
                                1));
        assertThat(plan.expectedDeltas())
                .isEqualTo(Map.of(
                        LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, -1L,
                        LogicalTable.SOURCE_DOCUMENT_REGISTRY, -1L));
        assertThat(plan.preconditions())
                .contains(
                        new Precondition.IdentityMatch(
                                LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, delta.childIdentity()),
                        new Precondition.IdentityMatch(LogicalTable.SOURCE_DOCUMENT_REGISTRY, delta.parentIdentity()),
                        new Precondition.NoDownstreamReferences(LogicalTable.SOURCE_DOCUMENT_REGISTRY),
                        new Precondition.NoDownstreamReferences(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY),
                        new Precondition.ExactRowDelta(LogicalTable.SOURCE_DOCUMENT_REGISTRY, -1));
        assertThat(delta.childIdentity())
                .as("identity includes every column of RB-P1, never a rendered string")
                .containsKeys("source_document_ref", "content_checksum", "document_version_id", "registered_by");
    }

    @Test
    void pathADeletesNoLedgerRowAndNoSnapshotArtifact() {
        CompensationPlan plan = plan(seedClean());

        assertThat(plan.steps())
                .noneMatch(step -> step instanceof PlanStep.DiscardBackup)
                .noneMatch(step -> step instanceof PlanStep.LedgerAppend);
        assertThat(writes(plan))
                .extracting(step -> ((HardDelete) step).table().ledger())
                .containsOnly(false);
    }

    @Test
    void identityMismatchEscalates() {
        for (long[] counts : new long[][] {{1, 0}, {0, 1}, {2, 1}, {1, 2}}) {
            CompensationPlan plan = plan(evidence(counts[0], counts[1]));

            assertThat(plan.kind())
                    .as("parent %d child %d", counts[0], counts[1])
                    .isEqualTo(PlanKind.ESCALATE);
            assertThat(plan.rationale())
                    .contains("RB-P1/RB-P3")
                    .contains("found " + counts[0] + " and " + counts[1])
                    .contains("do not delete");
            CompensationPlannerMatrixTest.assertWritesNothing(plan);
        }
    }

    @Test
    void alreadyRolledBackHasNothingToDo() {
        CompensationPlan plan = plan(evidence(0, 0));

        assertThat(plan.kind()).isEqualTo(PlanKind.NOTHING_TO_DO);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.rationale()).contains("already rolled back");
    }

    @Test
    void downstreamReferencesWithoutARulingEscalateWithNoWriteStep() {
        CompensationPlan plan = plan(seedReferenced());

        assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
        assertThat(plan.rationale())
                .contains("RB-P2 failed")
                .contains("public.iu_provenance=3")
                .doesNotContain("manifest_envelope=0")
                .contains("STOP_AND_ESCALATE");
        CompensationPlannerMatrixTest.assertWritesNothing(plan);
    }

    @Test
    void otherVersionsOfTheDocumentCountAsDownstreamReferences() {
        CompensationPlan plan = plan(new SeedEvidence(1, 1, 2, Map.of(), Optional.empty(), Optional.empty()));

        assertThat(plan.kind()).isEqualTo(PlanKind.ESCALATE);
        assertThat(plan.rationale()).contains("other versions of the document=2");
    }

    @Test
    void pathBRulingRetiresTheParentOnly() {
        CompensationPlan plan =
                CompensationPlanner.plan(request(Optional.of("RB-B-1"), Optional.empty()), seedReferenced());

        assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
        assertThat(plan.mode()).isEqualTo(Mode.SOFT_REVERT);
        assertThat(plan.hardDeletes()).isFalse();
        assertThat(writes(plan))
                .containsExactly(new SoftRevert(
                        LogicalTable.SOURCE_DOCUMENT_REGISTRY,
                        new RowSelector.ByIdentity(constitutionSeed().parentIdentity()),
                        "lifecycle",
                        "active",
                        "deprecated",
                        1,
                        Optional.empty()));
        assertThat(plan.expectedDeltas())
                .isEqualTo(Map.of(
                        LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, 0L,
                        LogicalTable.SOURCE_DOCUMENT_REGISTRY, 0L));
        assertThat(plan.rationale()).contains("RB-B-1").contains("not a clean rollback");
    }

    @Test
    void voidRulingAlsoVoidsTheVersionWithARollbackNoteBeforeRetiringTheParent() {
        CompensationPlan plan =
                CompensationPlanner.plan(request(Optional.of("RB-B-1"), Optional.of("RB-B-VOID-1")), seedReferenced());

        assertThat(writes(plan)).hasSize(2);
        SoftRevert version = (SoftRevert) writes(plan).get(0);
        SoftRevert parent = (SoftRevert) writes(plan).get(1);
        assertThat(version.table()).isEqualTo(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY);
        assertThat(version.column()).isEqualTo("version_status");
        assertThat(version.fromStatus()).isEqualTo("cut");
        assertThat(version.toStatus()).isEqualTo("void");
        assertThat(version.expectedRows()).isEqualTo(1);
        assertThat(version.note())
                .as("the rollback note names the run and the ruling")
                .hasValueSatisfying(
                        note -> assertThat(note).contains("rollback-1").contains("RB-B-VOID-1"));
        assertThat(parent.table()).isEqualTo(LogicalTable.SOURCE_DOCUMENT_REGISTRY);
        assertThat(parent.toStatus()).isEqualTo("deprecated");
    }

    @Test
    void voidRulingWithoutPathBRulingIsInvalid() {
        assertThatThrownBy(() -> request(Optional.empty(), Optional.of("RB-B-VOID-1")))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("void-needs-path-b"));
    }

    @Test
    void voidRulingIsIgnoredOnPathA() {
        CompensationPlan plan =
                CompensationPlanner.plan(request(Optional.of("RB-B-1"), Optional.of("RB-B-VOID-1")), seedClean());

        assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
        assertThat(plan.mode()).as("no references: the clean path A is taken").isEqualTo(Mode.HARD_DELETE);
    }

    @Test
    void pathBAlreadyAppliedHasNothingToDo() {
        SeedEvidence retired = new SeedEvidence(
                1, 1, 0, Map.of("public.iu_provenance", 3L), Optional.of("deprecated"), Optional.of("void"));

        assertThat(CompensationPlanner.plan(request(Optional.of("RB-B-1"), Optional.empty()), retired)
                        .kind())
                .isEqualTo(PlanKind.NOTHING_TO_DO);
        assertThat(CompensationPlanner.plan(request(Optional.of("RB-B-1"), Optional.of("V")), retired)
                        .kind())
                .isEqualTo(PlanKind.NOTHING_TO_DO);
    }

    @Test
    void pathBHalfAppliedOnlyDoesWhatRemains() {
        SeedEvidence retired = new SeedEvidence(
                1, 1, 0, Map.of("public.iu_provenance", 3L), Optional.of("deprecated"), Optional.of("cut"));

        CompensationPlan plan = CompensationPlanner.plan(request(Optional.of("RB-B-1"), Optional.of("V")), retired);

        assertThat(writes(plan))
                .singleElement()
                .extracting(step -> ((SoftRevert) step).table())
                .isEqualTo(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY);
    }

    @Test
    void everyWritingSeedPlanNeedsARecordedDecisionWhateverThePolicy() {
        for (CompensationPlan plan : List.of(
                plan(seedClean()),
                CompensationPlanner.plan(request(Optional.of("RB-B-1"), Optional.empty()), seedReferenced()))) {
            for (ApprovalPolicy policy : ApprovalPolicy.values()) {
                assertThat(plan.needsApproval(policy))
                        .as("%s under %s", plan.mode(), policy)
                        .isTrue();
            }
        }
    }
}
