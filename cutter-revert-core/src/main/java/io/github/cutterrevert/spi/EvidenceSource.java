package io.github.cutterrevert.spi;

import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CutEvidence;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.SeedDelta;
import io.github.cutterrevert.SeedEvidence;
import java.util.Optional;

/** Reads the evidence the planner decides on, in a few set-based queries. */
public interface EvidenceSource {

    /**
     * The change set the run recorded.
     *
     * @param runId the run
     * @return its change set, empty when the run recorded none
     */
    Optional<ChangeSetId> changeSetOf(RunId runId);

    /**
     * The evidence of one change set ({@code backupArtifactPresent} is filled in by the caller).
     *
     * @param runId the run
     * @param changeSet the change set
     * @return the evidence
     */
    CutEvidence cutEvidence(RunId runId, ChangeSetId changeSet);

    /**
     * The evidence of one seed delta.
     *
     * @param delta the delta
     * @return the evidence
     */
    SeedEvidence seedEvidence(SeedDelta delta);
}
