package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.LedgerDecision;
import io.github.cutterrevert.cli.ExitCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code decisions}: the ledger's review decisions, in ledger order. */
@Command(name = "decisions", description = "List the ledger's review decisions, signed or not, in ledger order.")
final class DecisionsCommand extends Action {
    @Option(names = "--change-set", paramLabel = "ID", description = "Only this change set's decisions")
    String changeSet;

    DecisionsCommand(Context context) {
        super(context);
    }

    @Override
    ExitCode run(Settings settings, Output output) {
        ChangeSetId only = changeSet == null ? null : ChangeSetId.of(changeSet);
        List<LedgerDecision> decisions = settings.target().decisions().stream()
                .filter(d -> only == null || d.changeSet().equals(only))
                .toList();
        List<Map<String, Object>> json = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (LedgerDecision d : decisions) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", d.id());
            entry.put("change_set", d.changeSet().value());
            entry.put("decision", d.decision());
            entry.put("decided_by", d.decidedBy());
            entry.put("revert_run", d.revertRunId().orElse(null));
            entry.put("decided_at", d.decidedAt().toString());
            entry.put("key_id", d.keyId().orElse(null));
            entry.put("signed", d.signed());
            json.add(entry);
            rows.add(List.of(
                    Long.toString(d.id()),
                    d.changeSet().value(),
                    d.decision(),
                    d.decidedBy(),
                    d.revertRunId().orElse("-"),
                    d.decidedAt().toString(),
                    d.keyId().orElse("UNSIGNED")));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("decisions", json);
        Text text = new Text().title("review decisions" + (only == null ? "" : " of change set " + only.value()));
        if (rows.isEmpty()) {
            text.line("(none)");
        } else {
            text.table(List.of("id", "change set", "decision", "decided by", "revert run", "decided at", "key"), rows);
        }
        output.report(document, text);
        return ExitCode.OK;
    }
}
