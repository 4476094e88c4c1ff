package io.github.cutterrevert;

import java.time.Instant;
import java.util.Optional;

/**
 * One {@code review_decision} row as the signed decision chain sees it.
 *
 * @param id the row id (ledger order)
 * @param changeSet the change set
 * @param decision the decision, e.g. {@code reverted}
 * @param decidedBy who decided
 * @param revertRunId the revert run, when the decision names one
 * @param note the note
 * @param decidedAt when (microsecond precision, as PostgreSQL stores it)
 * @param keyId the signing key's id, when signed
 * @param prevHash the hash of the previous signed decision, when signed
 * @param signature the Base64 Ed25519 signature, when signed
 * @param approvals the signed approvals that authorised it, in their {@linkplain
 *     Approval#ledgerForm ledger form}, when it was authorised by signed approvals
 */
public record LedgerDecision(
        long id,
        ChangeSetId changeSet,
        String decision,
        String decidedBy,
        Optional<String> revertRunId,
        String note,
        Instant decidedAt,
        Optional<String> keyId,
        Optional<String> prevHash,
        Optional<String> signature,
        Optional<String> approvals) {

    /** Rejects nulls. */
    public LedgerDecision {
        Checks.nonNull("changeSet", changeSet);
        Checks.nonNull("decision", decision);
        Checks.nonNull("decidedBy", decidedBy);
        Checks.nonNull("revertRunId", revertRunId);
        Checks.nonNull("note", note);
        Checks.nonNull("decidedAt", decidedAt);
        Checks.nonNull("keyId", keyId);
        Checks.nonNull("prevHash", prevHash);
        Checks.nonNull("signature", signature);
        Checks.nonNull("approvals", approvals);
    }

    /**
     * A row without recorded approvals.
     *
     * @param id the row id (ledger order)
     * @param changeSet the change set
     * @param decision the decision
     * @param decidedBy who decided
     * @param revertRunId the revert run, when the decision names one
     * @param note the note
     * @param decidedAt when
     * @param keyId the signing key's id, when signed
     * @param prevHash the hash of the previous signed decision, when signed
     * @param signature the Base64 Ed25519 signature, when signed
     */
    public LedgerDecision(
            long id,
            ChangeSetId changeSet,
            String decision,
            String decidedBy,
            Optional<String> revertRunId,
            String note,
            Instant decidedAt,
            Optional<String> keyId,
            Optional<String> prevHash,
            Optional<String> signature) {
        this(
                id,
                changeSet,
                decision,
                decidedBy,
                revertRunId,
                note,
                decidedAt,
                keyId,
                prevHash,
                signature,
                Optional.empty());
    }

    /**
     * Whether the row carries a signature (only signed rows are links of the chain).
     *
     * @return {@code true} when signed
     */
    public boolean signed() {
        return signature.isPresent();
    }
}
