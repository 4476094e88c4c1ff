package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.ChainVerification;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.cli.ExitCode;
import io.github.cutterrevert.jooq.PostgresTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code verify-chain}: checks the signed decision chain with the given public keys. */
@Command(name = "verify-chain", description = "Verify the signed decision chain; exit 7 at the first bad entry.")
final class VerifyChainCommand extends Action {
    @Option(
            names = "--keys",
            required = true,
            paramLabel = "DIR",
            description = "Directory of Ed25519 public keys, one per file named <key-id>.pem (X.509 PEM) or "
                    + "<key-id>.der")
    Path keys;

    @Option(names = "--change-set", paramLabel = "ID", description = "Report the first bad entry of this change set")
    String changeSet;

    VerifyChainCommand(Context context) {
        super(context);
    }

    @Override
    ExitCode run(Settings settings, Output output) {
        Map<String, PublicKey> publicKeys = load(keys);
        PostgresTarget target = settings.target();
        ChainVerification chain = changeSet == null
                ? target.verifyDecisions(publicKeys)
                : target.verifyDecisions(publicKeys, ChangeSetId.of(changeSet));
        Map<String, Object> json = Report.chain(chain);
        json.put("keys", publicKeys.keySet());
        Text text = new Text()
                .title("signed decision chain" + (changeSet == null ? "" : " (change set " + changeSet + ")"));
        text.field("keys", String.join(", ", publicKeys.keySet()));
        text.field(
                "chain",
                chain.firstBad()
                        .map(bad -> "BROKEN at decision " + bad.id() + " of change set "
                                + bad.changeSet().value() + ": " + bad.problem() + " (" + bad.detail() + ")")
                        .orElse("intact (" + chain.checked() + " signed decision(s) checked)"));
        output.report(json, text);
        return chain.intact() ? ExitCode.OK : ExitCode.CHAIN_BROKEN;
    }

    /** Key id (the file name without {@code .pub.pem}, {@code .pem} or {@code .der}) to key. */
    static Map<String, PublicKey> load(Path directory) {
        Map<String, PublicKey> keys = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                String keyId = name.endsWith(".pub.pem")
                        ? name.substring(0, name.length() - 8)
                        : name.endsWith(".pem") || name.endsWith(".der") ? name.substring(0, name.length() - 4) : null;
                if (keyId != null && Files.isRegularFile(file)) {
                    keys.put(keyId, key(file, name.endsWith(".der")));
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(
                    "--keys",
                    "a readable directory of public keys (" + e.getClass().getSimpleName() + ")",
                    directory.toString());
        }
        if (keys.isEmpty()) {
            throw new InvalidInputException(
                    "--keys", "a directory holding at least one <key-id>.pem or <key-id>.der", directory.toString());
        }
        return keys;
    }

    private static PublicKey key(Path file, boolean der) {
        try {
            byte[] encoded = der
                    ? Files.readAllBytes(file)
                    : Base64.getMimeDecoder()
                            .decode(Files.readString(file, StandardCharsets.US_ASCII)
                                    .replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidInputException(
                    "--keys",
                    "Ed25519 public keys in X.509 PEM or DER (" + e.getClass().getSimpleName() + ")",
                    file.getFileName().toString());
        }
    }
}
