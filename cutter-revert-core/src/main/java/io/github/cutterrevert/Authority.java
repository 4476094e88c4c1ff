package io.github.cutterrevert;

import java.time.Instant;
import java.util.List;

/**
 * Who authorised a plan: nobody, a recorded human decision bound to one plan fingerprint (a
 * claim, for tests and development), or approvals signed with the approvers' own keys (what a
 * {@link TrustStore} requires in production).
 *
 * <pre>{@code
 * Authority decision = Authority.decision("sovereign@example.org", "DEC-42",
 *     "hard delete approved at command review", plan.fingerprint(), Instant.now());
 * Authority signed = Authority.signed(List.of(approvalBySovereign, approvalByReviewer));
 * }</pre>
 */
public sealed interface Authority {

    /**
     * No authority: enough only for plans that need no approval under the chosen policy.
     *
     * @return the singleton value
     */
    static Authority none() {
        return None.INSTANCE;
    }

    /**
     * A recorded decision approving exactly one plan.
     *
     * @param decidedBy who decided
     * @param decisionId the decision's identifier in the reviewer's records
     * @param reason why
     * @param approves the fingerprint of the plan it approves
     * @param decidedAt when
     * @return the decision
     */
    static RecordedDecision decision(
            String decidedBy, String decisionId, String reason, Fingerprint approves, Instant decidedAt) {
        return new RecordedDecision(decidedBy, decisionId, reason, approves, decidedAt);
    }

    /**
     * Approvals signed by the approvers' own keys, all for the same decision and plan; checked
     * against the {@link TrustStore} configured on the compensator.
     *
     * @param approvals one or more approvals naming the same decision id and plan
     * @return the authority
     * @throws InvalidInputException if the list is empty or the approvals name different decisions or
     *     plans
     */
    static SignedApprovals signed(List<Approval> approvals) {
        return new SignedApprovals(approvals);
    }

    /** No authority given. */
    enum None implements Authority {
        /** The only value. */
        INSTANCE
    }

    /**
     * A recorded decision by a human authority (sovereign or reviewer).
     *
     * @param decidedBy who decided (1 to 200 printable characters)
     * @param decisionId the decision's identifier (1 to 200 printable characters)
     * @param reason why (non-blank, at most 2000 characters)
     * @param approves the fingerprint of the one plan this decision approves
     * @param decidedAt when the decision was taken
     */
    record RecordedDecision(String decidedBy, String decisionId, String reason, Fingerprint approves, Instant decidedAt)
            implements Authority {

        /** Validates every field. */
        public RecordedDecision {
            decidedBy = Identifiers.require("decidedBy", decidedBy);
            decisionId = Identifiers.require("decisionId", decisionId);
            if (reason == null || reason.isBlank() || reason.length() > 2000) {
                throw new InvalidInputException("reason", "non-blank text of at most 2000 characters", reason);
            }
            if (approves == null) {
                throw new InvalidInputException("approves", "the fingerprint of the approved plan", null);
            }
            if (decidedAt == null) {
                throw new InvalidInputException("decidedAt", "the instant of the decision", null);
            }
        }
    }

    /**
     * Approvals signed by the approvers' own Ed25519 keys. Every approval names the same decision
     * id, fingerprint, kind, mode, subject, change set and revert run; they differ in approver, key,
     * reason and validity.
     *
     * @param approvals the approvals, at least one
     */
    record SignedApprovals(List<Approval> approvals) implements Authority {

        /** Copies the list and checks that all approvals name the same decision and plan. */
        public SignedApprovals {
            approvals = Checks.listCopy("approvals", approvals);
            if (approvals.isEmpty()) {
                throw new InvalidInputException("approvals", "at least one signed approval", null);
            }
            Approval.Terms first = approvals.get(0).terms();
            for (Approval approval : approvals) {
                Approval.Terms terms = approval.terms();
                if (!terms.decisionId().equals(first.decisionId())
                        || !terms.fingerprint().equals(first.fingerprint())
                        || terms.kind() != first.kind()
                        || terms.mode() != first.mode()
                        || !terms.subject().equals(first.subject())
                        || !terms.changeSet().equals(first.changeSet())
                        || !terms.revertRunId().equals(first.revertRunId())) {
                    throw new InvalidInputException(
                            "approvals",
                            "approvals of one decision (" + first.decisionId() + ") and one plan ("
                                    + first.fingerprint().shortForm() + ")",
                            terms.decisionId() + " for " + terms.fingerprint().shortForm());
                }
            }
        }

        /**
         * The decision id all approvals share.
         *
         * @return the decision id
         */
        public String decisionId() {
            return approvals.get(0).terms().decisionId();
        }

        /**
         * The fingerprint all approvals approve.
         *
         * @return the fingerprint
         */
        public Fingerprint approves() {
            return approvals.get(0).terms().fingerprint();
        }
    }
}
