package io.github.cutterrevert;

/**
 * A precondition did not hold at execution time (re-checked inside the transaction); the
 * transaction was rolled back.
 */
public final class PreconditionFailedException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final transient Precondition precondition;
    private final String expected;
    private final String actual;

    /**
     * Creates the exception.
     *
     * @param runId the run
     * @param precondition the precondition that failed
     * @param expected what should have held
     * @param actual what was found
     */
    public PreconditionFailedException(RunId runId, Precondition precondition, String expected, String actual) {
        super(
                runId,
                prefix(runId)
                        + "precondition "
                        + precondition.name()
                        + " failed: expected "
                        + expected
                        + " but found "
                        + actual,
                null);
        this.precondition = precondition;
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * The failed precondition.
     *
     * @return the precondition
     */
    public Precondition precondition() {
        return precondition;
    }

    /**
     * What should have held.
     *
     * @return the expectation
     */
    public String expected() {
        return expected;
    }

    /**
     * What was found.
     *
     * @return the finding
     */
    public String actual() {
        return actual;
    }
}
