package io.github.cutterrevert.spi;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.Snapshot;
import java.util.function.Function;

/**
 * A database a plan runs against. Implementations must be thread-safe: one target may serve many
 * compensators.
 */
public interface CompensationTarget extends EvidenceSource {

    /**
     * Renders the plan as a psql script a reviewer can read and run by hand (values inlined for
     * reading only; execution always binds them).
     *
     * @param plan the plan
     * @return the script
     */
    String render(CompensationPlan plan);

    /**
     * Runs the plan inside a transaction that is always rolled back and reports the real row counts.
     *
     * @param plan the plan
     * @return the preview
     */
    Preview preview(CompensationPlan plan);

    /**
     * Executes a reviewed plan in one transaction: takes the subject's lock, re-plans from evidence
     * read inside the transaction with {@code replan}, refuses when the fingerprint differs from the
     * reviewed plan's (returns nothing-to-do when the re-plan says so), runs every step comparing
     * affected row counts, re-counts before COMMIT.
     *
     * @param reviewed the plan as reviewed and approved
     * @param replan plans again from evidence read inside the transaction
     * @param authority who authorised it (recorded in the compensating decision)
     * @return the result
     */
    CompensationResult execute(
            CompensationPlan reviewed, Function<EvidenceSource, CompensationPlan> replan, Authority authority);

    /**
     * Takes a snapshot of counts, triggers and functions.
     *
     * @param runId the run
     * @param kind {@code "pre"} or {@code "post"}
     * @return the snapshot
     */
    Snapshot snapshot(RunId runId, String kind);
}
