package io.github.cutterrevert;

import java.util.Optional;

/**
 * A plan step failed: its statement affected a different number of rows than the plan expected,
 * a re-count before COMMIT differed, or the database raised an error. The transaction was rolled
 * back.
 */
public final class StepFailedException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final int stepIndex;
    private final String table;
    private final long expected;
    private final long actual;
    private final String sqlState;

    /**
     * Creates the exception.
     *
     * @param runId the run
     * @param stepIndex the zero-based index of the failed step in the plan
     * @param table the physical table the step wrote or counted
     * @param expected the expected row count ({@code -1} when the step failed before counting)
     * @param actual the actual row count ({@code -1} when the step failed before counting)
     * @param sqlState the SQLSTATE the database raised, or {@code null} for a count mismatch
     * @param cause the underlying error, may be {@code null}
     */
    public StepFailedException(
            RunId runId, int stepIndex, String table, long expected, long actual, String sqlState, Throwable cause) {
        super(runId, message(runId, stepIndex, table, expected, actual, sqlState), cause);
        this.stepIndex = stepIndex;
        this.table = table;
        this.expected = expected;
        this.actual = actual;
        this.sqlState = sqlState;
    }

    private static String message(
            RunId runId, int stepIndex, String table, long expected, long actual, String sqlState) {
        String what = sqlState == null
                ? "expected " + expected + " row(s) but found " + actual
                : "database error SQLSTATE " + sqlState;
        // Numbered from 1 in the message, as in the plan summary; stepIndex() stays zero-based.
        return prefix(runId) + "step " + (stepIndex + 1) + " on " + table + " failed: " + what + "; rolled back";
    }

    /**
     * The zero-based index of the failed step.
     *
     * @return the step index
     */
    public int stepIndex() {
        return stepIndex;
    }

    /**
     * The physical table the step wrote or counted.
     *
     * @return the table name
     */
    public String table() {
        return table;
    }

    /**
     * The expected row count.
     *
     * @return the expectation, {@code -1} when unknown
     */
    public long expected() {
        return expected;
    }

    /**
     * The actual row count.
     *
     * @return the actual count, {@code -1} when unknown
     */
    public long actual() {
        return actual;
    }

    /**
     * The SQLSTATE the database raised.
     *
     * @return the SQLSTATE, empty for a count mismatch
     */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}
