package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.PlanStep.HardDelete;
import io.github.cutterrevert.PlanStep.LedgerAppend;
import io.github.cutterrevert.PlanStep.SoftRevert;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Walks every combination of phase-outcome history (all 4^5 = 1024) × evidence shape × mode and
 * soft-revert status × authority × approval policy, and checks the safety invariants of issue 3 on
 * every plan the planner makes. Failures are collected and reported together, each naming its
 * combination.
 */
class PlannerCombinationWalkTest {

    private static final Authority NONE = Authority.none();

    /** The evidence shapes: named, each a plausible or deliberately odd database state. */
    private static Map<String, Supplier<Fixtures.Evidence>> shapes() {
        Map<String, Supplier<Fixtures.Evidence>> shapes = new LinkedHashMap<>();
        shapes.put("empty", Fixtures::empty);
        shapes.put("empty, no backup artifact", () -> Fixtures.empty().backup(false));
        shapes.put("all draft after leg A", () -> Fixtures.afterLegA(4, 2).log(4));
        shapes.put("all draft after leg B", () -> Fixtures.afterLegB(4, 2).log(4));
        shapes.put("all draft after write_verify", () -> Fixtures.afterWriteVerify(4, 2)
                .log(4));
        shapes.put(
                "some enacted",
                () -> Fixtures.afterWriteVerify(2, 2).units("enacted", 2).versions("enacted", 4));
        shapes.put("all enacted", () -> Fixtures.afterWriteVerify(0, 0)
                .units("enacted", 4)
                .versions("enacted", 8)
                .ledger(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, 4));
        shapes.put("soft-reverted after leg A", () -> Fixtures.afterLegA(4, 2).softReverted("withdrawn"));
        shapes.put(
                "soft-reverted after leg B, decision recorded",
                () -> Fixtures.afterLegB(4, 2).softReverted("withdrawn").revertDecisions(1));
        shapes.put(
                "hard-deleted after leg B, decision recorded",
                () -> Fixtures.afterLegB(4, 2).log(4).hardDeleted().revertDecisions(1));
        shapes.put("hard-deleted after leg A", () -> Fixtures.afterLegA(4, 2).hardDeleted());
        shapes.put(
                "draft with a revert decision", () -> Fixtures.afterLegB(4, 2).revertDecisions(1));
        shapes.put("ledger rows only", () -> Fixtures.empty().ledger(LogicalTable.CUT_CHANGE_SET, 1));
        shapes.put(
                "units without affected rows",
                () -> Fixtures.empty().units("draft", 3).versions("draft", 3));
        shapes.put("trigger disabled", () -> Fixtures.afterLegB(4, 2).trigger("trg_iu_enacted_immut", false));
        shapes.put("trigger and function missing", () -> Fixtures.afterLegB(4, 2)
                .trigger("trg_uv_enacted_immut", null)
                .withoutFunction("fn_iu_enact"));
        shapes.put("hard-delete blockers", () -> Fixtures.afterLegB(4, 2).blocker("fk ON DELETE CASCADE"));
        shapes.put(
                "odd statuses mixed with draft",
                () -> Fixtures.afterLegB(4, 2).units("retired", 1).versions("archived", 2));
        shapes.put("odd statuses only", () -> Fixtures.afterLegB(0, 0)
                .units("retired", 2)
                .versions("archived", 2)
                .ledger(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, 2));
        shapes.put("draft versions without units", () -> Fixtures.afterLegB(0, 0)
                .versions("draft", 3)
                .ledger(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, 2));
        shapes.put(
                "schema without withdrawn", () -> Fixtures.afterLegB(4, 2).statuses("draft", "enacted", "superseded"));
        shapes.put("enacted and withdrawn, no draft", () -> Fixtures.afterWriteVerify(0, 0)
                .units("enacted", 2)
                .units("withdrawn", 2)
                .ledger(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, 4));
        return shapes;
    }

    /** Mode and soft-revert status: the default, another allowed one, and hard delete. */
    private record Ask(Mode mode, String status) {
        @Override
        public String toString() {
            return mode == Mode.HARD_DELETE ? "hard" : "soft to " + status;
        }
    }

    private static final List<Ask> ASKS = List.of(
            new Ask(Mode.SOFT_REVERT, "withdrawn"),
            new Ask(Mode.SOFT_REVERT, "superseded"),
            new Ask(Mode.HARD_DELETE, "withdrawn"));

    /** Every map of the five phases to one of the four outcomes. */
    static List<RunHistory> everyHistory() {
        List<RunHistory> histories = new ArrayList<>();
        PhaseOutcome[] outcomes = PhaseOutcome.values();
        Phase[] phases = Phase.values();
        int total = (int) Math.pow(outcomes.length, phases.length);
        for (int n = 0; n < total; n++) {
            Map<Phase, PhaseOutcome> map = new EnumMap<>(Phase.class);
            int rest = n;
            for (Phase phase : phases) {
                map.put(phase, outcomes[rest % outcomes.length]);
                rest /= outcomes.length;
            }
            histories.add(new RunHistory(map));
        }
        return histories;
    }

    /** Independent oracle: committed prefix, then at most one rolled-back phase, then nothing. */
    static boolean consistent(RunHistory history) {
        boolean stopped = false;
        for (Phase phase : Phase.values()) {
            PhaseOutcome outcome = history.outcome(phase);
            if (stopped && outcome != PhaseOutcome.NOT_STARTED) {
                return false;
            }
            if (outcome != PhaseOutcome.COMMITTED) {
                stopped = true;
            }
        }
        return true;
    }

    /** The history in phase order, e.g. {@code [C C C R N]}. */
    static String describe(RunHistory history) {
        StringBuilder out = new StringBuilder("[");
        for (Phase phase : Phase.values()) {
            out.append(out.length() > 1 ? " " : "")
                    .append(history.outcome(phase).name().charAt(0));
        }
        return out.append(']').toString();
    }

    static boolean known(RunHistory history) {
        return !history.outcomes().containsValue(PhaseOutcome.UNKNOWN);
    }

    @Test
    void theHistoriesCoverEveryMapAndEveryConsistentHistory() {
        List<RunHistory> histories = everyHistory();

        assertThat(histories).hasSize(1024).doesNotHaveDuplicates();
        assertThat(histories.stream().filter(h -> known(h) && consistent(h)))
                .as("5 failure points × (rolled back | never started) + the fully committed run")
                .hasSize(11)
                .contains(RunHistory.succeeded())
                .contains(RunHistory.failedAt(Phase.CUT_LEG_A));
    }

    @Test
    void everyCombinationYieldsAPlanOrATypedRefusalAndNoPlanBreaksAnInvariant() {
        List<String> violations = new ArrayList<>();
        Map<String, Integer> tally = new TreeMap<>();
        int combinations = 0;
        for (RunHistory history : everyHistory()) {
            for (Map.Entry<String, Supplier<Fixtures.Evidence>> shape : shapes().entrySet()) {
                CutEvidence evidence = shape.getValue().get().build();
                for (Ask ask : ASKS) {
                    String where = describe(history) + " × " + shape.getKey() + " × " + ask;
                    combinations++;
                    PlanRequest request = Fixtures.request(history, ask.mode(), ask.status());
                    CompensationPlan plan;
                    try {
                        plan = CompensationPlanner.plan(request, evidence);
                    } catch (CutterRevertException e) {
                        tally.merge(e.getClass().getSimpleName() + " " + rule(e), 1, Integer::sum);
                        checkRefusal(history, evidence, ask, e, where, violations);
                        continue;
                    } catch (RuntimeException | Error e) {
                        violations.add(where + ": untyped " + e);
                        continue;
                    }
                    tally.merge(plan.kind().name(), 1, Integer::sum);
                    if (!known(history) || !consistent(history)) {
                        violations.add(where + ": planned " + plan.kind() + " for an unknown or inconsistent history");
                    }
                    checkPlan(plan, history, evidence, ask, where, violations);
                    checkApproval(plan, where, violations);
                    if (!plan.equals(CompensationPlanner.plan(request, evidence))
                            || !plan.fingerprint()
                                    .equals(CompensationPlanner.plan(request, evidence)
                                            .fingerprint())) {
                        violations.add(where + ": planning is not deterministic");
                    }
                }
            }
        }

        assertThat(combinations).isEqualTo(1024 * shapes().size() * ASKS.size());
        assertThat(violations.subList(0, Math.min(30, violations.size())))
                .as("violations (first 30 of %d)", violations.size())
                .isEmpty();
        assertThat(tally)
                .as("the walk reaches every kind of plan and every refusal")
                .containsKeys(
                        "COMPENSATE",
                        "NOTHING_TO_DO",
                        "DISCARD_AND_HOLD",
                        "ESCALATE",
                        "InvalidPlanException outcome-known",
                        "InvalidPlanException history-consistent",
                        "InvalidPlanException status-allowed");
    }

    private static String rule(CutterRevertException e) {
        return e instanceof InvalidPlanException invalid ? invalid.rule() : "";
    }

    private static void checkRefusal(
            RunHistory history,
            CutEvidence evidence,
            Ask ask,
            CutterRevertException e,
            String where,
            List<String> out) {
        String expected;
        if (!known(history)) {
            expected = "outcome-known";
        } else if (!consistent(history)) {
            expected = "history-consistent";
        } else if (ask.mode() == Mode.SOFT_REVERT
                && !evidence.schema().allowedUnitStatuses().contains(ask.status())) {
            expected = "status-allowed";
        } else {
            out.add(where + ": refused a consistent history: " + e);
            return;
        }
        if (!(e instanceof InvalidPlanException invalid) || !invalid.rule().equals(expected)) {
            out.add(where + ": expected InvalidPlanException " + expected + " but got " + e);
        }
    }

    private static void checkPlan(
            CompensationPlan plan, RunHistory history, CutEvidence evidence, Ask ask, String where, List<String> out) {
        List<PlanStep> steps = plan.steps();
        boolean anyWrite = steps.stream().anyMatch(PlanStep::writes);
        switch (plan.kind()) {
            case ESCALATE, NOTHING_TO_DO, DISCARD_AND_HOLD -> {
                if (anyWrite || plan.writes() || !plan.expectedDeltas().isEmpty()) {
                    out.add(where + ": " + plan.kind() + " plan has a writing step or a delta");
                }
            }
            case COMPENSATE -> {
                if (!anyWrite) {
                    out.add(where + ": COMPENSATE plan writes nothing");
                }
            }
        }
        if (plan.kind() == PlanKind.NOTHING_TO_DO && (evidence.units("draft") > 0 || evidence.versions("draft") > 0)) {
            out.add(where + ": nothing to do although draft rows remain");
        }
        if (plan.kind() == PlanKind.DISCARD_AND_HOLD
                && (evidence.units() > 0
                        || evidence.versions() > 0
                        || !evidence.ledgerRows().isEmpty())) {
            out.add(where + ": discard and HOLD although the change set has rows");
        }
        for (PlanStep step : steps) {
            if (step instanceof SoftRevert s && s.table().ledger()) {
                out.add(where + ": soft revert of ledger table " + s.table());
            }
            if (step instanceof HardDelete d && d.table().ledger()) {
                out.add(where + ": hard delete of ledger table " + d.table());
            }
        }
        if (plan.hardDeletes()) {
            if (ask.mode() != Mode.HARD_DELETE || plan.mode() != Mode.HARD_DELETE) {
                out.add(where + ": hard delete without hard mode");
            }
            if (evidence.units() != evidence.units("draft") || evidence.versions() != evidence.versions("draft")) {
                out.add(where + ": hard delete while a unit or version is not draft");
            }
            if (!evidence.schema().hardDeleteBlockers().isEmpty()) {
                out.add(where + ": hard delete despite catalog blockers");
            }
        }
        if (!childBeforeParent(steps)) {
            out.add(where + ": hard deletes not ordered child before parent: " + steps);
        }
        if (plan.writes()
                && steps.stream().takeWhile(step -> !step.writes()).noneMatch(PlanStep.Guard.class::isInstance)) {
            out.add(where + ": writes without a guard first");
        }
        if (plan.writes() && evidence.units("enacted") > 0) {
            out.add(where + ": writes while a unit is enacted");
        }
        boolean legACommitted = history.outcome(Phase.CUT_LEG_A) == PhaseOutcome.COMMITTED;
        boolean legBCommitted = history.outcome(Phase.LEG_B_RECORD) == PhaseOutcome.COMMITTED;
        if (plan.writes() && !legACommitted) {
            out.add(where + ": writes although leg A never committed");
        }
        boolean appends = steps.stream().anyMatch(LedgerAppend.class::isInstance);
        if (appends && !legBCommitted) {
            out.add(where + ": compensation B although leg B never committed");
        }
        if (steps.stream().filter(LedgerAppend.class::isInstance).count() > 1) {
            out.add(where + ": more than one compensating decision");
        }
        for (PlanStep step : steps) {
            if (step instanceof HardDelete d
                    && !plan.expectedDeltas().getOrDefault(d.table(), 0L).equals(-d.expectedRows())) {
                out.add(where + ": delta of " + d.table() + " does not match its delete");
            }
            if (step instanceof LedgerAppend a
                    && (!a.decision().changeSet().equals(Fixtures.CS)
                            || !a.decision().revertRunId().equals(Fixtures.REVERT_RUN))) {
                out.add(where + ": the compensating decision names the wrong change set or revert run");
            }
        }
        if (plan.writes()) {
            for (Map.Entry<LogicalTable, Long> delta : plan.expectedDeltas().entrySet()) {
                if (!plan.preconditions().contains(new Precondition.ExactRowDelta(delta.getKey(), delta.getValue()))) {
                    out.add(where + ": expected delta of " + delta.getKey() + " is not re-checked");
                }
            }
        }
    }

    /** Parents are deleted only after every child of theirs that the plan deletes. */
    static boolean childBeforeParent(List<PlanStep> steps) {
        Map<LogicalTable, List<LogicalTable>> children = Map.of(
                LogicalTable.INFORMATION_UNIT, List.of(LogicalTable.UNIT_VERSION, LogicalTable.IU_LIFECYCLE_LOG),
                LogicalTable.SOURCE_DOCUMENT_REGISTRY, List.of(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY));
        List<LogicalTable> deleted = new ArrayList<>();
        for (PlanStep step : steps) {
            if (step instanceof HardDelete d) {
                deleted.add(d.table());
            }
        }
        for (int i = 0; i < deleted.size(); i++) {
            List<LogicalTable> mine = children.getOrDefault(deleted.get(i), List.of());
            for (int j = i + 1; j < deleted.size(); j++) {
                if (mine.contains(deleted.get(j))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void checkApproval(CompensationPlan plan, String where, List<String> out) {
        Authority matching = Fixtures.approving(plan);
        Authority wrong = Fixtures.approving(Fixtures.otherFingerprint());
        for (ApprovalPolicy policy : ApprovalPolicy.values()) {
            if (!passes(plan, policy, matching)) {
                out.add(where + ": a matching decision is refused under " + policy);
            }
            if (plan.hardDeletes() && (passes(plan, policy, NONE) || passes(plan, policy, wrong))) {
                out.add(where + ": hard delete passes without a decision approving it under " + policy);
            }
            if (plan.writes() && passes(plan, policy, wrong)) {
                out.add(where + ": a decision approving another plan passes under " + policy);
            }
            if (plan.writes() && policy == ApprovalPolicy.REVIEWED && passes(plan, policy, NONE)) {
                out.add(where + ": a writing plan passes REVIEWED without a decision");
            }
            if (!plan.writes() && !passes(plan, policy, NONE)) {
                out.add(where + ": a plan writing nothing needs approval");
            }
        }
        boolean automaticWithout = passes(plan, ApprovalPolicy.AUTOMATIC_SOFT_REVERT, NONE);
        if (plan.writes() && automaticWithout == plan.hardDeletes()) {
            out.add(where + ": AUTOMATIC_SOFT_REVERT must pass exactly the soft plans without a decision");
        }
    }

    private static boolean passes(CompensationPlan plan, ApprovalPolicy policy, Authority authority) {
        try {
            plan.requireApproval(policy, authority);
            return true;
        } catch (NotApprovedException e) {
            return false;
        }
    }

    @Test
    void everySeedCombinationYieldsAPlanOrATypedRefusalAndNoPlanBreaksAnInvariant() {
        List<String> violations = new ArrayList<>();
        List<Optional<String>> lifecycles = List.of(Optional.empty(), Optional.of("active"), Optional.of("deprecated"));
        List<Optional<String>> versionStatuses = List.of(Optional.empty(), Optional.of("cut"), Optional.of("void"));
        List<Map<String, Long>> references =
                List.of(Map.of(), Map.of("public.iu_provenance", 2L), Map.of("x", 0L, "manifest_unit_block", 1L));
        List<Optional<String>> pathB = List.of(Optional.empty(), Optional.of("RB-B-1"));
        List<Optional<String>> voids = List.of(Optional.empty(), Optional.of("RB-B-VOID-1"));
        int plans = 0;
        for (long parent = 0; parent <= 2; parent++) {
            for (long child = 0; child <= 2; child++) {
                for (long others = 0; others <= 1; others++) {
                    for (Map<String, Long> refs : references) {
                        for (Optional<String> lifecycle : lifecycles) {
                            for (Optional<String> status : versionStatuses) {
                                SeedEvidence evidence =
                                        new SeedEvidence(parent, child, others, refs, lifecycle, status);
                                for (Optional<String> b : pathB) {
                                    for (Optional<String> v : voids) {
                                        String where = "parent=" + parent + " child=" + child + " others=" + others
                                                + " refs=" + refs + " lifecycle=" + lifecycle + " status=" + status
                                                + " pathB=" + b + " void=" + v;
                                        SeedRollbackRequest request;
                                        CompensationPlan plan;
                                        try {
                                            request = new SeedRollbackRequest(
                                                    RunId.of("rollback-1"), Fixtures.constitutionSeed(), b, v);
                                            plan = CompensationPlanner.plan(request, evidence);
                                        } catch (InvalidPlanException e) {
                                            if (!(v.isPresent() && b.isEmpty())) {
                                                violations.add(where + ": unexpected " + e);
                                            }
                                            continue;
                                        } catch (RuntimeException | Error e) {
                                            violations.add(where + ": untyped " + e);
                                            continue;
                                        }
                                        plans++;
                                        checkSeedPlan(plan, evidence, b, v, where, violations);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        assertThat(plans).isPositive();
        assertThat(violations.subList(0, Math.min(30, violations.size())))
                .as("violations (first 30 of %d)", violations.size())
                .isEmpty();
    }

    private static void checkSeedPlan(
            CompensationPlan plan,
            SeedEvidence evidence,
            Optional<String> pathB,
            Optional<String> voidRuling,
            String where,
            List<String> out) {
        boolean exact = evidence.parentMatches() == 1 && evidence.childMatches() == 1;
        boolean referenced = evidence.downstreamTotal() + evidence.otherChildRows() > 0;
        if (plan.kind() != PlanKind.COMPENSATE && plan.writes()) {
            out.add(where + ": " + plan.kind() + " writes");
        }
        if (plan.writes() && !exact) {
            out.add(where + ": writes without an exact identity match");
        }
        if (plan.hardDeletes() && referenced) {
            out.add(where + ": deletes although downstream references exist");
        }
        if (referenced && exact && pathB.isEmpty() && plan.kind() != PlanKind.ESCALATE) {
            out.add(where + ": references without a path B ruling must escalate");
        }
        boolean voids = plan.steps().stream()
                .anyMatch(step ->
                        step instanceof SoftRevert s && s.table() == LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY);
        if (voids && voidRuling.isEmpty()) {
            out.add(where + ": voids the version without its ruling");
        }
        if (!childBeforeParent(plan.steps())) {
            out.add(where + ": not child before parent");
        }
        for (PlanStep step : plan.steps()) {
            if (step instanceof HardDelete d && d.expectedRows() != 1) {
                out.add(where + ": a seed delete expects " + d.expectedRows() + " rows, not exactly 1");
            }
            if (step instanceof PlanStep.LedgerAppend || step instanceof PlanStep.DiscardBackup) {
                out.add(where + ": a seed plan touches the ledger or an artifact");
            }
        }
        for (ApprovalPolicy policy : ApprovalPolicy.values()) {
            if (plan.writes() && passes(plan, policy, NONE)) {
                out.add(where + ": a writing seed plan passes without a decision under " + policy);
            }
        }
    }

    @Test
    void aStepOnALedgerTableCannotBeConstructed() {
        for (LogicalTable table : LogicalTable.values()) {
            if (!table.ledger()) {
                continue;
            }
            RowSelector rows = new RowSelector.OfChangeSet(Fixtures.CS);
            assertThatThrownBy(() -> new HardDelete(table, rows, 1))
                    .as("hard delete of %s", table)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                            .isEqualTo("table"));
            assertThatThrownBy(() -> new SoftRevert(table, rows, "status", "a", "b", 1, Optional.empty()))
                    .as("soft revert of %s", table)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("append-only");
        }
    }
}
