package io.github.cutterrevert;

/**
 * The connection died around COMMIT and the outcome could not be determined on a fresh
 * connection. Resolve it (for example with {@code pg_xact_status}) before planning again.
 */
public final class OutcomeUnknownException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final String transactionId;

    /**
     * Creates the exception.
     *
     * @param runId the run
     * @param transactionId the transaction id recorded before COMMIT, or {@code "unknown"}
     * @param cause the connection error
     */
    public OutcomeUnknownException(RunId runId, String transactionId, Throwable cause) {
        super(
                runId,
                prefix(runId)
                        + "expected a committed or rolled-back transaction but the outcome of "
                        + transactionId
                        + " is unknown",
                cause);
        this.transactionId = transactionId;
    }

    /**
     * The transaction id recorded before COMMIT.
     *
     * @return the transaction id
     */
    public String transactionId() {
        return transactionId;
    }
}
