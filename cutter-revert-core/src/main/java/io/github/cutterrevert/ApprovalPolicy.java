package io.github.cutterrevert;

/** Which plans may execute without a recorded decision approving their fingerprint. */
public enum ApprovalPolicy {
    /**
     * Every plan that writes needs a recorded decision approving its fingerprint: the runbook's
     * reviewed soft revert (the default).
     */
    REVIEWED,
    /**
     * Soft reverts and ledger appends of a per-cut compensation may run without a decision; hard
     * deletes and seed rollbacks still need one.
     */
    AUTOMATIC_SOFT_REVERT
}
