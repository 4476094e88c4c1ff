package io.github.cutterrevert.failclosed;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import java.time.Instant;

/** Recorded decisions for the tests. */
final class Approvals {
    private Approvals() {}

    /** A recorded sovereign decision approving exactly this plan. */
    static Authority.RecordedDecision approve(CompensationPlan plan) {
        return Authority.decision(
                "sovereign@example.org",
                "DEC-" + plan.fingerprint().shortForm(),
                "reviewed at command review",
                plan.fingerprint(),
                Instant.parse("2026-05-21T10:00:00Z"));
    }
}
