package io.github.cutterrevert;

import java.util.Locale;

/**
 * The five mutating phases of an orchestrated cut, in the order the orchestrator runs them.
 *
 * <p>Each phase is one atomic transaction: a phase that fails rolls back completely, so only
 * phases that committed before a failure need compensating (seed 000, section 1).
 */
public enum Phase {
    /** Takes the backup artifact; writes nothing to the database. */
    PRE_WRITE_BACKUP,
    /** Creates the draft information units through {@code fn_iu_create}. */
    CUT_LEG_A,
    /** Records the leg-B governance rows. */
    LEG_B_RECORD,
    /** Records the verify result. */
    WRITE_VERIFY,
    /** Enacts the units through {@code fn_iu_enact}. */
    LIFECYCLE_ENACT;

    /**
     * The phase's name as the runbook writes it, e.g. {@code write_verify}.
     *
     * @return the lower-case runbook name
     */
    public String runbookName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Looks a phase up by its runbook name.
     *
     * @param runbookName e.g. {@code "write_verify"}
     * @return the phase
     * @throws InvalidInputException if no phase has that name
     */
    public static Phase ofRunbookName(String runbookName) {
        for (Phase phase : values()) {
            if (phase.runbookName().equals(runbookName)) {
                return phase;
            }
        }
        throw new InvalidInputException(
                "phase",
                "one of pre_write_backup, cut_leg_a, leg_b_record, write_verify, lifecycle_enact",
                runbookName);
    }
}
