package io.github.cutterrevert.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The fail-closed procedure placed a HOLD. */
@Name("io.github.cutterrevert.HoldPlaced")
@Label("HOLD Placed")
@Category("cutter-revert")
@Description("The fail-closed procedure placed a HOLD: nothing executes until a human releases it")
@StackTrace(false)
public final class HoldPlacedEvent extends jdk.jfr.Event {
    /** The run whose refusal or failure placed it. */
    @Label("Run")
    public String runId;

    /** Why. */
    @Label("Reason")
    public String reason;

    /** Whether this call created the HOLD (false: one already existed and was left as it was). */
    @Label("Created")
    public boolean created;
}
