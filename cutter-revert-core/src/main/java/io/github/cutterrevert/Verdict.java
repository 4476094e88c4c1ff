package io.github.cutterrevert;

import java.util.Optional;

/** The outcome of executing a plan. A closed set. */
public sealed interface Verdict {

    /** The plan's writes committed and were verified. */
    record Compensated() implements Verdict {}

    /**
     * Nothing needed compensating, or it was compensated already; nothing was written.
     *
     * @param reason why
     */
    record NothingToDo(String reason) implements Verdict {}

    /**
     * The library refused to decide: a human must. Nothing was written; the system went on HOLD.
     *
     * @param reason what the human must decide
     */
    record Refused(String reason) implements Verdict {}

    /**
     * Execution failed and was rolled back; the system went on HOLD. Recorded in run state and
     * escalation bundles (an execute call throws the typed exception instead of returning this).
     *
     * @param error the error message
     * @param sqlState the SQLSTATE, when the database raised it
     */
    record Failed(String error, Optional<String> sqlState) implements Verdict {}
}
