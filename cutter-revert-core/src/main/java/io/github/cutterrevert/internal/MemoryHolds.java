package io.github.cutterrevert.internal;

import io.github.cutterrevert.HoldNotice;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HOLDs that could not be persisted (disk full, permissions changed mid-run, database down), kept
 * for the life of this JVM under the location where persisting failed: every fail-closed procedure
 * of this JVM that keeps its HOLD there refuses until an explicit release. Not API.
 */
public final class MemoryHolds {
    private static final ConcurrentHashMap<String, HoldNotice> HELD = new ConcurrentHashMap<>();

    private MemoryHolds() {}

    /**
     * The HOLD held in memory for a location.
     *
     * @param location where persisting it failed
     * @return the HOLD, empty when none
     */
    public static Optional<HoldNotice> current(String location) {
        return Optional.ofNullable(HELD.get(location));
    }

    /**
     * Holds in memory unless a HOLD is held for the location already (that one is kept).
     *
     * @param location where persisting it failed
     * @param notice the HOLD
     */
    public static void hold(String location, HoldNotice notice) {
        HELD.putIfAbsent(location, notice);
    }

    /**
     * Forgets the HOLD held for a location (an explicit release).
     *
     * @param location the location
     * @return whether one was held
     */
    public static boolean release(String location) {
        return HELD.remove(location) != null;
    }
}
