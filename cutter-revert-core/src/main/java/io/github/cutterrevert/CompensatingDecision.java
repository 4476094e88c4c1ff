package io.github.cutterrevert;

/**
 * The compensating {@code review_decision} that compensation B appends: it marks the change set
 * {@code reverted} and names the revert run. Who decided is filled in at execution from the
 * authority (or {@code cutter-revert:automatic} under the automatic policy).
 *
 * @param changeSet the change set marked reverted
 * @param revertRunId the revert run that compensated it
 * @param note a human-readable note
 */
public record CompensatingDecision(ChangeSetId changeSet, RunId revertRunId, String note) {

    /** The decision value written to {@code review_decision.decision}. */
    public static final String REVERTED = "reverted";

    /** Validates the fields. */
    public CompensatingDecision {
        if (changeSet == null) {
            throw new InvalidInputException("changeSet", "a change set id", null);
        }
        if (revertRunId == null) {
            throw new InvalidInputException("revertRunId", "a run id", null);
        }
        if (note == null) {
            throw new InvalidInputException("note", "a note (may be empty)", null);
        }
    }
}
