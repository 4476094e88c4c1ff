package io.github.cutterrevert;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The HOLD file's content: which run put the system on HOLD, why, and when.
 *
 * @param runId the run
 * @param reason why
 * @param createdAt when
 * @param file where the HOLD file is
 */
public record HoldNotice(RunId runId, String reason, Instant createdAt, Path file) {

    /** Rejects nulls. */
    public HoldNotice {
        Compensator.require("runId", runId);
        Compensator.require("reason", reason);
        Compensator.require("createdAt", createdAt);
        Compensator.require("file", file);
    }
}
