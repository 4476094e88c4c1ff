package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.cli.ExitCode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
            description = "The approval file (from approve) of this plan's fingerprint")
    Path approval;

    ExecuteAction(Context context) {
        super(context);
    }

    abstract Subject subject(Settings settings);

    @Override
    ExitCode run(Settings settings, Output output) {
        Authority authority = approval == null ? Authority.none() : ApprovalFile.read(approval);
        Subject subject = subject(settings);
        CompensationResult result = subject.execute(authority);
        Map<String, Object> json = new LinkedHashMap<>();
        Text text = new Text();
        ExitCode code = Report.result(result, subject.target().binding(), settings.failClosed(), json, text);
        output.report(json, text);
        return code;
    }
}
