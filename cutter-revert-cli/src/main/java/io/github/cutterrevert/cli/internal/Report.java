package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.ChainVerification;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.cli.ExitCode;
import io.github.cutterrevert.jooq.SchemaBinding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The reports several commands share: a plan, a preview, an execution's result, a chain check. */
final class Report {
    private Report() {}

    static Map<String, Object> plan(CompensationPlan plan) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", plan.runId().value());
        json.put("subject", plan.subject());
        plan.changeSet().ifPresent(cs -> json.put("change_set", cs.value()));
        json.put("kind", plan.kind().name());
        json.put("mode", plan.mode().name());
        json.put("revert_run", plan.revertRunId().value());
        json.put("fingerprint", plan.fingerprint().value());
        json.put("writes", plan.writes());
        json.put("hard_deletes", plan.hardDeletes());
        json.put("appends_decision", plan.appendsDecision());
        json.put("rationale", plan.rationale());
        json.put("steps", plan.steps().size());
        json.put("summary", plan.summary());
        return json;
    }

    static Map<String, Long> rows(Map<LogicalTable, Long> rows, SchemaBinding binding) {
        Map<String, Long> named = new LinkedHashMap<>();
        rows.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> named.put(binding.table(e.getKey()).qualified(), e.getValue()));
        return named;
    }

    static void preview(Preview preview, SchemaBinding binding, Map<String, Object> json, Text text) {
        Map<String, Long> rows = rows(preview.rowsAffected(), binding);
        json.put("plan", plan(preview.plan()));
        json.put("rows_affected", rows);
        json.put("rolled_back", true);
        text.title("Preview of " + preview.plan().subject() + " (run "
                        + preview.plan().runId().value() + "): executed, then rolled back")
                .field("kind", preview.plan().kind() + " / " + preview.plan().mode())
                .field("fingerprint", preview.plan().fingerprint().value())
                .blank();
        text.table(List.of("table", "rows that would change"), table(rows));
        text.blank().line("Nothing was written: the transaction was rolled back.");
    }

    static ExitCode result(
            CompensationResult result,
            SchemaBinding binding,
            FailClosed failClosed,
            Map<String, Object> json,
            Text text) {
        ExitCode code = Outcomes.of(result.verdict());
        Map<String, Long> rows = rows(result.rowsAffected(), binding);
        String verdict =
                switch (result.verdict()) {
                    case Verdict.Compensated c -> "COMPENSATED (committed and verified)";
                    case Verdict.NothingToDo n -> "NOTHING TO DO: " + n.reason();
                    case Verdict.Refused r -> "REFUSED (a human must decide; the system is on HOLD): " + r.reason();
                    case Verdict.Failed f -> "FAILED: " + f.error();
                };
        json.put("outcome", code.name().toLowerCase(Locale.ROOT));
        json.put("exit_code", code.code());
        json.put("verdict", result.verdict().getClass().getSimpleName());
        json.put("detail", verdict);
        json.put("plan", plan(result.plan()));
        json.put("rows_affected", rows);
        json.put("statements", result.statements());
        json.put("elapsed_ms", result.elapsed().toMillis());
        text.title("Execution of " + result.plan().subject() + " (run "
                        + result.plan().runId().value() + ")")
                .field("verdict", verdict)
                .field("fingerprint", result.plan().fingerprint().value())
                .field("statements", result.statements())
                .field("elapsed", result.elapsed().toMillis() + " ms");
        if (!rows.isEmpty()) {
            text.blank().table(List.of("table", "rows changed"), table(rows));
        }
        if (result.verdict() instanceof Verdict.Refused) {
            List<String> names = result.escalation()
                    .map(escalation -> List.of(escalation.bundle().toString()))
                    .orElseGet(() -> failClosed.escalationBundles(result.plan().runId()).stream()
                            .map(Path::toString)
                            .toList());
            json.put("escalation_bundles", names);
            text.blank().line("The system is on HOLD. Read the escalation bundle:");
            names.forEach(name -> text.line("  " + name));
            text.line("then decide, and release with: release --by <who> --reason <why> [--rearm]");
        }
        return code;
    }

    static Map<String, Object> chain(ChainVerification chain) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("intact", chain.intact());
        json.put("checked", chain.checked());
        chain.firstBad().ifPresent(bad -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", bad.id());
            entry.put("change_set", bad.changeSet().value());
            entry.put("problem", bad.problem().name());
            entry.put("detail", bad.detail());
            json.put("first_bad", entry);
        });
        return json;
    }

    static List<List<String>> table(Map<String, Long> rows) {
        List<List<String>> table = new ArrayList<>();
        rows.forEach((name, count) -> table.add(List.of(name, String.format(Locale.ROOT, "%,d", count))));
        return table;
    }
}
