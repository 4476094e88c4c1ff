package io.github.cutterrevert.spi;

import io.github.cutterrevert.RunId;

/**
 * The orchestrator's kill switch ({@code execution_enabled}): turned off on any unrecovered
 * failure, turned back on only by an explicit, recorded human call.
 *
 * <p>The default implementation is a file ({@code <locks>/execution_enabled}); to back it by a
 * database row instead, implement these three methods over a one-row table (see the README).
 * Implementations must be thread-safe.
 */
public interface KillSwitch {

    /**
     * Whether the orchestrator may execute.
     *
     * @return {@code true} when armed (execution enabled)
     */
    boolean executionEnabled();

    /**
     * Turns execution off.
     *
     * @param runId the run whose failure caused it
     * @param reason why
     */
    void disable(RunId runId, String reason);

    /**
     * Turns execution back on.
     *
     * @param enabledBy who re-armed it
     * @param reason why
     */
    void enable(String enabledBy, String reason);
}
