package io.github.cutterrevert.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** An approval was refused before anything was written. */
@Name("io.github.cutterrevert.ApprovalRefused")
@Label("Approval Refused")
@Category("cutter-revert")
@Description("An approval was refused before anything was written (no HOLD)")
@StackTrace(false)
public final class ApprovalRefusedEvent extends jdk.jfr.Event {
    /** The run. */
    @Label("Run")
    public String runId;

    /** NOT_APPROVED, or the signed approval's refusal reason (UNKNOWN_KEY, EXPIRED, ...). */
    @Label("Reason")
    public String reason;

    /** The plan's fingerprint. */
    @Label("Fingerprint")
    public String fingerprint;

    /** The approval's decision id, when known. */
    @Label("Decision Id")
    public String decisionId;

    /** The refused approval's key id, when known. */
    @Label("Key Id")
    public String keyId;
}
