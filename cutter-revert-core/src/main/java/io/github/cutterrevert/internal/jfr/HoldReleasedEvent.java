package io.github.cutterrevert.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A human released the HOLD. */
@Name("io.github.cutterrevert.HoldReleased")
@Label("HOLD Released")
@Category("cutter-revert")
@Description("A human released the HOLD explicitly, recording who and why")
@StackTrace(false)
public final class HoldReleasedEvent extends jdk.jfr.Event {
    /** The run whose HOLD was released. */
    @Label("Held Run")
    public String heldRunId;

    /** Who released it. */
    @Label("Released By")
    public String releasedBy;

    /** Why. */
    @Label("Reason")
    public String reason;

    /** Whether the kill switch was re-armed too. */
    @Label("Kill Switch Re-armed")
    public boolean rearmed;
}
