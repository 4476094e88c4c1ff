package io.github.cutterrevert;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The approvers' public keys, by key id: what a signed {@link Approval} is checked against, and
 * what the {@linkplain DecisionChain chain verifier} checks both the service's signatures and the
 * recorded approvals against.
 *
 * <pre>{@code
 * // one X.509 public key per file: sovereign-2026.pem (or .pub.pem, .der); the key id is the name
 * TrustStore trust = TrustStore.fromDirectory(Path.of("/etc/cutter/approvers"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param keys key id to Ed25519 public key (at least one)
 */
public record TrustStore(Map<String, PublicKey> keys) {

    /** Copies the keys and checks their ids and algorithm. */
    public TrustStore {
        Checks.entries("keys", keys);
        if (keys.isEmpty()) {
            throw new InvalidInputException("keys", "at least one trusted public key", null);
        }
        TreeMap<String, PublicKey> copy = new TreeMap<>();
        keys.forEach((id, key) -> {
            Identifiers.require("keyId", id);
            if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
                throw new InvalidInputException("keys." + id, "an Ed25519 public key", key.getAlgorithm());
            }
            copy.put(id, key);
        });
        keys = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * A trust store of the given keys.
     *
     * @param keys key id to Ed25519 public key
     * @return the trust store
     */
    public static TrustStore of(Map<String, PublicKey> keys) {
        return new TrustStore(keys);
    }

    /**
     * Loads every {@code *.pem} and {@code *.der} file of a directory as an X.509 Ed25519 public
     * key ({@code openssl pkey -in key.pem -pubout}); the key id is the file name without {@code
     * .pem}/{@code .der} and a then trailing {@code .pub} ({@code sovereign-2026.pub.pem} is {@code
     * sovereign-2026}). Other files are ignored.
     *
     * @param directory the directory
     * @return the trust store
     * @throws InvalidInputException if the directory is unreadable, holds no key, a file is not an
     *     Ed25519 public key, or two files give the same key id
     */
    public static TrustStore fromDirectory(Path directory) {
        Checks.nonNull("directory", directory);
        Map<String, PublicKey> keys = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.{pem,der}")) {
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                String name = file.getFileName().toString().replaceFirst("\\.(pem|der)$", "");
                String keyId = name.endsWith(".pub") ? name.substring(0, name.length() - 4) : name;
                if (keys.put(keyId, DecisionSigner.publicKey(file)) != null) {
                    throw new InvalidInputException(
                            "directory", "one file per key id, but two give '" + keyId + "'", directory.toString());
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(
                    "directory", "a readable directory of PEM/DER public keys", directory.toString());
        }
        if (keys.isEmpty()) {
            throw new InvalidInputException(
                    "directory", "at least one *.pem or *.der public key file", directory.toString());
        }
        return new TrustStore(keys);
    }

    /**
     * The key of a key id.
     *
     * @param keyId the key id
     * @return the key, empty when untrusted
     */
    public Optional<PublicKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /**
     * Checks signed approvals of a plan: each approval's key is trusted and its signature verifies,
     * it names this plan (fingerprint, kind, mode, subject, change set, revert run), it is valid at
     * {@code now}, and together they come from at least {@code requiredApprovers} distinct
     * approvers (distinct key ids and distinct approver ids). Whether the decision id was already
     * used is checked by the database target, inside the execution transaction.
     *
     * @param plan the plan about to execute
     * @param approvals the approvals given
     * @param requiredApprovers how many distinct approvers are needed (at least 1)
     * @param now the time to check validity at
     * @throws ApprovalRefusedException naming the first failed check
     */
    public void check(CompensationPlan plan, Authority.SignedApprovals approvals, int requiredApprovers, Instant now) {
        Checks.nonNull("plan", plan);
        Checks.nonNull("approvals", approvals);
        Checks.nonNull("now", now);
        if (requiredApprovers < 1) {
            throw new InvalidInputException("requiredApprovers", "at least 1", Integer.toString(requiredApprovers));
        }
        RunId run = plan.runId();
        Set<String> keyIds = new HashSet<>();
        Set<String> approvers = new HashSet<>();
        for (Approval approval : approvals.approvals()) {
            Approval.Terms terms = approval.terms();
            String decision = terms.decisionId();
            PublicKey key = keys.get(approval.keyId());
            if (key == null) {
                throw new ApprovalRefusedException(
                        run,
                        ApprovalRefusedException.Reason.UNKNOWN_KEY,
                        decision,
                        approval.keyId(),
                        "a key id of the trust store " + keys.keySet(),
                        "'" + approval.keyId() + "'");
            }
            if (!approval.verifiesWith(key)) {
                throw new ApprovalRefusedException(
                        run,
                        ApprovalRefusedException.Reason.BAD_SIGNATURE,
                        decision,
                        approval.keyId(),
                        "a signature over the canonical approval that verifies with the trusted key",
                        "one that does not");
            }
            if (!terms.fingerprint().equals(plan.fingerprint())) {
                throw new ApprovalRefusedException(
                        run,
                        ApprovalRefusedException.Reason.FINGERPRINT_MISMATCH,
                        decision,
                        approval.keyId(),
                        "fingerprint " + plan.fingerprint().value(),
                        terms.fingerprint().value());
            }
            List<String> planned = List.of(
                    plan.kind().name(),
                    plan.mode().name(),
                    plan.subject(),
                    plan.changeSet().map(ChangeSetId::value).orElse(""),
                    plan.revertRunId().value());
            List<String> approved = List.of(
                    terms.kind().name(),
                    terms.mode().name(),
                    terms.subject(),
                    terms.changeSet().map(ChangeSetId::value).orElse(""),
                    terms.revertRunId().value());
            if (!planned.equals(approved)) {
                throw new ApprovalRefusedException(
                        run,
                        ApprovalRefusedException.Reason.SUBJECT_MISMATCH,
                        decision,
                        approval.keyId(),
                        "kind, mode, subject, change set, revert run " + planned,
                        approved.toString());
            }
            if (now.isBefore(terms.issuedAt())) {
                throw new ApprovalRefusedException(
                        run,
                        ApprovalRefusedException.Reason.NOT_YET_VALID,
                        decision,
                        approval.keyId(),
                        "issued-at at or before " + now,
                        terms.issuedAt().toString());
            }
            if (!now.isBefore(terms.expiresAt())) {
                throw new ApprovalRefusedException(
                        run,
                        ApprovalRefusedException.Reason.EXPIRED,
                        decision,
                        approval.keyId(),
                        "expires-at after " + now,
                        terms.expiresAt().toString());
            }
            keyIds.add(approval.keyId());
            approvers.add(terms.approver());
        }
        int distinct = Math.min(keyIds.size(), approvers.size());
        if (distinct < requiredApprovers) {
            throw new ApprovalRefusedException(
                    run,
                    ApprovalRefusedException.Reason.TOO_FEW_APPROVERS,
                    approvals.decisionId(),
                    null,
                    requiredApprovers + " distinct approver(s) (distinct keys and approver ids)",
                    Integer.toString(distinct));
        }
    }

    @Override
    public String toString() {
        return "TrustStore" + keys.keySet();
    }
}
