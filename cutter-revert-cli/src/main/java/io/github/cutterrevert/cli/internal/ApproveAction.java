package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.ApprovalPolicy;
import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.Fingerprint;
import io.github.cutterrevert.InvalidPlanException;
import io.github.cutterrevert.cli.ExitCode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code approve}: records a reviewer's decision approving exactly the fingerprint they reviewed,
 * as an approval file; refuses when the plan read now has another fingerprint.
 */
abstract class ApproveAction extends Action {
    @Option(
            names = "--fingerprint",
            required = true,
            paramLabel = "SHA256",
            description = "The fingerprint you reviewed (from plan or preview)")
    String fingerprint;

    @Option(names = "--by", required = true, paramLabel = "WHO", description = "Who decides")
    String by;

    @Option(
            names = "--decision-id",
            required = true,
            paramLabel = "ID",
            description = "The decision's id in the reviewer's records")
    String decisionId;

    @Option(names = "--reason", required = true, paramLabel = "WHY", description = "Why")
    String reason;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "The approval file to write (must not exist)")
    Path out;

    ApproveAction(Context context) {
        super(context);
    }

    abstract Subject subject(Settings settings);

    @Override
    ExitCode run(Settings settings, Output output) {
        Fingerprint reviewed = Fingerprint.of(fingerprint);
        CompensationPlan plan = subject(settings).plan();
        if (!plan.writes()) {
            throw new InvalidPlanException(
                    plan.runId(),
                    "plan-writes",
                    "expected a plan that writes, to approve, but found " + plan.kind() + ": " + plan.rationale());
        }
        Authority.RecordedDecision decision = Authority.decision(by, decisionId, reason, reviewed, Instant.now());
        // The library's own check: a decision must approve this very plan.
        plan.requireApproval(ApprovalPolicy.REVIEWED, decision);
        Map<String, Object> document = ApprovalFile.document(decision, plan);
        ApprovalFile.write(out, document);
        Map<String, Object> json = new LinkedHashMap<>(document);
        json.put("file", out.toString());
        output.report(
                json,
                new Text()
                        .title("Approval of " + plan.subject() + " (run "
                                + plan.runId().value() + ")")
                        .field("fingerprint", plan.fingerprint().value())
                        .field("kind", plan.kind() + " / " + plan.mode())
                        .field("decided by", decision.decidedBy())
                        .field("decision", decision.decisionId())
                        .field("written", out)
                        .blank()
                        .line("Execute with: execute ... --approval " + out));
        return ExitCode.OK;
    }
}
