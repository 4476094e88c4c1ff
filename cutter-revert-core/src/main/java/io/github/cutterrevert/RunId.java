package io.github.cutterrevert;

/**
 * Identifies one orchestrator run (a cut) or one revert run.
 *
 * <p>Any printable text of 1 to 200 characters without control characters or surrounding
 * whitespace; quotes, semicolons and Unicode are allowed and always bound as values, never
 * rendered into SQL.
 *
 * @param value the run id
 */
public record RunId(String value) {

    /** Validates the value. */
    public RunId {
        value = Identifiers.require("runId", value);
    }

    /**
     * Creates a run id.
     *
     * @param value the run id
     * @return the typed id
     * @throws InvalidInputException if the value is null, blank, longer than 200 characters or
     *     contains control characters
     */
    public static RunId of(String value) {
        return new RunId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
