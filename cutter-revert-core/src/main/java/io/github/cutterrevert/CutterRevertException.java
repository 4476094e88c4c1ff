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
                StoreException,
                CannotFailClosedException,
                UnsupportedDatabaseException,
                SchemaContractException,
                DatabaseReadException {

    private static final long serialVersionUID = 1L;

    private final transient RunId runId;

    /** Set once by the fail-closed procedure when this failure put the system on HOLD. */
    private transient volatile Escalation escalation;

    /** Set once when the HOLD this failure caused could not be persisted; part of the message. */
    private volatile String holdNotPersisted;

    CutterRevertException(RunId runId, String message, Throwable cause) {
        super(message, cause);
        this.runId = runId;
    }

    /**
     * What the fail-closed procedure did after this failure: where the bundle, {@code post.json}
     * and the HOLD are.
     *
     * @return the escalation, empty when this failure did not put the system on HOLD (invalid
     *     input, missing approval, a busy lock, a HOLD already in place)
     */
    public Optional<Escalation> escalation() {
        return Optional.ofNullable(escalation);
    }

    /**
     * The message, followed by a warning when the HOLD this failure caused could not be persisted
     * (the system is then held in the memory of this JVM only).
     *
     * @return the message
     */
    @Override
    public String getMessage() {
        String message = super.getMessage();
        return holdNotPersisted == null ? message : message + "; " + holdNotPersisted;
    }

    void escalated(Escalation done, String notPersisted) {
        this.escalation = done;
        if (notPersisted != null) {
            this.holdNotPersisted = notPersisted;
        }
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
