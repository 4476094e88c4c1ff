package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The value records: they copy what they are given, reject what they cannot hold, and say so. */
class ValueRecordsTest {

    @Test
    void cutEvidenceCopiesItsMapsAndDropsZeroCounts() {
        Map<String, Long> units = new HashMap<>(Map.of("draft", 3L, "enacted", 0L));
        Map<String, Long> versions = new HashMap<>(Map.of("draft", 6L));
        Map<LogicalTable, Long> ledger = new EnumMap<>(Map.of(LogicalTable.CUT_CHANGE_SET, 1L));
        CutEvidence evidence =
                new CutEvidence(Fixtures.CS, true, units, versions, 0, ledger, 0, true, SchemaFacts.intact());
        units.put("draft", 99L);
        versions.clear();
        ledger.put(LogicalTable.VERIFY_RESULT, 1L);

        assertThat(evidence.unitsByStatus())
                .as("mutating the source maps after construction changes nothing; zero counts are dropped")
                .isEqualTo(Map.of("draft", 3L));
        assertThat(evidence.versions()).isEqualTo(6);
        assertThat(evidence.ledgerRows()).isEqualTo(Map.of(LogicalTable.CUT_CHANGE_SET, 1L));
        assertThat(evidence.units("enacted")).isZero();
        assertThatThrownBy(() -> evidence.unitsByStatus().put("x", 1L))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> evidence.ledgerRows().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void cutEvidenceRefusesCountsOfNonLedgerTablesAsLedgerRows() {
        assertThatThrownBy(() -> new CutEvidence(
                        Fixtures.CS,
                        true,
                        Map.of(),
                        Map.of(),
                        0,
                        Map.of(LogicalTable.INFORMATION_UNIT, 1L),
                        0,
                        true,
                        SchemaFacts.intact()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ledgerRows"));
    }

    @Test
    void withBackupArtifactPresentChangesOnlyThatField() {
        CutEvidence evidence = Fixtures.afterLegB(3, 2).backup(false).build();
        CutEvidence present = evidence.withBackupArtifactPresent(true);

        assertThat(present.backupArtifactPresent()).isTrue();
        assertThat(present.withBackupArtifactPresent(false)).isEqualTo(evidence);
    }

    @Test
    void schemaFactsCopyTheirCollections() {
        Map<String, Boolean> triggers = new HashMap<>(Map.of("trg_iu_enacted_immut", true));
        Set<String> functions = new HashSet<>(Set.of("fn_iu_create"));
        Set<String> statuses = new HashSet<>(Set.of("draft", "withdrawn"));
        List<String> blockers = new ArrayList<>();
        SchemaFacts facts = new SchemaFacts(triggers, functions, statuses, blockers);
        triggers.put("trg_uv_enacted_immut", true);
        functions.add("fn_iu_enact");
        statuses.add("superseded");
        blockers.add("CASCADE");

        assertThat(facts.triggersEnabled()).containsOnlyKeys("trg_iu_enacted_immut");
        assertThat(facts.functionsPresent()).containsOnly("fn_iu_create");
        assertThat(facts.allowedUnitStatuses()).containsOnly("draft", "withdrawn");
        assertThat(facts.hardDeleteBlockers()).isEmpty();
    }

    @Test
    void seedEvidenceCopiesAndDropsZeroReferences() {
        Map<String, Long> refs = new HashMap<>(Map.of("public.iu_provenance", 2L, "x", 0L));
        SeedEvidence evidence = new SeedEvidence(1, 1, 1, refs, Optional.empty(), Optional.empty());
        refs.put("y", 5L);

        assertThat(evidence.downstreamReferences()).isEqualTo(Map.of("public.iu_provenance", 2L));
        assertThat(evidence.downstreamTotal()).isEqualTo(2);
    }

    @Test
    void seedDeltaCopiesAndValidatesItsIdentities() {
        SortedMap<String, String> parent = new TreeMap<>(Map.of("source_document_ref", "incomex-constitution"));
        SortedMap<String, String> child = new TreeMap<>(Map.of("document_version_id", "v1"));
        SeedDelta delta = new SeedDelta(parent, child);
        parent.put("registered_by", "someone-else");

        assertThat(delta.parentIdentity()).containsOnlyKeys("source_document_ref");
        assertThat(delta.subject()).isEqualTo("seed {source_document_ref=incomex-constitution}");
        assertThatThrownBy(() -> new SeedDelta(new TreeMap<>(), child))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("parentIdentity"));
        assertThatThrownBy(() -> new SeedDelta(new TreeMap<>(Map.of("Bad Column", "x")), child))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("lower-case SQL identifier");
        SortedMap<String, String> nullValue = new TreeMap<>();
        nullValue.put("document_version_id", null);
        assertThatThrownBy(() -> new SeedDelta(parent, nullValue))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                        .isEqualTo("childIdentity.document_version_id"));
    }

    @Test
    void identitiesInSelectorsAndPreconditionsAreCopied() {
        SortedMap<String, String> identity = new TreeMap<>(Map.of("id", "1"));
        RowSelector.ByIdentity selector = new RowSelector.ByIdentity(identity);
        Precondition.IdentityMatch match =
                new Precondition.IdentityMatch(LogicalTable.SOURCE_DOCUMENT_REGISTRY, identity);
        identity.put("id", "2");

        assertThat(selector.identity()).containsEntry("id", "1");
        assertThat(match.identity()).containsEntry("id", "1");
        assertThatThrownBy(() -> new RowSelector.ByIdentity(new TreeMap<>())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void plansCopyTheirCollections() {
        CompensationPlan plan = Fixtures.writeVerifyPlan();
        List<PlanStep> steps = new ArrayList<>(plan.steps());
        List<Precondition> preconditions = new ArrayList<>(plan.preconditions());
        Map<LogicalTable, Long> deltas = new HashMap<>(plan.expectedDeltas());
        CompensationPlan copy = new CompensationPlan(
                plan.runId(),
                plan.revertRunId(),
                plan.subject(),
                plan.changeSet(),
                plan.kind(),
                plan.mode(),
                preconditions,
                steps,
                deltas,
                plan.rationale());
        Fingerprint before = copy.fingerprint();
        steps.clear();
        preconditions.clear();
        deltas.put(LogicalTable.INFORMATION_UNIT, -1L);

        assertThat(copy).isEqualTo(plan);
        assertThat(copy.fingerprint()).isEqualTo(before);
        assertThatThrownBy(() -> copy.steps().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.expectedDeltas().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(List.copyOf(copy.expectedDeltas().keySet()))
                .as("deltas are kept in table order, whatever the source map's order")
                .isSorted();
    }

    @Test
    void valuesRejectNullsWithTypedErrorsInsteadOfNullPointerExceptions() {
        // Regression: these records threw NullPointerException, or accepted a null that the
        // planner or the summary later tripped over, instead of a typed InvalidInputException.
        SchemaFacts intact = SchemaFacts.intact();
        ChangeSetId cs = Fixtures.CS;
        RowSelector rows = new RowSelector.OfChangeSet(cs);
        Map<String, Long> nullCount = new HashMap<>();
        nullCount.put("draft", null);
        Map<LogicalTable, Long> nullLedgerCount = new HashMap<>();
        nullLedgerCount.put(LogicalTable.CUT_CHANGE_SET, null);
        Map<String, Boolean> nullTrigger = new HashMap<>();
        nullTrigger.put("trg_iu_enacted_immut", null);
        List<PlanStep> nullStep = new ArrayList<>();
        nullStep.add(null);
        SortedMap<String, String> nullValue = new TreeMap<>();
        nullValue.put("id", null);
        CompensationPlan plan = Fixtures.writeVerifyPlan();
        Map<String, ThrowingCallable> calls = new java.util.LinkedHashMap<>();
        calls.put("CutEvidence units", () -> new CutEvidence(cs, true, null, Map.of(), 0, Map.of(), 0, true, intact));
        calls.put(
                "CutEvidence versions", () -> new CutEvidence(cs, true, Map.of(), null, 0, Map.of(), 0, true, intact));
        calls.put("CutEvidence ledger", () -> new CutEvidence(cs, true, Map.of(), Map.of(), 0, null, 0, true, intact));
        calls.put(
                "CutEvidence null count",
                () -> new CutEvidence(cs, true, nullCount, Map.of(), 0, Map.of(), 0, true, intact));
        calls.put(
                "CutEvidence null ledger count",
                () -> new CutEvidence(cs, true, Map.of(), Map.of(), 0, nullLedgerCount, 0, true, intact));
        calls.put("SchemaFacts triggers", () -> new SchemaFacts(null, Set.of(), Set.of(), List.of()));
        calls.put("SchemaFacts null trigger state", () -> new SchemaFacts(nullTrigger, Set.of(), Set.of(), List.of()));
        calls.put("SchemaFacts functions", () -> new SchemaFacts(Map.of(), null, Set.of(), List.of()));
        calls.put("SchemaFacts statuses", () -> new SchemaFacts(Map.of(), Set.of(), null, List.of()));
        calls.put("SchemaFacts blockers", () -> new SchemaFacts(Map.of(), Set.of(), Set.of(), null));
        calls.put("SeedEvidence refs", () -> new SeedEvidence(1, 1, 0, null, Optional.empty(), Optional.empty()));
        calls.put("SeedEvidence lifecycle", () -> new SeedEvidence(1, 1, 0, Map.of(), null, Optional.empty()));
        calls.put("SeedEvidence status", () -> new SeedEvidence(1, 1, 0, Map.of(), Optional.empty(), null));
        calls.put("Guard", () -> new PlanStep.Guard(null));
        calls.put("SoftRevert table", () -> new PlanStep.SoftRevert(null, rows, "s", "a", "b", 1, Optional.empty()));
        calls.put(
                "SoftRevert rows",
                () -> new PlanStep.SoftRevert(LogicalTable.INFORMATION_UNIT, null, "s", "a", "b", 1, Optional.empty()));
        calls.put(
                "SoftRevert column",
                () -> new PlanStep.SoftRevert(
                        LogicalTable.INFORMATION_UNIT, rows, null, "a", "b", 1, Optional.empty()));
        calls.put(
                "SoftRevert from",
                () -> new PlanStep.SoftRevert(
                        LogicalTable.INFORMATION_UNIT, rows, "s", null, "b", 1, Optional.empty()));
        calls.put(
                "SoftRevert to",
                () -> new PlanStep.SoftRevert(
                        LogicalTable.INFORMATION_UNIT, rows, "s", "a", null, 1, Optional.empty()));
        calls.put(
                "SoftRevert note",
                () -> new PlanStep.SoftRevert(LogicalTable.INFORMATION_UNIT, rows, "s", "a", "b", 1, null));
        calls.put(
                "SoftRevert negative count",
                () -> new PlanStep.SoftRevert(
                        LogicalTable.INFORMATION_UNIT, rows, "s", "a", "b", -1, Optional.empty()));
        calls.put("HardDelete table", () -> new PlanStep.HardDelete(null, rows, 1));
        calls.put("HardDelete rows", () -> new PlanStep.HardDelete(LogicalTable.INFORMATION_UNIT, null, 1));
        calls.put("HardDelete negative count", () -> new PlanStep.HardDelete(LogicalTable.INFORMATION_UNIT, rows, -1));
        calls.put("LedgerAppend", () -> new PlanStep.LedgerAppend(null));
        calls.put("DiscardBackup", () -> new PlanStep.DiscardBackup(null));
        calls.put("Hold", () -> new PlanStep.Hold(null));
        calls.put("Escalate", () -> new PlanStep.Escalate(null));
        calls.put("OfChangeSet", () -> new RowSelector.OfChangeSet(null));
        calls.put("ByIdentity null value", () -> new RowSelector.ByIdentity(nullValue));
        calls.put("NoUnitEnacted", () -> new Precondition.NoUnitEnacted(null));
        calls.put("AllUnitsDraft", () -> new Precondition.AllUnitsDraft(null));
        calls.put("IdentityMatch table", () -> new Precondition.IdentityMatch(null, new TreeMap<>(Map.of("a", "b"))));
        calls.put(
                "IdentityMatch identity",
                () -> new Precondition.IdentityMatch(LogicalTable.SOURCE_DOCUMENT_REGISTRY, null));
        calls.put(
                "IdentityMatch null value",
                () -> new Precondition.IdentityMatch(LogicalTable.SOURCE_DOCUMENT_REGISTRY, nullValue));
        calls.put("NoDownstreamReferences", () -> new Precondition.NoDownstreamReferences(null));
        calls.put("ExactRowDelta", () -> new Precondition.ExactRowDelta(null, 0));
        calls.put("ImmutabilityTriggersEnabled", () -> new Precondition.ImmutabilityTriggersEnabled(null));
        calls.put("EnactFunctionsPresent", () -> new Precondition.EnactFunctionsPresent(null));
        calls.put("StatusAllowed table", () -> new Precondition.StatusAllowed(null, "withdrawn"));
        calls.put("StatusAllowed status", () -> new Precondition.StatusAllowed(LogicalTable.INFORMATION_UNIT, null));
        calls.put(
                "CompensationPlan preconditions",
                () -> new CompensationPlan(
                        plan.runId(),
                        plan.revertRunId(),
                        plan.subject(),
                        plan.changeSet(),
                        plan.kind(),
                        plan.mode(),
                        null,
                        plan.steps(),
                        plan.expectedDeltas(),
                        plan.rationale()));
        calls.put(
                "CompensationPlan null step",
                () -> new CompensationPlan(
                        plan.runId(),
                        plan.revertRunId(),
                        plan.subject(),
                        plan.changeSet(),
                        plan.kind(),
                        plan.mode(),
                        plan.preconditions(),
                        nullStep,
                        plan.expectedDeltas(),
                        plan.rationale()));
        calls.put(
                "CompensationPlan deltas",
                () -> new CompensationPlan(
                        plan.runId(),
                        plan.revertRunId(),
                        plan.subject(),
                        plan.changeSet(),
                        plan.kind(),
                        plan.mode(),
                        plan.preconditions(),
                        plan.steps(),
                        null,
                        plan.rationale()));
        calls.put(
                "SeedRollbackRequest path B",
                () -> new SeedRollbackRequest(Fixtures.RUN, Fixtures.constitutionSeed(), null, Optional.empty()));
        calls.put(
                "SeedRollbackRequest void",
                () -> new SeedRollbackRequest(Fixtures.RUN, Fixtures.constitutionSeed(), Optional.empty(), null));
        calls.put("Preview", () -> new Preview(null, Map.of(), ""));
        calls.put("CompensationResult", () -> new CompensationResult(plan, null, Map.of(), 0, java.time.Duration.ZERO));

        calls.forEach((what, call) -> assertThatThrownBy(call).as(what).isInstanceOf(InvalidInputException.class));
    }

    @Test
    void theCompensatingDecisionRejectsNulls() {
        assertThatThrownBy(() -> new CompensatingDecision(null, Fixtures.REVERT_RUN, ""))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("changeSet"));
        assertThatThrownBy(() -> new CompensatingDecision(Fixtures.CS, null, ""))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new CompensatingDecision(Fixtures.CS, Fixtures.REVERT_RUN, null))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void thePlanRequestRejectsNulls() {
        RunHistory history = RunHistory.failedAt(Phase.WRITE_VERIFY);
        List<ThrowingCallable> calls = List.of(
                () -> new PlanRequest(null, Fixtures.CS, history, Mode.SOFT_REVERT, "withdrawn", Fixtures.REVERT_RUN),
                () -> new PlanRequest(Fixtures.RUN, null, history, Mode.SOFT_REVERT, "withdrawn", Fixtures.REVERT_RUN),
                () -> new PlanRequest(
                        Fixtures.RUN, Fixtures.CS, null, Mode.SOFT_REVERT, "withdrawn", Fixtures.REVERT_RUN),
                () -> new PlanRequest(Fixtures.RUN, Fixtures.CS, history, null, "withdrawn", Fixtures.REVERT_RUN),
                () -> new PlanRequest(Fixtures.RUN, Fixtures.CS, history, Mode.SOFT_REVERT, null, Fixtures.REVERT_RUN),
                () -> new PlanRequest(Fixtures.RUN, Fixtures.CS, history, Mode.SOFT_REVERT, "withdrawn", null));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void evidenceOfAnotherChangeSetIsRefused() {
        CutEvidence other = new CutEvidence(
                ChangeSetId.of("cs-other"), true, Map.of(), Map.of(), 0, Map.of(), 0, true, SchemaFacts.intact());

        assertThatThrownBy(
                        () -> CompensationPlanner.plan(Fixtures.request(Phase.WRITE_VERIFY, Mode.SOFT_REVERT), other))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("evidence.changeSet"));
    }

    @ParameterizedTest
    @EnumSource(Phase.class)
    void phasesRoundTripThroughTheirRunbookNames(Phase phase) {
        assertThat(Phase.ofRunbookName(phase.runbookName())).isEqualTo(phase);
        assertThat(phase.runbookName()).matches("[a-z_]+");
    }

    @Test
    void anUnknownPhaseNameIsRefused() {
        assertThatThrownBy(() -> Phase.ofRunbookName("WRITE_VERIFY"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("phase"))
                .hasMessageContaining("write_verify");
    }

    @Test
    void phasesAreInTheRunbooksOrder() {
        assertThat(Phase.values())
                .extracting(Phase::runbookName)
                .containsExactly("pre_write_backup", "cut_leg_a", "leg_b_record", "write_verify", "lifecycle_enact");
    }

    @Test
    void onlyGovernanceTablesAreLedgerTables() {
        assertThat(LogicalTable.values())
                .filteredOn(LogicalTable::ledger)
                .allSatisfy(table -> assertThat(table.defaultSchema()).isEqualTo("cutter_governance"))
                .contains(LogicalTable.REVIEW_DECISION, LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW)
                .doesNotContain(LogicalTable.SOURCE_DOCUMENT_REGISTRY, LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY);
        assertThat(LogicalTable.INFORMATION_UNIT.ledger()).isFalse();
    }
}
