package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.cli.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code script}: the plan as the psql script a reviewer reads (and could run by hand). */
abstract class ScriptAction extends Action {
    @Option(
            names = "--approval",
            paramLabel = "FILE",
            description = "Render the compensating decision with these signed approvals (repeat for several)")
    List<Path> approvals = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write the script to this new file instead of standard output")
    Path out;

    ScriptAction(Context context) {
        super(context);
    }

    abstract Subject subject(Settings settings);

    @Override
    ExitCode run(Settings settings, Output output) {
        Subject subject = subject(settings);
        CompensationPlan plan = subject.plan();
        Authority authority = Action.authority(approvals);
        String script = subject.target().render(plan, authority);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", plan.runId().value());
        json.put("fingerprint", plan.fingerprint().value());
        if (out != null) {
            try {
                Files.writeString(out, script, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            } catch (IOException e) {
                throw new InvalidInputException(
                        "--out", "a new, writable file (" + e.getClass().getSimpleName() + ")", out.toString());
            }
            json.put("file", out.toString());
            output.report(json, new Text().line("psql script of " + plan.subject() + " written to " + out));
        } else {
            json.put("script", script);
            output.report(json, new Text().raw(script));
        }
        return ExitCode.OK;
    }
}
