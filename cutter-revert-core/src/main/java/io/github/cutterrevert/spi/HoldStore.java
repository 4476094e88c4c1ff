package io.github.cutterrevert.spi;

import io.github.cutterrevert.HoldNotice;
import io.github.cutterrevert.RunId;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a HOLD is kept: the library's files ({@code <locks>/HOLD}, on one host) or a store shared by
 * every host (the jOOQ module's {@code DatabaseHold}: rows in the governance schema). A HOLD is
 * placed after an unrecovered failure and stays until a human releases it; while any store of a
 * {@link io.github.cutterrevert.FailClosed} holds, every mutating call refuses.
 *
 * <p>Implementations must be thread-safe, must never overwrite or delete a HOLD on their own, and
 * must keep the release as a record (a file kept beside the bundle, an appended row).
 */
public interface HoldStore {

    /**
     * Where this store keeps its HOLD, for messages and bundles.
     *
     * @return e.g. {@code /var/lib/cutter/locks/HOLD} or {@code table cutter_governance.cutter_hold_event}
     */
    String location();

    /**
     * The current HOLD, if any. A HOLD this store cannot read is still a HOLD: an implementation
     * returns a notice naming what it could not read rather than "no HOLD".
     *
     * @return the HOLD, empty when this store holds nothing
     */
    Optional<HoldNotice> current();

    /**
     * Places a HOLD unless this store holds already (then the existing one is left unchanged).
     *
     * @param runId the run whose failure caused it
     * @param reason why (one line is kept per value; never row contents)
     * @param at when
     * @return {@code true} when this call placed it, {@code false} when a HOLD was already there
     * @throws RuntimeException when the HOLD could not be persisted (the caller then holds in memory)
     */
    boolean place(RunId runId, String reason, Instant at);

    /**
     * Releases the current HOLD, keeping a record of who released it and why.
     *
     * @param held the HOLD being released, as {@link #current()} returned it
     * @param releasedBy who
     * @param reason why
     * @param at when
     * @throws RuntimeException when the release could not be recorded (the HOLD then stays)
     */
    void release(HoldNotice held, String releasedBy, String reason, Instant at);

    /**
     * Proves, without placing one, that a HOLD could be placed now (the preflight of {@code
     * execute()}): for files, the directory exists or can be created, is writable and takes a
     * hard-linked probe file (removed again); for a database, the role may read and append.
     *
     * @throws io.github.cutterrevert.CannotFailClosedException naming the place and the reason when it
     *     could not
     */
    void probe();
}
