package io.github.cutterrevert;

import java.util.Optional;

/**
 * Everything the planner needs besides the evidence to plan a seed-delta rollback. Built by
 * {@link SeedRollback}.
 *
 * @param runId the rollback run
 * @param delta the seed delta, by exact identity
 * @param pathBRuling the decision id of the explicit ruling that pre-approves path B (retire the
 *     parent to {@code deprecated}) when downstream references exist; empty: escalate instead
 * @param voidVersionRuling the decision id of the separate ruling that also voids the child
 *     version and records a rollback note; only used on path B
 */
public record SeedRollbackRequest(
        RunId runId, SeedDelta delta, Optional<String> pathBRuling, Optional<String> voidVersionRuling) {

    /** Validates every field. */
    public SeedRollbackRequest {
        if (runId == null) {
            throw new InvalidInputException("runId", "a run id", null);
        }
        if (delta == null) {
            throw new InvalidInputException("delta", "a seed delta", null);
        }
        pathBRuling = Checks.nonNull("pathBRuling", pathBRuling).map(id -> Identifiers.require("pathBRuling", id));
        voidVersionRuling = Checks.nonNull("voidVersionRuling", voidVersionRuling)
                .map(id -> Identifiers.require("voidVersionRuling", id));
        if (voidVersionRuling.isPresent() && pathBRuling.isEmpty()) {
            throw new InvalidPlanException(
                    runId,
                    "void-needs-path-b",
                    "voiding the version is part of path B: expected a path B ruling too but found none");
        }
    }
}
