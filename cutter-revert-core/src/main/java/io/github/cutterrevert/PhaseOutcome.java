package io.github.cutterrevert;

/** What happened to one phase of a run, as the orchestrator reports it. */
public enum PhaseOutcome {
    /** The phase never began. */
    NOT_STARTED,
    /** The phase's transaction committed. */
    COMMITTED,
    /** The phase's transaction rolled back: it left no rows. */
    ROLLED_BACK,
    /**
     * The connection died around COMMIT: the outcome must be resolved (for example with {@code
     * pg_xact_status}) before anything is planned.
     */
    UNKNOWN
}
