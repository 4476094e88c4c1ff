package io.github.cutterrevert;

import java.time.Instant;

/**
 * A mutating call was refused because the system is on HOLD after an unrecovered failure; release
 * the HOLD explicitly first. Nothing was written.
 *
 * <p>The message names where the HOLD is kept (file, table or the memory of this JVM), the held
 * run, its reason and time, and the calls that release it: {@code
 * failClosed.release("<who>", "<why>", false)} or the command line's {@code cutter-revert release
 * --by <who> --reason <why> [--rearm]}.
 */
public final class OnHoldException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    /** How a human releases a HOLD, in Java and on the command line. */
    static final String HOW_TO_RELEASE = "release it explicitly once the cause is dealt with:"
            + " failClosed.release(\"<who>\", \"<why>\", <re-arm kill switch?>)"
            + " or: cutter-revert release --by <who> --reason <why> [--rearm]";

    private final transient HoldNotice hold;

    /**
     * Creates the exception.
     *
     * @param runId the run whose call was refused
     * @param hold the HOLD found
     */
    public OnHoldException(RunId runId, HoldNotice hold) {
        super(
                runId,
                prefix(runId) + "expected no HOLD but found HOLD of run "
                        + hold.runId().value() + ": "
                        + hold.reason() + " (placed "
                        + (hold.createdAt().equals(Instant.EPOCH)
                                ? "at an unknown time"
                                : hold.createdAt().toString())
                        + ", kept in " + hold.location() + "); " + HOW_TO_RELEASE,
                null);
        this.hold = hold;
    }

    /**
     * The HOLD found.
     *
     * @return the HOLD
     */
    public HoldNotice hold() {
        return hold;
    }

    /**
     * The run that put the system on HOLD.
     *
     * @return the held run
     */
    public RunId heldRunId() {
        return hold.runId();
    }

    /**
     * The HOLD's reason.
     *
     * @return the reason
     */
    public String reason() {
        return hold.reason();
    }
}
