package io.github.cutterrevert;

/** The builder rules shared by {@link Compensator} and {@link SeedRollback} for signed approvals. */
final class ApprovalRules {
    private ApprovalRules() {}

    static int requiredApprovers(int count) {
        if (count < 1) {
            throw new InvalidInputException("requiredApprovers", "at least 1", Integer.toString(count));
        }
        return count;
    }

    /** More than one approver can only be counted by their keys: the rule needs a trust store. */
    static void requireTrustFor(RunId runId, TrustStore trust, int requiredApprovers) {
        if (trust == null && requiredApprovers > 1) {
            throw new InvalidPlanException(
                    runId,
                    "trust-store-given",
                    "requiredApprovers(" + requiredApprovers + ") counts approvers by their signing keys: expected"
                            + " trusting(TrustStore) but none was given");
        }
    }
}
