package io.github.cutterrevert;

/**
 * Identifies one change set ({@code cutter_governance.cut_change_set.change_set_id}).
 *
 * <p>Same rules as {@link RunId}.
 *
 * @param value the change set id
 */
public record ChangeSetId(String value) {

    /** Validates the value. */
    public ChangeSetId {
        value = Identifiers.require("changeSetId", value);
    }

    /**
     * Creates a change set id.
     *
     * @param value the change set id
     * @return the typed id
     * @throws InvalidInputException if the value is null, blank, longer than 200 characters or
     *     contains control characters, line separators or unpaired surrogates
     */
    public static ChangeSetId of(String value) {
        return new ChangeSetId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
