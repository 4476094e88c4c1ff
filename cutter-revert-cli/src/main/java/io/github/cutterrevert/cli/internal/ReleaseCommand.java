package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.HoldRelease;
import io.github.cutterrevert.cli.ExitCode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code release}: the explicit, recorded end of a HOLD. */
@Command(
        name = "release",
        description = "Release the HOLD explicitly, recording who and why; --rearm also turns execution back on.")
final class ReleaseCommand extends Action {
    @Option(names = "--by", required = true, paramLabel = "WHO", description = "Who releases it")
    String by;

    @Option(names = "--reason", required = true, paramLabel = "WHY", description = "Why")
    String reason;

    @Option(names = "--rearm", description = "Also re-arm the kill switch (execution_enabled = true)")
    boolean rearm;

    ReleaseCommand(Context context) {
        super(context);
    }

    @Override
    ExitCode run(Settings settings, Output output) {
        HoldRelease release = settings.failClosed().release(by, reason, rearm);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("held_run", release.heldRunId().value());
        json.put("released_by", release.releasedBy());
        json.put("reason", release.reason());
        json.put("released_at", release.releasedAt().toString());
        json.put("kill_switch_rearmed", release.killSwitchRearmed());
        json.put("record", release.record().toString());
        output.report(
                json,
                new Text()
                        .title("HOLD of run " + release.heldRunId().value() + " released")
                        .field("by", release.releasedBy())
                        .field("reason", release.reason())
                        .field("at", release.releasedAt())
                        .field("kill switch", release.killSwitchRearmed() ? "re-armed" : "left off (use --rearm)")
                        .field("record", release.record())
                        .blank()
                        .line("Plan again before executing: the plan is re-derived from the database."));
        return ExitCode.OK;
    }
}
