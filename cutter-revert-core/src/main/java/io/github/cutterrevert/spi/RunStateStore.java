package io.github.cutterrevert.spi;

import io.github.cutterrevert.RunId;
import io.github.cutterrevert.RunState;
import java.util.Optional;

/**
 * The orchestrator's run state. Writes must be atomic: a reader sees the old or the new state,
 * never a torn one. The default implementation is a file per run written under an exclusive
 * file lock. Implementations must be thread-safe.
 */
public interface RunStateStore {

    /**
     * Reads a run's state.
     *
     * @param runId the run
     * @return its state, empty when none was recorded
     */
    Optional<RunState> read(RunId runId);

    /**
     * Replaces a run's state atomically.
     *
     * @param state the new state
     */
    void write(RunState state);
}
