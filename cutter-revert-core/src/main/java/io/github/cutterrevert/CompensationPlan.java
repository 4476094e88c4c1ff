package io.github.cutterrevert;

import io.github.cutterrevert.internal.PlanText;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, inspectable compensation plan: what will be checked and written, in order, with
 * each statement's exact expected row count and the expected row-count delta per table.
 *
 * <p>A plan is a proposal; making one writes nothing. Its {@link #fingerprint()} (SHA-256 over a
 * canonical encoding of everything that affects what it would do) is what a reviewer approves:
 * executing a plan whose fingerprint differs from the approved one is refused.
 *
 * @param runId the run being compensated (for a seed rollback: the rollback run)
 * @param revertRunId the revert run named in the compensating decision
 * @param subject what the plan compensates, e.g. {@code "change set cs-1"}; also the lock subject
 * @param changeSet the change set, for per-cut plans
 * @param kind what the plan does in one word
 * @param mode soft revert or hard delete
 * @param preconditions the conditions that held at planning and are re-checked at execution
 * @param steps the steps in execution order
 * @param expectedDeltas the expected change in row count per table (tables not listed: 0)
 * @param rationale why this plan, in the runbook's words
 */
public record CompensationPlan(
        RunId runId,
        RunId revertRunId,
        String subject,
        Optional<ChangeSetId> changeSet,
        PlanKind kind,
        Mode mode,
        List<Precondition> preconditions,
        List<PlanStep> steps,
        Map<LogicalTable, Long> expectedDeltas,
        String rationale) {

    /** Copies every collection and rejects nulls. */
    public CompensationPlan {
        if (runId == null
                || revertRunId == null
                || subject == null
                || changeSet == null
                || kind == null
                || mode == null
                || rationale == null) {
            throw new InvalidInputException(
                    "plan", "non-null run ids, subject, change set, kind, mode and rationale", null);
        }
        preconditions = Checks.listCopy("preconditions", preconditions);
        steps = Checks.listCopy("steps", steps);
        EnumMap<LogicalTable, Long> deltas = new EnumMap<>(LogicalTable.class);
        deltas.putAll(Checks.entries("expectedDeltas", expectedDeltas));
        expectedDeltas = java.util.Collections.unmodifiableMap(deltas);
    }

    /**
     * The plan's fingerprint: SHA-256 over a canonical, versioned encoding of every field that
     * affects behaviour. Equal plans have equal fingerprints, across JVMs.
     *
     * @return the fingerprint
     */
    public Fingerprint fingerprint() {
        return PlanText.fingerprint(this);
    }

    /**
     * Whether executing the plan writes to the database.
     *
     * @return {@code true} when any step writes
     */
    public boolean writes() {
        return steps.stream().anyMatch(PlanStep::writes);
    }

    /**
     * Whether the plan appends a compensating decision to the ledger (compensation B), which must
     * be signed and takes the decision chain's lock.
     *
     * @return {@code true} when any step is a {@link PlanStep.LedgerAppend}
     */
    public boolean appendsDecision() {
        return steps.stream().anyMatch(step -> step instanceof PlanStep.LedgerAppend);
    }

    /**
     * Whether the plan deletes rows.
     *
     * @return {@code true} when any step is a {@link PlanStep.HardDelete}
     */
    public boolean hardDeletes() {
        return steps.stream().anyMatch(step -> step instanceof PlanStep.HardDelete);
    }

    /**
     * Whether this plan needs a recorded decision approving its fingerprint under the given policy.
     * Hard deletes, seed rollbacks and any plan under {@link ApprovalPolicy#REVIEWED} that writes
     * always do; nothing that writes nothing does.
     *
     * @param policy the approval policy
     * @return {@code true} when a decision is required
     */
    public boolean needsApproval(ApprovalPolicy policy) {
        if (!writes()) {
            return false;
        }
        if (hardDeletes() || changeSet.isEmpty()) {
            return true;
        }
        return switch (policy) {
            case REVIEWED -> true;
            case AUTOMATIC_SOFT_REVERT -> false;
        };
    }

    /**
     * Checks that the authority is sufficient to execute this plan under the policy.
     *
     * <p>A recorded decision given for a plan that writes must approve this plan's fingerprint
     * even when the policy would let the plan run without one: the decision is written into the
     * compensating {@code review_decision}, and the ledger must never name a decision that approved
     * a different plan.
     *
     * @param policy the approval policy
     * @param authority the authority given
     * @throws NotApprovedException if a recorded decision is required and missing, or a recorded
     *     decision is given that approves a different fingerprint
     */
    public void requireApproval(ApprovalPolicy policy, Authority authority) {
        if (!writes()) {
            return;
        }
        Fingerprint fingerprint = fingerprint();
        switch (authority) {
            case Authority.None none -> {
                if (needsApproval(policy)) {
                    throw new NotApprovedException(
                            runId,
                            fingerprint,
                            null,
                            hardDeletes()
                                    ? "hard delete needs a recorded decision"
                                    : "this plan needs a recorded decision under policy " + policy);
                }
            }
            case Authority.RecordedDecision decision -> {
                if (!decision.approves().equals(fingerprint)) {
                    throw new NotApprovedException(
                            runId, fingerprint, decision.approves(), "the decision approves a different plan");
                }
            }
            case Authority.SignedApprovals signed -> {
                if (!signed.approves().equals(fingerprint)) {
                    throw new ApprovalRefusedException(
                            runId,
                            ApprovalRefusedException.Reason.FINGERPRINT_MISMATCH,
                            signed.decisionId(),
                            null,
                            "fingerprint " + fingerprint.value(),
                            signed.approves().value());
                }
            }
        }
    }

    /**
     * The approval check of {@link Compensator} and {@link SeedRollback}: {@link
     * #requireApproval(ApprovalPolicy, Authority)}, and with a trust store, signed approvals only
     * (checked by {@link TrustStore#check}); {@code requiredApprovers} applies to hard deletes and
     * seed rollbacks, every other plan needs one approver.
     */
    void requireApproval(
            ApprovalPolicy policy,
            Authority authority,
            Optional<TrustStore> trust,
            int requiredApprovers,
            Instant now) {
        if (!writes()) {
            return;
        }
        if (trust.isEmpty()) {
            if (authority instanceof Authority.SignedApprovals) {
                throw new InvalidPlanException(
                        runId,
                        "trust-store-given",
                        "signed approvals are checked against the approvers' public keys: expected trusting(TrustStore)"
                                + " but none was given");
            }
            requireApproval(policy, authority);
            return;
        }
        switch (authority) {
            case Authority.None none -> requireApproval(policy, authority);
            case Authority.RecordedDecision decision ->
                throw new ApprovalRefusedException(
                        runId,
                        ApprovalRefusedException.Reason.UNSIGNED,
                        decision.decisionId(),
                        null,
                        "approvals signed with a key of the trust store (Authority.signed)",
                        "an unsigned recorded decision by '" + decision.decidedBy() + "'");
            case Authority.SignedApprovals signed ->
                trust.get().check(this, signed, hardDeletes() || changeSet.isEmpty() ? requiredApprovers : 1, now);
        }
    }

    /**
     * A plain-text summary a reviewer can read: kind, rationale, preconditions, numbered steps with
     * expected row counts, expected deltas and the fingerprint.
     *
     * @return the summary
     */
    public String summary() {
        return PlanText.summary(this);
    }
}
