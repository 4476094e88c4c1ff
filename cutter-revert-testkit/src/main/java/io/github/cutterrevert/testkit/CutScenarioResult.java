package io.github.cutterrevert.testkit;

import io.github.cutterrevert.Phase;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link CutScenario} left committed in the database. Immutable and thread-safe.
 *
 * @param runId the run id
 * @param changeSetId the change set id
 * @param failedPhase the phase that rolled back, empty when the run succeeded
 * @param committedPhases the phases that committed, in order
 * @param units information units committed (and affected rows recorded)
 * @param versions unit versions committed
 * @param enactedUnits units enacted, one lifecycle log row each
 * @param manifestEnvelopes {@code manifest_envelope} rows committed
 * @param dotPairSignatures {@code dot_pair_signature} rows committed
 * @param verifyResults {@code verify_result} rows committed
 */
public record CutScenarioResult(
        String runId,
        String changeSetId,
        Optional<Phase> failedPhase,
        List<Phase> committedPhases,
        long units,
        long versions,
        long enactedUnits,
        long manifestEnvelopes,
        long dotPairSignatures,
        long verifyResults) {

    /** Rejects nulls and copies the phase list. */
    public CutScenarioResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(changeSetId, "changeSetId");
        Objects.requireNonNull(failedPhase, "failedPhase");
        committedPhases = List.copyOf(committedPhases);
    }

    /**
     * Whether a phase committed.
     *
     * @param phase the phase
     * @return {@code true} if it committed
     */
    public boolean committed(Phase phase) {
        return committedPhases.contains(phase);
    }

    /**
     * Whether a {@code cut_change_set} row was committed, i.e. whether {@code cut_leg_a} committed.
     *
     * @return {@code true} if the change set exists
     */
    public boolean changeSetRecorded() {
        return committed(Phase.CUT_LEG_A);
    }
}
