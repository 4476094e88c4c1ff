package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.cli.ExitCode;

/** {@code plan}: reads the evidence and prints the plan and its fingerprint; writes nothing. */
abstract class PlanAction extends Action {
    PlanAction(Context context) {
        super(context);
    }

    abstract Subject subject(Settings settings);

    @Override
    ExitCode run(Settings settings, Output output) {
        CompensationPlan plan = subject(settings).plan();
        Text text = new Text().raw(plan.summary());
        if (plan.writes()) {
            text.blank()
                    .line("Review it, preview it, then approve exactly this fingerprint:")
                    .line("  approve ... --fingerprint " + plan.fingerprint().value()
                            + " --by <who> --decision-id <id> --reason <why> --out approval.json");
        }
        output.report(Report.plan(plan), text);
        return ExitCode.OK;
    }
}
