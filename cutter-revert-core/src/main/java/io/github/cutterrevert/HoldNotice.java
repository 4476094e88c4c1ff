package io.github.cutterrevert;

import java.time.Instant;

/**
 * One HOLD: which run put the system on HOLD, why, when, and where it is kept.
 *
 * @param runId the run ({@code unknown} for a HOLD file written by hand that names none)
 * @param reason why
 * @param createdAt when ({@link Instant#EPOCH} when not known)
 * @param location where it is kept: the HOLD file's path, the database table, or the memory of this
 *     JVM when it could not be persisted
 */
public record HoldNotice(RunId runId, String reason, Instant createdAt, String location) {

    /** Rejects nulls. */
    public HoldNotice {
        Checks.nonNull("runId", runId);
        Checks.nonNull("reason", reason);
        Checks.nonNull("createdAt", createdAt);
        Checks.nonNull("location", location);
    }
}
