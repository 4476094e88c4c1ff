package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.cli.ExitCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code execute}: plans again, checks the approval and executes in one transaction. A refusal or
 * a failure puts the system on HOLD (the library's fail-closed procedure).
 */
abstract class ExecuteAction extends Action {
    @Option(
            names = "--approval",
            paramLabel = "FILE",
            description = "A signed approval file (from approve) of this plan's fingerprint; repeat for the "
                    + "two-person rule")
    List<Path> approvals = new ArrayList<>();

    ExecuteAction(Context context) {
        super(context);
    }

    abstract Subject subject(Settings settings);

    @Override
    ExitCode run(Settings settings, Output output) {
        Authority authority = Action.authority(approvals);
        Subject subject = subject(settings);
        CompensationResult result = subject.execute(authority);
        Map<String, Object> json = new LinkedHashMap<>();
        Text text = new Text();
        ExitCode code = Report.result(result, subject.target().binding(), settings.failClosed(), json, text);
        output.report(json, text);
        return code;
    }
}
