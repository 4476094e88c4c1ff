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
        Checks.nonNull("runId", runId);
        Checks.nonNull("reason", reason);
        Checks.nonNull("createdAt", createdAt);
        Checks.nonNull("file", file);
    }
}
