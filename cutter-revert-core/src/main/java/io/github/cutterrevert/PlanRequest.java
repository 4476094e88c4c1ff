package io.github.cutterrevert;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the planner needs besides the evidence to plan a per-cut compensation. Built by
 * {@link Compensator}; public so the pure planner can be called directly in tests and tools.
 *
 * @param runId the failed run
 * @param changeSet its change set
 * @param history what the orchestrator reports for each phase
 * @param mode soft revert (default) or hard delete
 * @param softRevertStatus the status soft-reverted units move to (default {@code withdrawn})
 * @param revertRunId the revert run named in the compensating decision
 */
public record PlanRequest(
        RunId runId, ChangeSetId changeSet, RunHistory history, Mode mode, String softRevertStatus, RunId revertRunId) {

    /** The default soft-revert target status. */
    public static final String DEFAULT_SOFT_REVERT_STATUS = "withdrawn";

    private static final Set<String> FORBIDDEN_TARGETS = Set.of("draft", "enacted");
    private static final Pattern STATUS = Pattern.compile("[A-Za-z0-9_.-]{1,63}");

    /** Validates every field. */
    public PlanRequest {
        if (runId == null) {
            throw new InvalidInputException("runId", "a run id", null);
        }
        if (changeSet == null) {
            throw new InvalidInputException("changeSet", "a change set id", null);
        }
        if (history == null) {
            throw new InvalidInputException("history", "a run history (failedAt(phase) or history(...))", null);
        }
        if (mode == null) {
            throw new InvalidInputException("mode", "SOFT_REVERT or HARD_DELETE", null);
        }
        softRevertStatus = requireSoftRevertStatus(softRevertStatus);
        if (revertRunId == null) {
            throw new InvalidInputException("revertRunId", "a run id", null);
        }
    }

    /** The soft-revert target: a well-formed status that is neither {@code draft} nor {@code enacted}. */
    static String requireSoftRevertStatus(String status) {
        requireStatus("softRevertStatus", status);
        if (FORBIDDEN_TARGETS.contains(status)) {
            throw new InvalidInputException(
                    "softRevertStatus", "a withdrawn/superseded status, not draft or enacted", status);
        }
        return status;
    }

    static String requireStatus(String field, String status) {
        if (status == null || !STATUS.matcher(status).matches()) {
            throw new InvalidInputException(field, "1 to 63 characters of letters, digits, '_', '.', '-'", status);
        }
        return status;
    }
}
