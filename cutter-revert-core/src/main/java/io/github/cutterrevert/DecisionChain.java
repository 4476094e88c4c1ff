package io.github.cutterrevert;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signed chain of compensating decisions: each signed {@code review_decision} is signed with
 * Ed25519 over a canonical encoding that includes its key id and the hash of the previous signed
 * decision, so a flipped byte, a deleted or reordered row, or an unknown or wrong key is found.
 *
 * <pre>{@code
 * ChainVerification result = DecisionChain.verify(decisions, Map.of("revert-2026", publicKey));
 * result.firstBad().ifPresent(bad -> System.out.println(bad.id() + ": " + bad.problem()));
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class DecisionChain {
    /** The {@code prev_hash} of the first signed decision. */
    public static final String GENESIS = "0".repeat(64);

    private static final String ENCODING_VERSION = "cutter-revert-decision/1";
    private static final String ENCODING_VERSION_APPROVED = "cutter-revert-decision/2";

    private DecisionChain() {}

    /**
     * The canonical encoding that is signed: every field length-prefixed, the instant truncated to
     * microseconds.
     *
     * @param changeSet the change set
     * @param decision the decision
     * @param decidedBy who decided
     * @param revertRunId the revert run, may be empty
     * @param note the note
     * @param decidedAt when
     * @param keyId the key id
     * @param prevHash the previous signed decision's hash
     * @return the bytes to sign
     */
    public static byte[] canonical(
            ChangeSetId changeSet,
            String decision,
            String decidedBy,
            Optional<String> revertRunId,
            String note,
            Instant decidedAt,
            String keyId,
            String prevHash) {
        return canonical(
                changeSet, decision, decidedBy, revertRunId, note, Optional.empty(), decidedAt, keyId, prevHash);
    }

    /**
     * The canonical encoding of a decision that may record signed approvals: without approvals it
     * is the version 1 encoding above; with approvals it is version 2 ({@code
     * cutter-revert-decision/2}), which adds an {@code approvals} field (their {@linkplain
     * Approval#ledgerForm ledger form}) after the note, so the service's signature covers them too.
     *
     * @param changeSet the change set
     * @param decision the decision
     * @param decidedBy who decided
     * @param revertRunId the revert run, may be empty
     * @param note the note
     * @param approvals the approvals' ledger form, may be empty
     * @param decidedAt when
     * @param keyId the key id
     * @param prevHash the previous signed decision's hash
     * @return the bytes to sign
     */
    public static byte[] canonical(
            ChangeSetId changeSet,
            String decision,
            String decidedBy,
            Optional<String> revertRunId,
            String note,
            Optional<String> approvals,
            Instant decidedAt,
            String keyId,
            String prevHash) {
        StringBuilder out = new StringBuilder();
        field(out, "encoding", approvals.isPresent() ? ENCODING_VERSION_APPROVED : ENCODING_VERSION);
        field(out, "change-set", changeSet.value());
        field(out, "decision", decision);
        field(out, "decided-by", decidedBy);
        field(out, "revert-run", revertRunId.orElse(""));
        field(out, "note", note);
        approvals.ifPresent(text -> field(out, "approvals", text));
        field(out, "decided-at", decidedAt.truncatedTo(ChronoUnit.MICROS).toString());
        field(out, "key-id", keyId);
        field(out, "prev-hash", prevHash);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Signs a decision's canonical encoding.
     *
     * @param signer the key
     * @param canonical the canonical encoding
     * @return the Base64 signature
     */
    public static String sign(DecisionSigner signer, byte[] canonical) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(signer.privateKey());
            signature.update(canonical);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("signer", "an Ed25519 key that can sign", signer.keyId());
        }
    }

    /**
     * The hash a signed decision contributes to the chain: SHA-256 over its canonical encoding and
     * its signature, in lower-case hex.
     *
     * @param decision a signed decision
     * @return the hash the next signed decision must name as {@code prev_hash}
     */
    public static String hash(LedgerDecision decision) {
        return hash(canonicalOf(decision), decision.signature().orElse(""));
    }

    /**
     * The chain hash of a canonical encoding and its signature.
     *
     * @param canonical the canonical encoding
     * @param signature the Base64 signature
     * @return the lower-case hex SHA-256
     */
    public static String hash(byte[] canonical, String signature) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(canonical);
            digest.update((byte) '\n');
            digest.update(signature.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /**
     * Verifies the whole chain: the signed decisions in ledger order.
     *
     * @param decisions the ledger's decisions in id order (unsigned ones are skipped)
     * @param keys key id to Ed25519 public key
     * @return the verification, naming the first bad entry
     */
    public static ChainVerification verify(List<LedgerDecision> decisions, Map<String, PublicKey> keys) {
        return verify(decisions, keys, Optional.empty());
    }

    /**
     * Verifies the chain and reports the first bad entry of one change set (entries of other
     * change sets are checked as links but not reported).
     *
     * @param decisions the ledger's decisions in id order
     * @param keys key id to Ed25519 public key
     * @param changeSet the change set to report on
     * @return the verification
     */
    public static ChainVerification verify(
            List<LedgerDecision> decisions, Map<String, PublicKey> keys, ChangeSetId changeSet) {
        return verify(decisions, keys, Optional.of(Checks.nonNull("changeSet", changeSet)));
    }

    private static ChainVerification verify(
            List<LedgerDecision> decisions, Map<String, PublicKey> keys, Optional<ChangeSetId> only) {
        Checks.nonNull("decisions", decisions);
        Checks.nonNull("keys", keys);
        String expectedPrev = GENESIS;
        long previousId = Long.MIN_VALUE;
        int checked = 0;
        Map<String, Long> approvalUses = new java.util.HashMap<>();
        for (LedgerDecision decision : decisions) {
            if (decision.id() <= previousId) {
                return bad(
                        checked,
                        decision,
                        ChainVerification.Problem.OUT_OF_ORDER,
                        "ids must ascend but " + decision.id() + " follows " + previousId);
            }
            previousId = decision.id();
            Optional<ApprovalProblem> badApproval = approvalProblem(decision, keys, approvalUses);
            if (badApproval.isPresent() && reported(decision, only)) {
                return bad(
                        decision.signed() ? checked + 1 : checked,
                        decision,
                        badApproval.get().problem(),
                        badApproval.get().detail());
            }
            if (!decision.signed()) {
                if (compensating(decision) && reported(decision, only)) {
                    return bad(
                            checked,
                            decision,
                            ChainVerification.Problem.UNSIGNED,
                            "a compensating decision must be signed");
                }
                continue;
            }
            boolean report = reported(decision, only);
            checked++;
            String keyId = decision.keyId().orElse("");
            PublicKey key = keys.get(keyId);
            if (key == null) {
                if (report) {
                    return bad(
                            checked,
                            decision,
                            ChainVerification.Problem.UNKNOWN_KEY,
                            "no public key for key id '" + keyId + "'");
                }
            } else if (!signatureValid(decision, key)) {
                if (report) {
                    return bad(
                            checked,
                            decision,
                            ChainVerification.Problem.BAD_SIGNATURE,
                            "the signature does not verify with key '" + keyId + "'");
                }
            }
            String prev = decision.prevHash().orElse("");
            if (!prev.equals(expectedPrev) && report) {
                return bad(
                        checked,
                        decision,
                        ChainVerification.Problem.BROKEN_LINK,
                        "expected prev_hash " + expectedPrev + " but found " + prev
                                + " (a signed decision was deleted, reordered or altered before it)");
            }
            expectedPrev = hash(decision);
        }
        return new ChainVerification(checked, Optional.empty());
    }

    private record ApprovalProblem(ChainVerification.Problem problem, String detail) {}

    /**
     * Checks the approvals recorded with a decision: each one's key is trusted and its signature
     * verifies over the recorded bytes, it names this decision's change set, revert run, plan and
     * decision id, and its decision id was not used by an earlier decision (recorded in {@code
     * uses}).
     */
    private static Optional<ApprovalProblem> approvalProblem(
            LedgerDecision decision, Map<String, PublicKey> keys, Map<String, Long> uses) {
        if (decision.approvals().isEmpty()) {
            return Optional.empty();
        }
        List<Approval> approvals;
        try {
            approvals = Approval.fromLedgerForm(decision.approvals().get());
        } catch (InvalidInputException e) {
            return Optional.of(new ApprovalProblem(
                    ChainVerification.Problem.APPROVAL_BAD_SIGNATURE,
                    "the recorded approvals are malformed: " + e.expected()));
        }
        String decisionId = approvals.get(0).terms().decisionId();
        for (Approval approval : approvals) {
            Approval.Terms terms = approval.terms();
            PublicKey key = keys.get(approval.keyId());
            if (key == null) {
                return Optional.of(new ApprovalProblem(
                        ChainVerification.Problem.APPROVAL_UNKNOWN_KEY,
                        "no public key for approval key id '" + approval.keyId() + "'"));
            }
            if (!approval.verifiesWith(key)) {
                return Optional.of(new ApprovalProblem(
                        ChainVerification.Problem.APPROVAL_BAD_SIGNATURE,
                        "the approval " + terms.decisionId() + " does not verify with key '" + approval.keyId() + "'"));
            }
            List<String> recorded = List.of(
                    decision.changeSet().value(),
                    decision.revertRunId().orElse(""),
                    Boolean.toString(decision.note()
                            .contains("[plan " + terms.fingerprint().value() + "]")),
                    Boolean.toString(decision.note().contains("[decision " + terms.decisionId() + "]")),
                    decisionId);
            List<String> approved = List.of(
                    terms.changeSet().map(ChangeSetId::value).orElse(""),
                    terms.revertRunId().value(),
                    "true",
                    "true",
                    terms.decisionId());
            if (!recorded.equals(approved)) {
                return Optional.of(new ApprovalProblem(
                        ChainVerification.Problem.APPROVAL_MISMATCH,
                        "the approval " + terms.decisionId() + " approves change set "
                                + terms.changeSet().map(ChangeSetId::value).orElse("(none)") + ", revert run "
                                + terms.revertRunId().value() + ", plan "
                                + terms.fingerprint().shortForm()
                                + " but is recorded with change set "
                                + decision.changeSet().value() + ", revert run "
                                + decision.revertRunId().orElse("(none)") + " and a note naming another plan or"
                                + " decision"));
            }
        }
        Long earlier = uses.putIfAbsent(decisionId, decision.id());
        if (earlier != null) {
            return Optional.of(new ApprovalProblem(
                    ChainVerification.Problem.APPROVAL_REUSED,
                    "decision " + decisionId + " was already used by decision " + earlier));
        }
        return Optional.empty();
    }

    /**
     * Whether a row is a compensating decision: it says {@code reverted}, or it names a revert run
     * (only compensating decisions do, and a binding may call {@code reverted} something else).
     */
    private static boolean compensating(LedgerDecision decision) {
        return CompensatingDecision.REVERTED.equals(decision.decision())
                || decision.revertRunId().isPresent();
    }

    private static boolean reported(LedgerDecision decision, Optional<ChangeSetId> only) {
        return only.isEmpty() || only.get().equals(decision.changeSet());
    }

    private static boolean signatureValid(LedgerDecision decision, PublicKey key) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(canonicalOf(decision));
            return signature.verify(
                    Base64.getDecoder().decode(decision.signature().orElseThrow()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] canonicalOf(LedgerDecision decision) {
        return canonical(
                decision.changeSet(),
                decision.decision(),
                decision.decidedBy(),
                decision.revertRunId(),
                decision.note(),
                decision.approvals(),
                decision.decidedAt(),
                decision.keyId().orElse(""),
                decision.prevHash().orElse(""));
    }

    private static ChainVerification bad(
            int checked, LedgerDecision decision, ChainVerification.Problem problem, String detail) {
        return new ChainVerification(
                checked,
                Optional.of(new ChainVerification.BadEntry(decision.id(), decision.changeSet(), problem, detail)));
    }

    private static void field(StringBuilder out, String key, String value) {
        out.append(key)
                .append(':')
                .append(value.length())
                .append(':')
                .append(value)
                .append('\n');
    }
}
