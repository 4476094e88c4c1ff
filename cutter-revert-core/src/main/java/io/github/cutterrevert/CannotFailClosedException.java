package io.github.cutterrevert;

/**
 * {@code execute()} refused before connecting because it could not fail closed: a place the
 * fail-closed procedure must write to (the HOLD, state or run directory, or the shared HOLD in the
 * database) is missing and cannot be created, or cannot be written. Nothing was written to the
 * database. Fix the place (or configure {@link FailClosed} to use another) and execute again.
 */
public final class CannotFailClosedException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final String location;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param runId the run whose call was refused, may be {@code null}
     * @param location the path or table that cannot be written
     * @param reason the operating system's (or the database's) reason, e.g. {@code "Not a
     *     directory"} or {@code "SQLSTATE 42501"}
     * @param cause the underlying error, may be {@code null}
     */
    public CannotFailClosedException(RunId runId, String location, String reason, Throwable cause) {
        super(
                runId,
                prefix(runId) + "expected to be able to fail closed (place a HOLD, write run state and the"
                        + " escalation bundle) but " + location + " cannot be written: " + reason
                        + "; nothing was executed",
                cause);
        this.location = location;
        this.reason = reason;
    }

    /**
     * The path or table that cannot be written.
     *
     * @return e.g. {@code /var/lib/cutter/locks}
     */
    public String location() {
        return location;
    }

    /**
     * Why it cannot be written.
     *
     * @return the operating system's or the database's reason
     */
    public String reason() {
        return reason;
    }
}
