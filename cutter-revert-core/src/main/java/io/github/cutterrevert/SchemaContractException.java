package io.github.cutterrevert;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The database does not hold what the schema binding describes, or the current role lacks a
 * privilege a compensation needs: found before anything was written, so no HOLD is placed; fix
 * the schema, the grants or the binding and try again. Lists every problem found at once.
 *
 * <pre>{@code
 * try {
 *   target.validate();
 * } catch (SchemaContractException e) {
 *   e.problems().forEach(p -> System.err.println(p));   // "governance.decision.signature: expected ..."
 * }
 * }</pre>
 */
public final class SchemaContractException extends CutterRevertException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;
    private final String sqlState;

    /**
     * Creates the exception.
     *
     * @param runId the run, or {@code null} when the check ran outside a run
     * @param problems every problem found, at least one
     * @param sqlState the SQLSTATE of the database error that revealed a problem, or {@code null}
     * @param cause the database error, may be {@code null}
     * @throws InvalidInputException if {@code problems} is null or empty
     */
    public SchemaContractException(RunId runId, List<Problem> problems, String sqlState, Throwable cause) {
        super(runId, message(runId, requireProblems(problems)), cause);
        this.problems = List.copyOf(problems);
        this.sqlState = sqlState;
    }

    private static List<Problem> requireProblems(List<Problem> problems) {
        if (problems == null || problems.isEmpty()) {
            throw new InvalidInputException("problems", "at least one problem", null);
        }
        return Checks.listCopy("problems", problems);
    }

    private static String message(RunId runId, List<Problem> problems) {
        return prefix(runId) + "the database does not meet the schema contract (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "; nothing was written):"
                + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining());
    }

    /**
     * Every problem found, in the order checked.
     *
     * @return the problems, never empty
     */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * The SQLSTATE of the database error that revealed a problem, when one did (e.g. {@code 42P01}
     * for a missing table met while reading).
     *
     * @return the SQLSTATE, empty when the catalog check found the problems
     */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }

    /**
     * One problem: what was checked, what was expected and what was found.
     *
     * @param subject e.g. {@code cutter_governance.review_decision.signature}
     * @param expected e.g. {@code a column of a text type}
     * @param found e.g. {@code no such column}
     */
    public record Problem(String subject, String expected, String found) {
        /** Rejects nulls. */
        public Problem {
            Checks.nonNull("subject", subject);
            Checks.nonNull("expected", expected);
            Checks.nonNull("found", found);
        }

        /**
         * The problem as one line.
         *
         * @return {@code subject: expected …, found …}
         */
        @Override
        public String toString() {
            return subject + ": expected " + expected + ", found " + found;
        }
    }
}
