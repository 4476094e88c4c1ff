package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.HoldNotice;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.RunState;
import io.github.cutterrevert.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code status}: the HOLD, the kill switch, the state of the held run (and of any run named) and
 * its escalation bundles. Reads only; exits {@link ExitCode#ON_HOLD} while on HOLD.
 */
@Command(
        name = "status",
        description = "Show the HOLD, the kill switch, run states and escalation bundles. Reads only; "
                + "exit 4 while on HOLD.")
final class StatusCommand extends Action {
    @Option(names = "--run", paramLabel = "RUN", description = "Also show this run (repeat); the held run is shown")
    List<String> runs = new ArrayList<>();

    StatusCommand(Context context) {
        super(context);
    }

    @Override
    ExitCode run(Settings settings, Output output) {
        FailClosed failClosed = settings.failClosed();
        List<HoldNotice> holds = failClosed.holds();
        Optional<HoldNotice> hold = holds.stream().findFirst();
        boolean enabled = failClosed.killSwitch().executionEnabled();
        Set<RunId> shown = new LinkedHashSet<>();
        hold.map(HoldNotice::runId).ifPresent(shown::add);
        runs.forEach(run -> shown.add(RunId.of(run)));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("on_hold", hold.isPresent());
        json.put("rollback_directory", failClosed.rollbackDirectory().toString());
        json.put("locks_directory", failClosed.locksDirectory().toString());
        hold.ifPresent(notice -> json.put("hold", hold(notice)));
        json.put("holds", holds.stream().map(StatusCommand::hold).toList());
        json.put(
                "hold_stores",
                failClosed.holdStores().stream().map(store -> store.location()).toList());
        json.put("execution_enabled", enabled);
        settings.database().ifPresent(db -> json.put("database", db));
        Text text = new Text().title("cutter-revert status");
        text.field("HOLD", hold.map(StatusCommand::describe).orElse("none"));
        for (HoldNotice notice : holds) {
            text.field("HOLD kept in", notice.location() + (notice == hold.get() ? "" : ": " + describe(notice)));
        }
        text.field(
                "HOLD stores",
                String.join(
                        ", ",
                        failClosed.holdStores().stream()
                                .map(store -> store.location())
                                .toList()));
        text.field("kill switch", enabled ? "execution enabled" : "OFF (execution_enabled = false)");
        text.field("rollback dir", failClosed.rollbackDirectory());
        text.field("locks dir", failClosed.locksDirectory());
        text.field("database", settings.database().orElse("(not configured)"));

        List<Map<String, Object>> runReports = new ArrayList<>();
        for (RunId run : shown) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("run", run.value());
            Optional<RunState> state = failClosed.runState().read(run);
            state.ifPresent(s -> {
                report.put("state", s.state().name());
                s.lastError().ifPresent(error -> report.put("last_error", error));
                report.put("updated_at", s.updatedAt().toString());
            });
            Path directory = failClosed.runDirectory(run);
            for (String kind : List.of("pre", "post")) {
                Path snapshot = directory.resolve(kind + ".json");
                report.put(kind + "_json", Files.exists(snapshot) ? snapshot.toString() : null);
            }
            List<String> bundles = failClosed.escalationBundles(run).stream()
                    .map(Path::toString)
                    .toList();
            report.put("escalation_bundles", bundles);
            runReports.add(report);

            text.blank().line("run " + run.value());
            text.field(
                    "  state",
                    state.map(s -> s.state() + " at " + s.updatedAt()).orElse("(none recorded)"));
            state.flatMap(RunState::lastError).ifPresent(error -> text.field("  last error", error));
            text.field("  pre.json", Optional.ofNullable(report.get("pre_json")).orElse("(none)"));
            text.field(
                    "  post.json", Optional.ofNullable(report.get("post_json")).orElse("(none)"));
            text.field("  escalation", bundles.isEmpty() ? "(none)" : bundles.get(bundles.size() - 1));
        }
        json.put("runs", runReports);
        if (hold.isPresent()) {
            text.blank()
                    .line("On HOLD: nothing executes until a human releases it. Read the escalation bundle, decide,")
                    .line("then: release --by <who> --reason <why> [--rearm]");
        }
        output.report(json, text);
        return hold.isPresent() ? ExitCode.ON_HOLD : ExitCode.OK;
    }

    private static Map<String, Object> hold(HoldNotice notice) {
        Map<String, Object> hold = new LinkedHashMap<>();
        hold.put("run", notice.runId().value());
        hold.put("reason", notice.reason());
        hold.put("created_at", notice.createdAt().toString());
        hold.put("location", notice.location());
        return hold;
    }

    private static String describe(HoldNotice notice) {
        return "ON HOLD by run " + notice.runId().value() + " since " + notice.createdAt() + ": " + notice.reason();
    }
}
