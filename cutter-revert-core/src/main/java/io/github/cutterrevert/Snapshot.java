package io.github.cutterrevert;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A before-run ({@code pre}) or post-failure ({@code post}) snapshot (seed 000, section 2): row
 * counts of the mutation surface and the governance ledger, the immutability triggers' state and
 * the orchestrator functions' presence.
 *
 * @param runId the run
 * @param kind {@code "pre"} or {@code "post"}
 * @param takenAt when
 * @param role the database role that took it
 * @param counts qualified table name to its count (or why it could not be read)
 * @param triggers trigger name to its {@code tgenabled} flag ({@code O} enabled, {@code D}
 *     disabled), absent when the trigger is missing
 * @param functions function name to whether it exists
 */
public record Snapshot(
        RunId runId,
        String kind,
        Instant takenAt,
        String role,
        Map<String, TableCount> counts,
        Map<String, String> triggers,
        Map<String, Boolean> functions) {

    /** Copies the maps in sorted order. */
    public Snapshot {
        counts = java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
        triggers = java.util.Collections.unmodifiableMap(new TreeMap<>(triggers));
        functions = java.util.Collections.unmodifiableMap(new TreeMap<>(functions));
    }

    /**
     * The count of one table, when it was readable.
     *
     * @param qualifiedTable e.g. {@code "public.information_unit"}
     * @return the count, empty when unreadable or not counted
     */
    public Optional<Long> count(String qualifiedTable) {
        return counts.get(qualifiedTable) instanceof TableCount.Counted counted
                ? Optional.of(counted.rows())
                : Optional.empty();
    }

    /** A table's count, or why it could not be read. A closed set. */
    public sealed interface TableCount {
        /**
         * The table was read.
         *
         * @param rows the row count
         */
        record Counted(long rows) implements TableCount {}

        /**
         * The role may not read the table: recorded as unreadable, never as 0.
         *
         * @param sqlState the SQLSTATE, e.g. {@code 42501}
         */
        record Unreadable(String sqlState) implements TableCount {}
    }
}
