package io.github.cutterrevert;

import java.util.Optional;

/**
 * The root of every exception cutter-revert throws: unchecked and sealed, one final subtype per
 * kind of failure. Each subtype carries its context as accessors; messages say what was expected
 * and what was found, and never carry row contents or credentials.
 */
public abstract sealed class CutterRevertException extends RuntimeException
        permits InvalidInputException,
                InvalidPlanException,
                NotApprovedException,
                ApprovalRefusedException,
                PreconditionFailedException,
                StepFailedException,
                LockBusyException,
                CompensationTimeoutException,
                OnHoldException,
                OutcomeUnknownException,
                StoreException {

    private static final long serialVersionUID = 1L;

    private final transient RunId runId;

    CutterRevertException(RunId runId, String message, Throwable cause) {
        super(message, cause);
        this.runId = runId;
    }

    /**
     * The run this failure concerns, when known.
     *
     * @return the run id, or empty for input errors raised before a run is known
     */
    public Optional<RunId> runId() {
        return Optional.ofNullable(runId);
    }

    static String prefix(RunId runId) {
        return runId == null ? "" : "run " + runId.value() + ": ";
    }
}
