package io.github.cutterrevert;

import java.time.Instant;

/**
 * Who authorised a plan: nobody, or a recorded human decision bound to one plan fingerprint.
 *
 * <pre>{@code
 * Authority decision = Authority.decision("sovereign@example.org", "DEC-42",
 *     "hard delete approved at command review", plan.fingerprint(), Instant.now());
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
}
