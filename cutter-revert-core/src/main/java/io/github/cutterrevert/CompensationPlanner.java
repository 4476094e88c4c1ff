package io.github.cutterrevert;

import io.github.cutterrevert.PlanStep.DiscardBackup;
import io.github.cutterrevert.PlanStep.Escalate;
import io.github.cutterrevert.PlanStep.Guard;
import io.github.cutterrevert.PlanStep.HardDelete;
import io.github.cutterrevert.PlanStep.Hold;
import io.github.cutterrevert.PlanStep.LedgerAppend;
import io.github.cutterrevert.PlanStep.SoftRevert;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The planner: one pure function per runbook, from a request and the evidence to an immutable
 * plan. It reads nothing and writes nothing, so every path can be tested without a database.
 *
 * <ul>
 *   <li>{@link #plan(PlanRequest, CutEvidence)} encodes the per-cut compensation matrix of seed 000,
 *       section 3 (compensation A and B, discard-and-HOLD, escalation on disagreement).
 *   <li>{@link #plan(SeedRollbackRequest, SeedEvidence)} encodes seed 004: path A (exact inverse,
 *       child before parent), path B (retire) only when pre-approved, otherwise escalate.
 * </ul>
 *
 * <p>Thread-safe: stateless.
 */
public final class CompensationPlanner {
    static final String DRAFT = "draft";
    static final String ENACTED = "enacted";
    static final String STATUS_COLUMN = "lifecycle_status";

    private CompensationPlanner() {}

    /**
     * Plans the compensation of one cut.
     *
     * @param request what the orchestrator reports and asks for
     * @param evidence what the database shows for the change set
     * @return the plan (compensate, nothing to do, discard and HOLD, or escalate)
     * @throws InvalidPlanException if the run history is inconsistent or has an unknown outcome, or
     *     the soft-revert status is not allowed by the schema
     * @throws InvalidInputException if the evidence is of another change set
     */
    public static CompensationPlan plan(PlanRequest request, CutEvidence evidence) {
        if (!evidence.changeSet().equals(request.changeSet())) {
            throw new InvalidInputException(
                    "evidence.changeSet",
                    "evidence of change set " + request.changeSet().value(),
                    evidence.changeSet().value());
        }
        Cut cut = new Cut(request, evidence);
        Optional<Phase> stopped = firstUncommitted(request);
        if (stopped.isEmpty()) {
            return cut.succeeded();
        }
        Phase phase = stopped.get();
        String stoppedAt =
                (request.history().outcome(phase) == PhaseOutcome.ROLLED_BACK ? "failed at " : "stopped before ")
                        + phase.runbookName();
        return switch (phase) {
            case PRE_WRITE_BACKUP -> {
                if (request.history().outcome(phase) == PhaseOutcome.NOT_STARTED) {
                    yield cut.disagreement("no phase started")
                            .orElseGet(() ->
                                    cut.nothingToDo("no phase started: nothing committed, nothing to compensate"));
                }
                yield cut.discardAndHold(stoppedAt + ": no database state changed");
            }
            case CUT_LEG_A ->
                cut.discardAndHold(stoppedAt + ": the adapter rolled back the whole fn_iu_create fan-out");
            case LEG_B_RECORD -> cut.compensate(phase, stoppedAt + " after cut_leg_a committed");
            case WRITE_VERIFY -> cut.compensate(phase, stoppedAt + " after cut_leg_a and leg_b_record committed");
            case LIFECYCLE_ENACT -> cut.enactFailed(stoppedAt);
        };
    }

    /**
     * Plans the rollback of a registry seed delta.
     *
     * @param request the delta and any pre-approved rulings
     * @param evidence what the database shows for the delta
     * @return the plan (path A, path B, nothing to do, or escalate)
     */
    public static CompensationPlan plan(SeedRollbackRequest request, SeedEvidence evidence) {
        return new Seed(request, evidence).plan();
    }

    /** Validates the history and returns the first phase that did not commit. */
    private static Optional<Phase> firstUncommitted(PlanRequest request) {
        RunHistory history = request.history();
        for (Phase phase : Phase.values()) {
            if (history.outcome(phase) == PhaseOutcome.UNKNOWN) {
                throw new InvalidPlanException(
                        request.runId(),
                        "outcome-known",
                        "the outcome of " + phase.runbookName()
                                + " is UNKNOWN: expected COMMITTED or ROLLED_BACK; resolve it (for example with pg_xact_status) before planning");
            }
        }
        Phase first = null;
        for (Phase phase : Phase.values()) {
            PhaseOutcome outcome = history.outcome(phase);
            if (first == null) {
                if (outcome != PhaseOutcome.COMMITTED) {
                    first = phase;
                }
            } else if (outcome != PhaseOutcome.NOT_STARTED) {
                throw new InvalidPlanException(
                        request.runId(),
                        "history-consistent",
                        "phases run in order and stop at the first failure: expected " + phase.runbookName()
                                + " NOT_STARTED after " + first.runbookName() + " " + history.outcome(first)
                                + " but found " + outcome);
            }
        }
        return Optional.ofNullable(first);
    }

    /** Plans one cut; holds the request and evidence so each path reads like the runbook. */
    private record Cut(PlanRequest request, CutEvidence evidence) {

        CompensationPlan enactFailed(String stoppedAt) {
            long enacted = evidence.units(ENACTED);
            long total = evidence.units();
            if (total > 0 && enacted == total) {
                return nothingToDo(stoppedAt
                        + " was reported, but every unit is enacted: fn_iu_enact committed, the run succeeded");
            }
            if (enacted > 0) {
                return escalate(stoppedAt + " was reported and the enact fan-out is atomic, yet " + enacted + " of "
                        + total + " units are enacted: enacted state is immutable, a human must decide");
            }
            return compensate(
                    Phase.LIFECYCLE_ENACT,
                    stoppedAt + " and the units are still draft: treated as a write_verify failure");
        }

        CompensationPlan succeeded() {
            long draft = evidence.units(DRAFT);
            long draftVersions = evidence.versions(DRAFT);
            if (draft > 0 || draftVersions > 0) {
                // fn_iu_enact enacts the whole fan-out in one transaction: after it committed, no
                // unit of the change set can still be draft.
                return escalate("the orchestrator reports that every phase committed, but " + draft + " units and "
                        + draftVersions
                        + " versions of the change set are still draft: the report and the evidence disagree");
            }
            return nothingToDo("every phase committed: the run succeeded, no compensation");
        }

        /** An escalation when the evidence shows rows although the report says none were written. */
        Optional<CompensationPlan> disagreement(String why) {
            long units = evidence.units();
            long versions = evidence.versions();
            long ledger = evidence.ledgerRows().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            if (units > 0 || versions > 0 || ledger > 0) {
                return Optional.of(escalate("the orchestrator reports " + why + ", but the evidence shows " + units
                        + " units, " + versions + " versions and " + ledger
                        + " ledger rows for the change set: the report and the evidence disagree"));
            }
            return Optional.empty();
        }

        CompensationPlan discardAndHold(String why) {
            Optional<CompensationPlan> disagreement = disagreement(why);
            if (disagreement.isPresent()) {
                return disagreement.get();
            }
            List<PlanStep> steps = new ArrayList<>();
            if (evidence.backupArtifactPresent()) {
                steps.add(new DiscardBackup(request.runId()));
            }
            steps.add(new Hold(why + "; re-run from clean"));
            return plan(
                    PlanKind.DISCARD_AND_HOLD,
                    List.of(new Precondition.NotOnHold()),
                    steps,
                    Map.of(),
                    why + ": discard the backup artifact, HOLD, re-run from clean");
        }

        CompensationPlan compensate(Phase stopped, String why) {
            // Compensation B only when leg B committed, i.e. the stop came after leg_b_record.
            boolean needsLedgerCompensation = stopped != Phase.LEG_B_RECORD;
            long affected = evidence.ledger(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW);
            if (affected == 0) {
                return escalate("the orchestrator reports " + why
                        + ", but the change set has no affected rows: the report and the evidence disagree");
            }
            // A ledger table written by a phase that did not commit must hold no row of the change
            // set; which phase writes which table is the schema's declared phase ownership.
            PhaseOwnership ownership = evidence.schema().phaseOwnership();
            List<String> unexpected = new ArrayList<>();
            long unexpectedRows = 0;
            for (LogicalTable table : ownership.writtenFrom(stopped)) {
                long rows = evidence.ledger(table);
                if (rows > 0) {
                    unexpected.add(rows + " " + table.defaultName() + " ("
                            + ownership.writer(table).orElseThrow().runbookName() + ")");
                    unexpectedRows += rows;
                }
            }
            if (unexpectedRows > 0) {
                return escalate("the orchestrator reports " + why + " (" + stopped.runbookName()
                        + " rolled back), but " + unexpectedRows
                        + " ledger rows written by phases that did not commit exist for the change set: "
                        + String.join(", ", unexpected) + ": the report and the evidence disagree");
            }
            long enacted = evidence.units(ENACTED);
            if (enacted > 0) {
                return escalate(
                        enacted
                                + " unit(s) of the change set are enacted: enacted state is immutable, refuse and escalate to the sovereign");
            }
            long draft = evidence.units(DRAFT);
            long draftVersions = evidence.versions(DRAFT);
            boolean doA = draft > 0 || draftVersions > 0;
            boolean doB = needsLedgerCompensation && evidence.revertDecisions() == 0;
            if (doA && evidence.revertDecisions() > 0) {
                return escalate(
                        evidence.revertDecisions() + " reverted decision(s) are recorded for the change set, yet "
                                + draft + " units are still draft: the ledger and the data disagree");
            }
            if (!doA && !doB) {
                return nothingToDo("already compensated: no draft unit remains"
                        + (needsLedgerCompensation ? " and a reverted decision is recorded" : ""));
            }
            List<String> missing = missingSchemaFacts();
            if (!missing.isEmpty()) {
                return escalate("the schema is not as the runbook requires: " + String.join("; ", missing));
            }
            return switch (request.mode()) {
                case SOFT_REVERT -> soft(why, doA, doB, draft, draftVersions);
                case HARD_DELETE -> hard(why, doA, doB);
            };
        }

        private CompensationPlan soft(String why, boolean doA, boolean doB, long draft, long draftVersions) {
            String target = request.softRevertStatus();
            if (!evidence.schema().allowedUnitStatuses().contains(target)) {
                throw new InvalidPlanException(
                        request.runId(),
                        "status-allowed",
                        "soft-revert status '" + target + "' is not allowed by the schema: expected one of "
                                + evidence.schema().allowedUnitStatuses().stream()
                                        .sorted()
                                        .toList());
            }
            List<Precondition> preconditions =
                    guardsA(new Precondition.StatusAllowed(LogicalTable.INFORMATION_UNIT, target));
            List<PlanStep> steps = guardSteps(preconditions);
            ChangeSetId cs = request.changeSet();
            if (doA && draftVersions > 0) {
                steps.add(new SoftRevert(
                        LogicalTable.UNIT_VERSION,
                        new RowSelector.OfChangeSet(cs),
                        STATUS_COLUMN,
                        DRAFT,
                        target,
                        draftVersions,
                        Optional.empty()));
            }
            if (doA && draft > 0) {
                steps.add(new SoftRevert(
                        LogicalTable.INFORMATION_UNIT,
                        new RowSelector.OfChangeSet(cs),
                        STATUS_COLUMN,
                        DRAFT,
                        target,
                        draft,
                        Optional.empty()));
            }
            Map<LogicalTable, Long> deltas = new EnumMap<>(LogicalTable.class);
            deltas.put(LogicalTable.INFORMATION_UNIT, 0L);
            deltas.put(LogicalTable.UNIT_VERSION, 0L);
            deltas.put(LogicalTable.IU_LIFECYCLE_LOG, 0L);
            addLedger(doB, steps, deltas);
            String what = (doA ? "compensation A (soft revert to '" + target + "')" : "compensation A already done")
                    + (doB ? " + compensation B (append a reverted decision)" : "");
            return plan(PlanKind.COMPENSATE, withDeltas(preconditions, deltas), steps, deltas, why + ": " + what);
        }

        private CompensationPlan hard(String why, boolean doA, boolean doB) {
            long draft = evidence.units(DRAFT);
            long units = evidence.units();
            long versions = evidence.versions();
            if (doA && (draft != units || evidence.versions(DRAFT) != versions)) {
                return escalate("hard delete is allowed only while every affected row is draft, but " + (units - draft)
                        + " of " + units + " units and " + (versions - evidence.versions(DRAFT)) + " of " + versions
                        + " versions are not draft");
            }
            if (doA && !evidence.schema().hardDeleteBlockers().isEmpty()) {
                return escalate("hard delete refused by the catalog (soft revert stays possible): "
                        + String.join("; ", evidence.schema().hardDeleteBlockers()));
            }
            List<Precondition> preconditions = guardsA(new Precondition.AllUnitsDraft(request.changeSet()));
            if (doA) {
                preconditions.add(new Precondition.NoDownstreamReferences(LogicalTable.INFORMATION_UNIT));
            }
            List<PlanStep> steps = guardSteps(preconditions);
            Map<LogicalTable, Long> deltas = new EnumMap<>(LogicalTable.class);
            deltas.put(LogicalTable.INFORMATION_UNIT, 0L);
            deltas.put(LogicalTable.UNIT_VERSION, 0L);
            deltas.put(LogicalTable.IU_LIFECYCLE_LOG, 0L);
            if (doA) {
                // Child before parent, never CASCADE: log and versions first, the units last.
                RowSelector rows = new RowSelector.OfChangeSet(request.changeSet());
                long log = evidence.lifecycleLogRows();
                if (log > 0) {
                    steps.add(new HardDelete(LogicalTable.IU_LIFECYCLE_LOG, rows, log));
                    deltas.put(LogicalTable.IU_LIFECYCLE_LOG, -log);
                }
                if (versions > 0) {
                    steps.add(new HardDelete(LogicalTable.UNIT_VERSION, rows, versions));
                    deltas.put(LogicalTable.UNIT_VERSION, -versions);
                }
                steps.add(new HardDelete(LogicalTable.INFORMATION_UNIT, rows, units));
                deltas.put(LogicalTable.INFORMATION_UNIT, -units);
            }
            addLedger(doB, steps, deltas);
            String what = (doA ? "compensation A (hard delete, child before parent)" : "compensation A already done")
                    + (doB ? " + compensation B (append a reverted decision)" : "");
            return plan(PlanKind.COMPENSATE, withDeltas(preconditions, deltas), steps, deltas, why + ": " + what);
        }

        private void addLedger(boolean doB, List<PlanStep> steps, Map<LogicalTable, Long> deltas) {
            if (doB) {
                steps.add(new LedgerAppend(new CompensatingDecision(
                        request.changeSet(),
                        request.revertRunId(),
                        "change set " + request.changeSet().value() + " of run "
                                + request.runId().value() + " reverted by run "
                                + request.revertRunId().value())));
                deltas.put(LogicalTable.REVIEW_DECISION, 1L);
            }
        }

        private List<Precondition> guardsA(Precondition extra) {
            List<Precondition> preconditions = new ArrayList<>();
            preconditions.add(new Precondition.NotOnHold());
            preconditions.add(new Precondition.ImmutabilityTriggersEnabled(SchemaFacts.IMMUTABILITY_TRIGGERS));
            preconditions.add(new Precondition.EnactFunctionsPresent(SchemaFacts.ENACT_FUNCTIONS));
            preconditions.add(new Precondition.NoUnitEnacted(request.changeSet()));
            preconditions.add(extra);
            return preconditions;
        }

        private List<String> missingSchemaFacts() {
            List<String> missing = new ArrayList<>();
            for (String trigger : SchemaFacts.IMMUTABILITY_TRIGGERS) {
                Boolean enabled = evidence.schema().triggersEnabled().get(trigger);
                if (enabled == null) {
                    missing.add("trigger " + trigger + " expected present and enabled but is missing");
                } else if (!enabled) {
                    missing.add("trigger " + trigger + " expected enabled but is disabled");
                }
            }
            for (String function : SchemaFacts.ENACT_FUNCTIONS) {
                if (!evidence.schema().functionsPresent().contains(function)) {
                    missing.add("function " + function + " expected present but is missing");
                }
            }
            return missing;
        }

        CompensationPlan nothingToDo(String why) {
            return plan(PlanKind.NOTHING_TO_DO, List.of(), List.of(), Map.of(), why);
        }

        CompensationPlan escalate(String why) {
            return plan(PlanKind.ESCALATE, List.of(), List.of(new Escalate(why), new Hold(why)), Map.of(), why);
        }

        private CompensationPlan plan(
                PlanKind kind,
                List<Precondition> preconditions,
                List<PlanStep> steps,
                Map<LogicalTable, Long> deltas,
                String rationale) {
            return new CompensationPlan(
                    request.runId(),
                    request.revertRunId(),
                    "change set " + request.changeSet().value(),
                    Optional.of(request.changeSet()),
                    kind,
                    request.mode(),
                    preconditions,
                    steps,
                    deltas,
                    rationale);
        }
    }

    private static List<PlanStep> guardSteps(List<Precondition> preconditions) {
        List<PlanStep> steps = new ArrayList<>();
        for (Precondition precondition : preconditions) {
            if (!(precondition instanceof Precondition.NotOnHold)) {
                steps.add(new Guard(precondition));
            }
        }
        return steps;
    }

    private static List<Precondition> withDeltas(List<Precondition> preconditions, Map<LogicalTable, Long> deltas) {
        List<Precondition> all = new ArrayList<>(preconditions);
        deltas.forEach((table, delta) -> all.add(new Precondition.ExactRowDelta(table, delta)));
        return all;
    }

    /** Plans one seed rollback (seed 004). */
    private record Seed(SeedRollbackRequest request, SeedEvidence evidence) {
        static final String DEPRECATED = "deprecated";
        static final String VOID = "void";

        CompensationPlan plan() {
            long parent = evidence.parentMatches();
            long child = evidence.childMatches();
            if (!evidence.identityDifferences().isEmpty()) {
                // RB-P1: the delta's rows are there under its keys, but not as seeded. Neither
                // "already rolled back" nor safe to delete: stop and report each difference.
                return escalate("RB-P1 failed: rows with the delta's keys exist but their identity differs ("
                        + evidence.identityDifferences().stream()
                                .map(SeedEvidence.IdentityDifference::toString)
                                .collect(Collectors.joining("; "))
                        + "): production-state mismatch, STOP and report, do not delete");
            }
            if (parent == 0 && child == 0) {
                return make(
                        PlanKind.NOTHING_TO_DO,
                        Mode.HARD_DELETE,
                        List.of(),
                        List.of(),
                        Map.of(),
                        "RB-P1: neither the parent nor the child row exists: already rolled back (or never seeded)");
            }
            if (parent != 1 || child != 1) {
                return escalate(
                        "RB-P1/RB-P3: expected exactly 1 parent and 1 child row matching the identity but found "
                                + parent + " and " + child
                                + ": production-state mismatch, STOP and report, do not delete");
            }
            long downstream = evidence.downstreamTotal() + evidence.otherChildRows();
            if (downstream > 0) {
                String refs = "downstream references exist ("
                        + evidence.downstreamReferences().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(", "))
                        + (evidence.otherChildRows() > 0
                                ? (evidence.downstreamReferences().isEmpty() ? "" : ", ")
                                        + "other versions of the document=" + evidence.otherChildRows()
                                : "")
                        + ")";
                if (request.pathBRuling().isEmpty()) {
                    return escalate("RB-P2 failed: " + refs
                            + " and path B is not pre-approved: STOP_AND_ESCALATE, no compensating write");
                }
                return pathB(refs);
            }
            return pathA();
        }

        private CompensationPlan pathA() {
            SeedDelta delta = request.delta();
            List<Precondition> preconditions = new ArrayList<>();
            preconditions.add(new Precondition.NotOnHold());
            preconditions.add(new Precondition.IdentityMatch(
                    LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, delta.childIdentity()));
            preconditions.add(
                    new Precondition.IdentityMatch(LogicalTable.SOURCE_DOCUMENT_REGISTRY, delta.parentIdentity()));
            preconditions.add(new Precondition.NoDownstreamReferences(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY));
            preconditions.add(new Precondition.NoDownstreamReferences(LogicalTable.SOURCE_DOCUMENT_REGISTRY));
            List<PlanStep> steps = guardSteps(preconditions);
            // Exact inverse of the seed: child (version) before parent (document), each exactly 1 row.
            steps.add(new HardDelete(
                    LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY,
                    new RowSelector.ByIdentity(delta.childIdentity()),
                    1));
            steps.add(new HardDelete(
                    LogicalTable.SOURCE_DOCUMENT_REGISTRY, new RowSelector.ByIdentity(delta.parentIdentity()), 1));
            Map<LogicalTable, Long> deltas = new EnumMap<>(LogicalTable.class);
            deltas.put(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, -1L);
            deltas.put(LogicalTable.SOURCE_DOCUMENT_REGISTRY, -1L);
            return make(
                    PlanKind.COMPENSATE,
                    Mode.HARD_DELETE,
                    withDeltas(preconditions, deltas),
                    steps,
                    deltas,
                    "RB-P1..RB-P3 hold: path A, clean DELETE of the exact seed delta, child before parent, no CASCADE");
        }

        private CompensationPlan pathB(String refs) {
            SeedDelta delta = request.delta();
            String parentNow = evidence.parentLifecycle().orElse("active");
            String childNow = evidence.childVersionStatus().orElse("cut");
            boolean retire = !DEPRECATED.equals(parentNow);
            boolean voidVersion = request.voidVersionRuling().isPresent() && !VOID.equals(childNow);
            if (!retire && !voidVersion) {
                return make(
                        PlanKind.NOTHING_TO_DO,
                        Mode.SOFT_REVERT,
                        List.of(),
                        List.of(),
                        Map.of(),
                        "path B already applied: the document is deprecated"
                                + (request.voidVersionRuling().isPresent() ? " and the version void" : ""));
            }
            List<Precondition> preconditions = new ArrayList<>();
            preconditions.add(new Precondition.NotOnHold());
            preconditions.add(
                    new Precondition.IdentityMatch(LogicalTable.SOURCE_DOCUMENT_REGISTRY, delta.parentIdentity()));
            if (voidVersion) {
                preconditions.add(new Precondition.IdentityMatch(
                        LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, delta.childIdentity()));
            }
            List<PlanStep> steps = guardSteps(preconditions);
            if (voidVersion) {
                steps.add(new SoftRevert(
                        LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY,
                        new RowSelector.ByIdentity(delta.childIdentity()),
                        "version_status",
                        childNow,
                        VOID,
                        1,
                        Optional.of("rollback run " + request.runId().value() + ": path B, ruling "
                                + request.voidVersionRuling().orElseThrow())));
            }
            if (retire) {
                steps.add(new SoftRevert(
                        LogicalTable.SOURCE_DOCUMENT_REGISTRY,
                        new RowSelector.ByIdentity(delta.parentIdentity()),
                        "lifecycle",
                        parentNow,
                        DEPRECATED,
                        1,
                        Optional.empty()));
            }
            Map<LogicalTable, Long> deltas = new EnumMap<>(LogicalTable.class);
            deltas.put(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, 0L);
            deltas.put(LogicalTable.SOURCE_DOCUMENT_REGISTRY, 0L);
            return make(
                    PlanKind.COMPENSATE,
                    Mode.SOFT_REVERT,
                    withDeltas(preconditions, deltas),
                    steps,
                    deltas,
                    "RB-P2 failed: " + refs + "; path B pre-approved by ruling "
                            + request.pathBRuling().orElseThrow() + ": lifecycle-retire the parent"
                            + (voidVersion ? ", void the version with a rollback note" : "")
                            + " (not a clean rollback)");
        }

        private CompensationPlan escalate(String why) {
            return make(
                    PlanKind.ESCALATE,
                    Mode.HARD_DELETE,
                    List.of(),
                    List.of(new Escalate(why), new Hold(why)),
                    Map.of(),
                    why);
        }

        private CompensationPlan make(
                PlanKind kind,
                Mode mode,
                List<Precondition> preconditions,
                List<PlanStep> steps,
                Map<LogicalTable, Long> deltas,
                String rationale) {
            return new CompensationPlan(
                    request.runId(),
                    request.runId(),
                    request.delta().subject(),
                    Optional.empty(),
                    kind,
                    mode,
                    preconditions,
                    steps,
                    deltas,
                    rationale);
        }
    }
}
