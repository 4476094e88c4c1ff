package io.github.cutterrevert;

import java.time.Instant;
import java.util.Optional;

/**
 * The orchestrator's state of one run, as the fail-closed procedure records it.
 *
 * @param runId the run
 * @param state the state
 * @param lastError the last error, when the run stopped on one
 * @param updatedAt when the state was written
 */
public record RunState(RunId runId, State state, Optional<String> lastError, Instant updatedAt) {

    /** Rejects nulls. */
    public RunState {
        Checks.nonNull("runId", runId);
        Checks.nonNull("state", state);
        Checks.nonNull("lastError", lastError);
        Checks.nonNull("updatedAt", updatedAt);
    }

    /** The states a run can be in. */
    public enum State {
        /** The run is executing. */
        RUNNING,
        /** The run stopped after an unrecovered failure; a human must decide. */
        STOPPED,
        /** The run's committed phases were compensated. */
        COMPENSATED
    }
}
