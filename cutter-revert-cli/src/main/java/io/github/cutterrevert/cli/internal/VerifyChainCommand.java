package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.ChainVerification;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.TrustStore;
import io.github.cutterrevert.cli.ExitCode;
import io.github.cutterrevert.jooq.PostgresTarget;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code verify-chain}: checks the signed decision chain with the given public keys. */
@Command(name = "verify-chain", description = "Verify the signed decision chain; exit 7 at the first bad entry.")
final class VerifyChainCommand extends Action {
    @Option(
            names = "--keys",
            paramLabel = "DIR",
            description = "The service's and the approvers' Ed25519 public keys, one per file named <key-id>.pem "
                    + "(X.509 PEM) or <key-id>.der (default: the trust store, --trust)")
    Path keys;

    @Option(names = "--change-set", paramLabel = "ID", description = "Report the first bad entry of this change set")
    String changeSet;

    VerifyChainCommand(Context context) {
        super(context);
    }

    @Override
    ExitCode run(Settings settings, Output output) {
        TrustStore trust = keys != null
                ? TrustStore.fromDirectory(keys)
                : settings.trust()
                        .orElseThrow(() -> new InvalidInputException(
                                "--keys",
                                "a directory of public keys (--keys, or --trust / CUTTER_TRUST_DIR / trust.directory)",
                                null));
        PostgresTarget target = settings.target();
        ChainVerification chain = changeSet == null
                ? target.verifyDecisions(trust)
                : target.verifyDecisions(trust, ChangeSetId.of(changeSet));
        Map<String, Object> json = Report.chain(chain);
        json.put("keys", trust.keys().keySet());
        Text text = new Text()
                .title("signed decision chain" + (changeSet == null ? "" : " (change set " + changeSet + ")"));
        text.field("keys", String.join(", ", trust.keys().keySet()));
        text.field(
                "chain",
                chain.firstBad()
                        .map(bad -> "BROKEN at decision " + bad.id() + " of change set "
                                + bad.changeSet().value() + ": " + bad.problem() + " (" + bad.detail() + ")")
                        .orElse("intact (" + chain.checked() + " signed decision(s) checked)"));
        output.report(json, text);
        return chain.intact() ? ExitCode.OK : ExitCode.CHAIN_BROKEN;
    }
}
