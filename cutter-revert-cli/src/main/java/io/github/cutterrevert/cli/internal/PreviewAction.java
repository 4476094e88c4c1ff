package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.Preview;
import io.github.cutterrevert.cli.ExitCode;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code preview}: runs the plan in a transaction that is always rolled back; real row counts. */
abstract class PreviewAction extends Action {
    PreviewAction(Context context) {
        super(context);
    }

    abstract Subject subject(Settings settings);

    @Override
    ExitCode run(Settings settings, Output output) {
        Subject subject = subject(settings);
        Preview preview = subject.preview();
        Map<String, Object> json = new LinkedHashMap<>();
        Text text = new Text();
        Report.preview(preview, subject.target().binding(), json, text);
        output.report(json, text);
        return ExitCode.OK;
    }
}
