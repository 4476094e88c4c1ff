package io.github.cutterrevert;

/** What a plan will do, in one word. */
public enum PlanKind {
    /** Compensating writes (soft revert, hard delete, ledger append, seed path A or B). */
    COMPENSATE,
    /** Nothing committed that needs compensating, or it was compensated already. */
    NOTHING_TO_DO,
    /** No database change to undo: discard the backup artifact and HOLD (re-run from clean). */
    DISCARD_AND_HOLD,
    /** The library refuses to decide: a human must (escalate), and the system goes on HOLD. */
    ESCALATE
}
