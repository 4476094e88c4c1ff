package io.github.cutterrevert.spi;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.Snapshot;
import java.nio.file.Path;

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
     * Renders the plan as a psql script naming the authority in the compensating decision exactly
     * as {@link #execute} will (the escalation bundle's {@code escalation.sql} uses it).
     *
     * @param plan the plan
     * @param authority the authority it is (or would be) executed with
     * @return the script (default: {@link #render(CompensationPlan)}, for targets that render no
     *     authority)
     */
    default String render(CompensationPlan plan, Authority authority) {
        return render(plan);
    }

    /**
     * Runs exactly what {@link #execute(Execution)} would run for the same execution (the re-plan,
     * every guard and write, the signed ledger append) inside a transaction that is always rolled
     * back, and reports the real row counts.
     *
     * @param execution the plan, the re-planner, the authority and the signer
     * @return the preview
     */
    Preview preview(Execution execution);

    /**
     * Executes a reviewed plan in one transaction: takes the subject's lock, re-plans from evidence
     * read inside the transaction, refuses when the fingerprint differs from the reviewed plan's
     * (returns nothing-to-do when the re-plan says so), runs every step comparing affected row
     * counts, signs and appends the compensating decision, re-counts before COMMIT.
     *
     * @param execution the reviewed plan, the re-planner, the authority and the signer
     * @return the result
     */
    CompensationResult execute(Execution execution);

    /**
     * Takes a snapshot of counts, triggers and functions.
     *
     * @param runId the run
     * @param kind {@code "pre"} or {@code "post"}
     * @return the snapshot
     */
    Snapshot snapshot(RunId runId, String kind);

    /**
     * Writes a snapshot write-once to {@code <rollbackDirectory>/<run>/<kind>.json}.
     *
     * @param snapshot the snapshot
     * @param rollbackDirectory the rollback directory
     * @return the file written
     * @throws io.github.cutterrevert.StoreException if the file exists already
     */
    Path writeSnapshot(Snapshot snapshot, Path rollbackDirectory);

    /**
     * Runs work on one database session of this target: everything {@code work} asks of the target it
     * is given (the reads that plan, the transaction that writes) shares one connection, released
     * when {@code work} returns or throws. {@link io.github.cutterrevert.Compensator#execute()} plans
     * and executes inside one such call, and runs the fail-closed procedure after it, on this target.
     * The default runs {@code work} on this target as it is.
     *
     * @param work what to do with the session's target
     * @param <T> the result type
     * @return what {@code work} returned
     */
    default <T> T withSession(java.util.function.Function<CompensationTarget, T> work) {
        return work.apply(this);
    }
}
