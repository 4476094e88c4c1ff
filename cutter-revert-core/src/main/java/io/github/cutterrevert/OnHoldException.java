package io.github.cutterrevert;

/**
 * A mutating call was refused because the system is on HOLD after an unrecovered failure; release
 * the HOLD explicitly first. Nothing was written.
 */
public final class OnHoldException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final transient RunId heldRunId;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param runId the run whose call was refused
     * @param heldRunId the run that put the system on HOLD
     * @param reason the HOLD's recorded reason
     */
    public OnHoldException(RunId runId, RunId heldRunId, String reason) {
        super(
                runId,
                prefix(runId) + "expected no HOLD but found HOLD of run " + heldRunId.value() + ": " + reason,
                null);
        this.heldRunId = heldRunId;
        this.reason = reason;
    }

    /**
     * The run that put the system on HOLD.
     *
     * @return the held run
     */
    public RunId heldRunId() {
        return heldRunId;
    }

    /**
     * The HOLD's reason.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
