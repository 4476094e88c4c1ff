package io.github.cutterrevert;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The record of an explicit HOLD release.
 *
 * @param heldRunId the run whose HOLD was released
 * @param releasedBy who released it
 * @param reason why
 * @param releasedAt when
 * @param killSwitchRearmed whether execution was re-enabled too
 * @param record the release record written beside the escalation bundle
 */
public record HoldRelease(
        RunId heldRunId,
        String releasedBy,
        String reason,
        Instant releasedAt,
        boolean killSwitchRearmed,
        Path record) {}
