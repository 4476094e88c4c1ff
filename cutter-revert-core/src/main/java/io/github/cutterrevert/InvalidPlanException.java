package io.github.cutterrevert;

/**
 * The request cannot be planned as asked: a cross-field rule of the builder was broken (for
 * example an inconsistent run history, or a soft-revert status the schema does not allow).
 * Nothing was written.
 */
public final class InvalidPlanException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final String rule;

    /**
     * Creates the exception.
     *
     * @param runId the run, may be {@code null}
     * @param rule a short stable name of the broken rule, e.g. {@code "history-consistent"}
     * @param detail what was expected and what was found
     */
    public InvalidPlanException(RunId runId, String rule, String detail) {
        super(runId, prefix(runId) + detail + " [" + rule + "]", null);
        this.rule = rule;
    }

    /**
     * The broken rule's stable name.
     *
     * @return the rule name
     */
    public String rule() {
        return rule;
    }
}
