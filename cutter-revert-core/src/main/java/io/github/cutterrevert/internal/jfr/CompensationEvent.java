package io.github.cutterrevert.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One {@code execute()} or {@code preview()} of a compensation plan. */
@Name("io.github.cutterrevert.Compensation")
@Label("Compensation")
@Category("cutter-revert")
@Description("One execute() or preview() of a compensation plan: what it was, what came of it, how long it took")
@StackTrace(false)
public final class CompensationEvent extends jdk.jfr.Event {
    /** {@code execute} or {@code preview}. */
    @Label("Action")
    public String action;

    /** The run. */
    @Label("Run")
    public String runId;

    /** The change set, empty for a seed rollback. */
    @Label("Change Set")
    public String changeSet;

    /** What the plan compensates. */
    @Label("Subject")
    public String subject;

    /** The plan's kind. */
    @Label("Kind")
    public String kind;

    /** Soft revert or hard delete. */
    @Label("Mode")
    public String mode;

    /** The plan's fingerprint. */
    @Label("Fingerprint")
    public String fingerprint;

    /** COMPENSATED, NOTHING_TO_DO, REFUSED, PREVIEWED, or FAILED. */
    @Label("Verdict")
    public String verdict;

    /** For a failure: the exception's type and SQLSTATE, never its message. */
    @Label("Error")
    public String error;

    /** Rows written per logical table, e.g. {@code information_unit=300,unit_version=600}. */
    @Label("Rows per Table")
    public String rows;

    /** Rows written in all. */
    @Label("Rows")
    public long totalRows;

    /** SQL statements sent in the transaction. */
    @Label("Statements")
    public int statements;
}
