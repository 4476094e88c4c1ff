package io.github.cutterrevert;

import java.util.Optional;

/**
 * A signed approval was refused before anything was written, and no HOLD was placed (a human is
 * already in the loop): the {@link #reason()} says which check failed, the message what was
 * expected and what was found.
 */
public final class ApprovalRefusedException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final String decisionId;
    private final String keyId;

    /** Why a signed approval was refused. */
    public enum Reason {
        /** A recorded decision was given where a trust store requires signed approvals. */
        UNSIGNED,
        /** The trust store has no public key for the approval's key id. */
        UNKNOWN_KEY,
        /** The signature does not verify with the trusted key: a changed byte, or another key signed. */
        BAD_SIGNATURE,
        /** The approval's {@code expires-at} has passed. */
        EXPIRED,
        /** The approval's {@code issued-at} is still in the future. */
        NOT_YET_VALID,
        /** The approval names another plan fingerprint. */
        FINGERPRINT_MISMATCH,
        /** The approval names another kind, mode, subject, change set or revert run. */
        SUBJECT_MISMATCH,
        /** The ledger already records a compensation approved under this decision id. */
        REPLAYED,
        /** Fewer distinct approvers (distinct keys and approver ids) than the policy requires. */
        TOO_FEW_APPROVERS
    }

    /**
     * Creates the exception.
     *
     * @param runId the run
     * @param reason which check failed
     * @param decisionId the approval's decision id, or {@code null} when none was given
     * @param keyId the key id of the refused approval, or {@code null} when the refusal concerns the
     *     whole set
     * @param expected what was expected
     * @param actual what was found
     */
    public ApprovalRefusedException(
            RunId runId, Reason reason, String decisionId, String keyId, String expected, String actual) {
        super(
                runId,
                prefix(runId) + "approval refused (" + reason + ")"
                        + (decisionId == null ? "" : " for decision " + decisionId)
                        + (keyId == null ? "" : " signed with key " + keyId)
                        + ": expected " + expected + " but found " + actual + "; nothing written, no HOLD",
                null);
        this.reason = Checks.nonNull("reason", reason);
        this.decisionId = decisionId;
        this.keyId = keyId;
    }

    /**
     * Which check failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The refused approval's decision id.
     *
     * @return the decision id, empty when none was given
     */
    public Optional<String> decisionId() {
        return Optional.ofNullable(decisionId);
    }

    /**
     * The key id of the refused approval.
     *
     * @return the key id, empty when the refusal concerns the whole set
     */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }
}
