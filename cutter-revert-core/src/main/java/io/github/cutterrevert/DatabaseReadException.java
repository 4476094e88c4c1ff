package io.github.cutterrevert;

import java.util.Optional;

/**
 * Reading from the database failed (evidence, catalog, snapshot or ledger): nothing was written by
 * the read. Carries the SQLSTATE and keeps the driver's exception as the cause; the message never
 * carries the SQL or row contents.
 */
public final class DatabaseReadException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final String sqlState;

    /**
     * Creates the exception.
     *
     * @param runId the run, or {@code null} when the read was not for a run
     * @param what what was being read, e.g. {@code the evidence of change set cs-1}
     * @param sqlState the SQLSTATE, or {@code null} when the driver gave none
     * @param cause the driver's exception
     */
    public DatabaseReadException(RunId runId, String what, String sqlState, Throwable cause) {
        super(
                runId,
                prefix(runId) + "expected to read " + what + " but the database failed"
                        + (sqlState == null ? "" : " with SQLSTATE " + sqlState),
                cause);
        this.what = what;
        this.sqlState = sqlState;
    }

    /**
     * What was being read.
     *
     * @return e.g. {@code the evidence of change set cs-1}
     */
    public String what() {
        return what;
    }

    /**
     * The SQLSTATE the database raised.
     *
     * @return the SQLSTATE, empty when the driver gave none
     */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}
