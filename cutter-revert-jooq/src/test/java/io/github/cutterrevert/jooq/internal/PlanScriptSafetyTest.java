package io.github.cutterrevert.jooq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationPlanner;
import io.github.cutterrevert.CutEvidence;
import io.github.cutterrevert.Fingerprint;
import io.github.cutterrevert.InvalidPlanException;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PhaseOutcome;
import io.github.cutterrevert.PlanKind;
import io.github.cutterrevert.PlanRequest;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.RunHistory;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.SchemaFacts;
import io.github.cutterrevert.SeedEvidence;
import io.github.cutterrevert.SeedRollbackRequest;
import io.github.cutterrevert.jooq.SchemaBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Renders every plan the planner makes for a grid of run histories, evidence, modes and seed
 * rulings, and scans the SQL: nothing may render CASCADE, TRUNCATE, DROP, ALTER, GRANT or REVOKE,
 * nor UPDATE or DELETE of a ledger table.
 */
class PlanScriptSafetyTest {
    private static final Pattern FORBIDDEN =
            Pattern.compile("\\b(CASCADE|TRUNCATE|DROP|ALTER|GRANT|REVOKE)\\b", Pattern.CASE_INSENSITIVE);

    private final SchemaBinding binding = SchemaBinding.defaults();
    private final Statements statements = new Statements(new Model(binding));
    private final Script script = new Script(statements, Duration.ofSeconds(5), Duration.ofSeconds(60));

    @Test
    void noPlanRendersForbiddenSqlOrWritesToTheLedger() {
        Map<String, CompensationPlan> plans = everyPlan();
        assertThat(plans.values().stream().map(CompensationPlan::kind).collect(Collectors.toSet()))
                .as("the grid reaches every plan kind")
                .containsExactlyInAnyOrder(PlanKind.values());
        assertThat(plans.values().stream()
                        .filter(p -> p.kind() == PlanKind.COMPENSATE)
                        .map(CompensationPlan::mode))
                .as("compensating plans in both modes")
                .contains(Mode.SOFT_REVERT, Mode.HARD_DELETE);
        Pattern ledgerWrite = ledgerWrite();
        Authority decision = Authority.decision(
                "sovereign",
                "DEC-1",
                "reviewed",
                Fingerprint.of("0".repeat(64)),
                Instant.parse("2026-05-21T00:00:00Z"));
        for (Map.Entry<String, CompensationPlan> entry : plans.entrySet()) {
            for (Authority authority : List.of(Authority.none(), decision)) {
                String sql = sqlOnly(script.render(entry.getValue(), authority, Plans.referenceForeignKeys()));
                assertThat(FORBIDDEN.matcher(sql).find())
                        .as("forbidden keyword in the plan of %s:%n%s", entry.getKey(), sql)
                        .isFalse();
                assertThat(ledgerWrite.matcher(sql).find())
                        .as("UPDATE/DELETE of a ledger table in the plan of %s:%n%s", entry.getKey(), sql)
                        .isFalse();
            }
        }
    }

    @Test
    void everyWriteIsCheckedForItsExactRowCount() {
        for (CompensationPlan plan : everyPlan().values()) {
            String rendered = script.render(plan, Authority.none(), Plans.referenceForeignKeys());
            for (int i = 0; i < plan.steps().size(); i++) {
                PlanStep step = plan.steps().get(i);
                long expected =
                        switch (step) {
                            case PlanStep.SoftRevert s -> s.expectedRows();
                            case PlanStep.HardDelete d -> d.expectedRows();
                            case PlanStep.LedgerAppend a -> 1;
                            default -> -1;
                        };
                if (expected >= 0 && plan.writes()) {
                    assertThat(rendered)
                            .as("step %d of %s", i + 1, plan.summary())
                            .contains("SELECT 1 AS step" + (i + 1) + "_ok WHERE :ROW_COUNT = " + expected + " \\gset");
                }
            }
            if (plan.writes()) {
                assertThat(rendered)
                        .startsWith("-- cutter-revert compensation script")
                        .contains("\\set ON_ERROR_STOP on\nBEGIN ISOLATION LEVEL REPEATABLE READ;\n")
                        .contains("pg_catalog.pg_try_advisory_xact_lock(")
                        .contains("SELECT 1 AS deltas_hold WHERE ")
                        .endsWith("COMMIT;\n");
            } else {
                assertThat(rendered).doesNotContain("BEGIN").doesNotContain("COMMIT");
            }
        }
    }

    @Test
    void statementsDoNotGrowWithTheNumberOfUnits() {
        for (Mode mode : Mode.values()) {
            PlanRequest request = Plans.request(Phase.WRITE_VERIFY, mode, "withdrawn");
            String few = script.render(
                    CompensationPlanner.plan(request, Plans.draftAfterLegB(3)),
                    Authority.none(),
                    Plans.referenceForeignKeys());
            String many = script.render(
                    CompensationPlanner.plan(request, Plans.draftAfterLegB(100_000)),
                    Authority.none(),
                    Plans.referenceForeignKeys());
            assertThat(many.lines().count())
                    .as(mode.name())
                    .isEqualTo(few.lines().count());
            assertThat(many.length()).as(mode.name()).isLessThan(few.length() + 200);
        }
    }

    /** Only the lines psql sends to the server: comments removed. */
    private static String sqlOnly(String script) {
        return script.lines().filter(line -> !line.startsWith("--")).collect(Collectors.joining("\n"));
    }

    private Pattern ledgerWrite() {
        List<String> names = new ArrayList<>();
        for (LogicalTable table : LogicalTable.values()) {
            if (table.ledger()) {
                SchemaBinding.TableName name = binding.table(table);
                names.add(Pattern.quote("\"" + name.schema() + "\".\"" + name.name() + "\""));
            }
        }
        return Pattern.compile(
                "\\b(update|delete\\s+from)\\s+(" + String.join("|", names) + ")", Pattern.CASE_INSENSITIVE);
    }

    /** Every plan the planner makes over the grid, by a description of its inputs. */
    static Map<String, CompensationPlan> everyPlan() {
        Map<String, CompensationPlan> plans = new LinkedHashMap<>();
        Map<String, CutEvidence> evidence = cutEvidence();
        Map<String, RunHistory> histories = histories();
        for (Map.Entry<String, RunHistory> history : histories.entrySet()) {
            for (Map.Entry<String, CutEvidence> facts : evidence.entrySet()) {
                for (Mode mode : Mode.values()) {
                    for (String status : List.of("withdrawn", "superseded")) {
                        if (mode == Mode.HARD_DELETE && !status.equals("withdrawn")) {
                            continue;
                        }
                        PlanRequest request = new PlanRequest(
                                Plans.RUN, Plans.CS, history.getValue(), mode, status, RunId.of("run-1:revert"));
                        try {
                            plans.put(
                                    history.getKey() + " x " + facts.getKey() + " x " + mode + " " + status,
                                    CompensationPlanner.plan(request, facts.getValue()));
                        } catch (InvalidPlanException e) {
                            // a refused request (e.g. a status the schema does not allow) renders nothing
                        }
                    }
                }
            }
        }
        for (Map.Entry<String, SeedEvidence> facts : seedEvidence().entrySet()) {
            for (int rulings = 0; rulings < 3; rulings++) {
                SeedRollbackRequest request = new SeedRollbackRequest(
                        RunId.of("rollback-1"),
                        Plans.delta(),
                        rulings > 0 ? Optional.of("RB-B-1") : Optional.empty(),
                        rulings > 1 ? Optional.of("RB-B-2") : Optional.empty());
                plans.put(
                        "seed " + facts.getKey() + " x rulings " + rulings,
                        CompensationPlanner.plan(request, facts.getValue()));
            }
        }
        return plans;
    }

    private static Map<String, RunHistory> histories() {
        Map<String, RunHistory> histories = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            histories.put("failed at " + phase.runbookName(), RunHistory.failedAt(phase));
        }
        histories.put("succeeded", RunHistory.succeeded());
        histories.put("not started", new RunHistory(Map.of()));
        histories.put(
                "stopped before write_verify",
                RunHistory.failedAt(Phase.WRITE_VERIFY).withOutcome(Phase.WRITE_VERIFY, PhaseOutcome.NOT_STARTED));
        return histories;
    }

    private static Map<String, CutEvidence> cutEvidence() {
        ChangeSetId cs = Plans.CS;
        Map<String, CutEvidence> evidence = new LinkedHashMap<>();
        evidence.put(
                "nothing", new CutEvidence(cs, false, Map.of(), Map.of(), 0, Map.of(), 0, false, SchemaFacts.intact()));
        evidence.put(
                "backup only",
                new CutEvidence(cs, false, Map.of(), Map.of(), 0, Map.of(), 0, true, SchemaFacts.intact()));
        evidence.put(
                "draft after leg A",
                ledger(Map.of("draft", 3L), Map.of("draft", 4L), 0, false, false, 0, SchemaFacts.intact()));
        evidence.put(
                "draft after leg B",
                ledger(Map.of("draft", 3L), Map.of("draft", 4L), 0, true, false, 0, SchemaFacts.intact()));
        evidence.put(
                "draft after verify",
                ledger(Map.of("draft", 3L), Map.of("draft", 4L), 0, true, true, 0, SchemaFacts.intact()));
        evidence.put(
                "draft with log rows",
                ledger(Map.of("draft", 3L), Map.of("draft", 4L), 2, true, false, 0, SchemaFacts.intact()));
        evidence.put(
                "some enacted",
                ledger(
                        Map.of("draft", 2L, "enacted", 1L),
                        Map.of("draft", 2L, "enacted", 2L),
                        1,
                        true,
                        false,
                        0,
                        SchemaFacts.intact()));
        evidence.put(
                "all enacted",
                ledger(Map.of("enacted", 3L), Map.of("enacted", 4L), 3, true, true, 0, SchemaFacts.intact()));
        evidence.put(
                "compensated",
                ledger(Map.of("withdrawn", 3L), Map.of("withdrawn", 4L), 0, true, false, 1, SchemaFacts.intact()));
        evidence.put("hard-compensated", ledger(Map.of(), Map.of(), 0, true, false, 1, SchemaFacts.intact()));
        evidence.put(
                "soft done, decision missing",
                ledger(Map.of("withdrawn", 3L), Map.of("withdrawn", 4L), 0, true, false, 0, SchemaFacts.intact()));
        SchemaFacts blocked = new SchemaFacts(
                SchemaFacts.intact().triggersEnabled(),
                SchemaFacts.intact().functionsPresent(),
                SchemaFacts.intact().allowedUnitStatuses(),
                List.of("foreign key fk_x of public.t references public.information_unit with ON DELETE CASCADE"));
        evidence.put(
                "hard delete blocked", ledger(Map.of("draft", 3L), Map.of("draft", 3L), 0, true, false, 0, blocked));
        SchemaFacts noTrigger = new SchemaFacts(
                Map.of("trg_iu_enacted_immut", true, "trg_uv_enacted_immut", false),
                SchemaFacts.intact().functionsPresent(),
                Set.of("draft", "enacted", "withdrawn"),
                List.of());
        evidence.put(
                "trigger disabled", ledger(Map.of("draft", 3L), Map.of("draft", 3L), 0, true, false, 0, noTrigger));
        return evidence;
    }

    private static CutEvidence ledger(
            Map<String, Long> units,
            Map<String, Long> versions,
            long log,
            boolean legB,
            boolean verify,
            long reverted,
            SchemaFacts schema) {
        Map<LogicalTable, Long> ledger = new EnumMap<>(LogicalTable.class);
        ledger.put(LogicalTable.CUT_CHANGE_SET, 1L);
        ledger.put(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, 3L);
        for (LogicalTable table : EnumSet.of(LogicalTable.MANIFEST_ENVELOPE, LogicalTable.DOT_PAIR_SIGNATURE)) {
            ledger.put(table, legB ? 1L : 0L);
        }
        ledger.put(LogicalTable.VERIFY_RESULT, verify ? 1L : 0L);
        ledger.put(LogicalTable.REVIEW_DECISION, reverted);
        return new CutEvidence(Plans.CS, true, units, versions, log, ledger, reverted, false, schema);
    }

    private static Map<String, SeedEvidence> seedEvidence() {
        Map<String, SeedEvidence> evidence = new LinkedHashMap<>();
        evidence.put("rolled back", new SeedEvidence(0, 0, 0, Map.of(), Optional.empty(), Optional.empty()));
        evidence.put("clean", new SeedEvidence(1, 1, 0, Map.of(), Optional.of("active"), Optional.of("cut")));
        evidence.put(
                "referenced",
                new SeedEvidence(
                        1, 1, 0, Map.of("public.iu_provenance", 2L), Optional.of("active"), Optional.of("cut")));
        evidence.put("other versions", new SeedEvidence(1, 1, 1, Map.of(), Optional.of("active"), Optional.of("cut")));
        evidence.put(
                "retired",
                new SeedEvidence(
                        1, 1, 0, Map.of("public.iu_provenance", 2L), Optional.of("deprecated"), Optional.of("void")));
        evidence.put("mismatch", new SeedEvidence(2, 1, 0, Map.of(), Optional.empty(), Optional.of("cut")));
        return evidence;
    }
}
