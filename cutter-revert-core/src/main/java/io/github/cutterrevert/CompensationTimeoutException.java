package io.github.cutterrevert;

import java.time.Duration;

/**
 * A statement ran past {@code statement_timeout} or waited past {@code lock_timeout}; the
 * transaction was rolled back.
 */
public final class CompensationTimeoutException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;
    private final Duration limit;

    /**
     * Creates the exception.
     *
     * @param runId the run
     * @param sqlState {@code 57014} (statement timeout) or {@code 55P03} (lock timeout)
     * @param limit the configured limit that was exceeded
     * @param cause the database error
     */
    public CompensationTimeoutException(RunId runId, String sqlState, Duration limit, Throwable cause) {
        super(
                runId,
                prefix(runId)
                        + ("55P03".equals(sqlState) ? "lock_timeout" : "statement_timeout")
                        + " of "
                        + limit.toMillis()
                        + " ms exceeded (SQLSTATE "
                        + sqlState
                        + "); rolled back",
                cause);
        this.sqlState = sqlState;
        this.limit = limit;
    }

    /**
     * The SQLSTATE: {@code 57014} for a statement timeout, {@code 55P03} for a lock timeout.
     *
     * @return the SQLSTATE
     */
    public String sqlState() {
        return sqlState;
    }

    /**
     * The limit that was exceeded.
     *
     * @return the configured timeout
     */
    public Duration limit() {
        return limit;
    }
}
