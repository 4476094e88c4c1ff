package io.github.cutterrevert;

/** How compensation A reverts draft units. */
public enum Mode {
    /**
     * Move the units to a withdrawn/superseded status, keeping audit lineage (the runbook's
     * default).
     */
    SOFT_REVERT,
    /**
     * Delete the rows, children before parents, never CASCADE: only with a recorded decision and
     * only while every affected unit is draft.
     */
    HARD_DELETE
}
