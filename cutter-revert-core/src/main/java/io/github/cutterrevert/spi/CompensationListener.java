package io.github.cutterrevert.spi;

import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.CutterRevertException;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.RunId;
import java.time.Duration;

/**
 * Hears what {@link io.github.cutterrevert.Compensator} and {@link
 * io.github.cutterrevert.SeedRollback} did, for metrics (see the README for a Micrometer example).
 * Every method has an empty default; implement the ones you need.
 *
 * <pre>{@code
 * Compensator.forRun("run-42").on(target).failedAt(Phase.WRITE_VERIFY)
 *     .listener(new CompensationListener() {
 *         public void executed(CompensationResult result) {
 *             registry.counter("cutter.compensations", "verdict", result.verdict().getClass().getSimpleName())
 *                 .increment();
 *         }
 *     });
 * }</pre>
 *
 * <p>Called on the thread that called {@code execute()} or {@code preview()}, after the
 * transaction ended and before the call returns or throws. A listener must be quick and
 * thread-safe (one may serve many compensators); an exception it throws is logged (logger {@value
 * io.github.cutterrevert.Observability#LOGGER_LISTENER}) and does not change the outcome.
 */
public interface CompensationListener {

    /**
     * {@code execute()} returned: compensated, nothing to do, or refused (the system is on HOLD).
     *
     * @param result the result, with its plan, verdict, rows per table, statements and elapsed time
     */
    default void executed(CompensationResult result) {}

    /**
     * {@code execute()} is about to throw: it could not decide or finish. Nothing partial was
     * committed; whether a HOLD was placed depends on the failure (see {@code execute()}).
     *
     * @param runId the run
     * @param failure the exception about to be thrown
     * @param elapsed the time spent in {@code execute()}
     */
    default void failed(RunId runId, RuntimeException failure, Duration elapsed) {}

    /**
     * {@code preview()} ran the plan and rolled it back.
     *
     * @param preview the preview
     * @param elapsed the time spent in {@code preview()}
     */
    default void previewed(Preview preview, Duration elapsed) {}

    /**
     * An approval was refused before anything was written ({@link
     * io.github.cutterrevert.NotApprovedException} or {@link
     * io.github.cutterrevert.ApprovalRefusedException}); no HOLD. Called before {@link #failed}.
     *
     * @param runId the run
     * @param refusal the refusal
     */
    default void approvalRefused(RunId runId, CutterRevertException refusal) {}
}
