package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.RunId;
import io.github.cutterrevert.Snapshot;
import io.github.cutterrevert.cli.ExitCode;
import io.github.cutterrevert.jooq.SnapshotFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snapshot}: takes the counts, triggers and functions and writes them write-once. */
@Command(
        name = "snapshot",
        description = "Write <rollback>/<run>/pre.json (write-once): counts, trigger states, functions, role.")
final class SnapshotCommand extends Action {
    @Option(names = "--run", required = true, paramLabel = "RUN", description = "The run")
    String run;

    @Option(
            names = "--kind",
            paramLabel = "KIND",
            defaultValue = "pre",
            description = "pre (before the run, the default) or post")
    String kind;

    SnapshotCommand(Context context) {
        super(context);
    }

    @Override
    ExitCode run(Settings settings, Output output) {
        RunId runId = RunId.of(run);
        Snapshot snapshot = settings.target().snapshot(runId, kind);
        Path file = SnapshotFiles.in(settings.rollbackDirectory()).write(snapshot);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", runId.value());
        json.put("kind", snapshot.kind());
        json.put("file", file.toString());
        json.put("taken_at", snapshot.takenAt().toString());
        json.put("role", snapshot.role());
        Map<String, Object> counts = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        snapshot.counts().forEach((table, count) -> {
            switch (count) {
                case Snapshot.TableCount.Counted counted -> {
                    counts.put(table, counted.rows());
                    rows.add(List.of(table, String.format(java.util.Locale.ROOT, "%,d", counted.rows())));
                }
                case Snapshot.TableCount.Unreadable unreadable -> {
                    counts.put(table, Map.of("unreadable", unreadable.sqlState()));
                    rows.add(List.of(table, "unreadable (SQLSTATE " + unreadable.sqlState() + ")"));
                }
            }
        });
        json.put("counts", counts);
        json.put("triggers", snapshot.triggers());
        json.put("functions", snapshot.functions());
        output.report(
                json,
                new Text()
                        .title(snapshot.kind() + ".json of run " + runId.value())
                        .field("written", file)
                        .field("taken", snapshot.takenAt() + " as " + snapshot.role())
                        .blank()
                        .table(List.of("table", "rows"), rows)
                        .blank()
                        .field("triggers", snapshot.triggers())
                        .field("functions", snapshot.functions()));
        return ExitCode.OK;
    }
}
