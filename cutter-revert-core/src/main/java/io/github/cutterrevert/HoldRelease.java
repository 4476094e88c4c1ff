package io.github.cutterrevert;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The record of an explicit HOLD release.
 *
 * @param heldRunId the run whose HOLD was released
 * @param releasedBy who released it
 * @param reason why
 * @param releasedAt when
 * @param killSwitchRearmed whether execution was re-enabled too
 * @param record the release record written beside the escalation bundle
 * @param releasedFrom where a HOLD was released: the HOLD file, the database table, the memory of
 *     this JVM
 */
public record HoldRelease(
        RunId heldRunId,
        String releasedBy,
        String reason,
        Instant releasedAt,
        boolean killSwitchRearmed,
        Path record,
        List<String> releasedFrom) {

    /** Copies the list. */
    public HoldRelease {
        releasedFrom = List.copyOf(releasedFrom);
    }
}
