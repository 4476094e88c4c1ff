package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.Approval;
import io.github.cutterrevert.ApprovalPolicy;
import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.Fingerprint;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.InvalidPlanException;
import io.github.cutterrevert.cli.ExitCode;
import io.github.cutterrevert.jooq.ApprovalFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code approve}: the approver signs, with their own Ed25519 key, an approval of exactly the
 * fingerprint they reviewed ({@link Approval#sign}), written as an approval file ({@link
 * ApprovalFile}); refused when the plan read now has another fingerprint.
 */
abstract class ApproveAction extends Action {
    static final String ENV_APPROVER_KEY = "CUTTER_APPROVER_KEY_FILE";
    static final String ENV_APPROVER_KEY_ID = "CUTTER_APPROVER_KEY_ID";

    @Option(
            names = "--fingerprint",
            required = true,
            paramLabel = "SHA256",
            description = "The fingerprint you reviewed (from plan or preview)")
    String fingerprint;

    @Option(names = "--by", required = true, paramLabel = "WHO", description = "Who approves")
    String by;

    @Option(
            names = "--decision-id",
            required = true,
            paramLabel = "ID",
            description = "The decision's id in the reviewer's records (usable once in the ledger)")
    String decisionId;

    @Option(names = "--reason", required = true, paramLabel = "WHY", description = "Why")
    String reason;

    @Option(
            names = "--key",
            paramLabel = "FILE",
            description =
                    "The approver's own PKCS#8 Ed25519 private key, PEM or DER (default: $" + ENV_APPROVER_KEY + ")")
    Path key;

    @Option(
            names = "--key-id",
            paramLabel = "ID",
            description = "The id of that key in the executor's trust store (default: $" + ENV_APPROVER_KEY_ID + ")")
    String keyId;

    @Option(
            names = "--valid-for",
            paramLabel = "DURATION",
            defaultValue = "4h",
            description = "How long the approval stays valid from now, e.g. 30m, 4h, PT8H (default: 4h)")
    String validFor;

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
        Duration validity = validity(validFor);
        DecisionSigner approverKey = approverKey();
        CompensationPlan plan = subject(settings).plan();
        if (!plan.writes()) {
            throw new InvalidPlanException(
                    plan.runId(),
                    "plan-writes",
                    "expected a plan that writes, to approve, but found " + plan.kind() + ": " + plan.rationale());
        }
        Instant now = Instant.now();
        // The library's own check that a decision approves this very plan: the plan read now must be
        // the one the approver reviewed.
        plan.requireApproval(ApprovalPolicy.REVIEWED, Authority.decision(by, decisionId, reason, reviewed, now));
        Approval approval =
                Approval.sign(Approval.Terms.of(plan, decisionId, by, reason, now, now.plus(validity)), approverKey);
        ApprovalFile.write(approval, out);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", out.toString());
        json.put("fingerprint", approval.terms().fingerprint().value());
        json.put("kind", approval.terms().kind().name());
        json.put("mode", approval.terms().mode().name());
        json.put("subject", approval.terms().subject());
        json.put("decision_id", approval.terms().decisionId());
        json.put("approver", approval.terms().approver());
        json.put("key_id", approval.keyId());
        json.put("issued_at", approval.terms().issuedAt().toString());
        json.put("expires_at", approval.terms().expiresAt().toString());
        output.report(
                json,
                new Text()
                        .title("Signed approval of " + plan.subject() + " (run "
                                + plan.runId().value() + ")")
                        .field("fingerprint", plan.fingerprint().value())
                        .field("kind", plan.kind() + " / " + plan.mode())
                        .field("approver", approval.terms().approver() + " (key " + approval.keyId() + ")")
                        .field("decision", approval.terms().decisionId())
                        .field(
                                "valid",
                                approval.terms().issuedAt() + " to "
                                        + approval.terms().expiresAt())
                        .field("written", out)
                        .blank()
                        .line("Hand it to the operator: execute ... --approval " + out));
        return ExitCode.OK;
    }

    private DecisionSigner approverKey() {
        Optional<Path> file =
                Optional.ofNullable(key).or(() -> context.env(ENV_APPROVER_KEY).map(Path::of));
        Optional<String> id = Optional.ofNullable(keyId).or(() -> context.env(ENV_APPROVER_KEY_ID));
        if (file.isEmpty() || id.isEmpty()) {
            throw new InvalidInputException(
                    file.isEmpty() ? "--key" : "--key-id",
                    "the approver's own key and its id (--key and --key-id, or " + ENV_APPROVER_KEY + " and "
                            + ENV_APPROVER_KEY_ID + "): an approval is a signature",
                    null);
        }
        return DecisionSigner.fromPkcs8(id.get(), file.get());
    }

    private static Duration validity(String text) {
        Duration duration = Settings.duration("--valid-for", text);
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidInputException("--valid-for", "a positive duration", text);
        }
        return duration;
    }
}
