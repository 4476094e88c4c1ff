package io.github.cutterrevert;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the database shows for one change set: the facts the planner decides on.
 *
 * @param changeSet the change set
 * @param changeSetRecorded whether its {@code cut_change_set} row exists
 * @param unitsByStatus the change set's units per lifecycle status (statuses with no unit may be
 *     absent)
 * @param versionsByStatus the change set's unit versions per lifecycle status
 * @param lifecycleLogRows the lifecycle-log rows of the change set's units
 * @param ledgerRows the ledger rows of the change set per ledger table ({@code review_decision}
 *     counts every decision, compensating or not)
 * @param revertDecisions the compensating {@code reverted} decisions already recorded for the
 *     change set
 * @param backupArtifactPresent whether the run's backup artifact still exists
 * @param schema what the catalog shows
 */
public record CutEvidence(
        ChangeSetId changeSet,
        boolean changeSetRecorded,
        Map<String, Long> unitsByStatus,
        Map<String, Long> versionsByStatus,
        long lifecycleLogRows,
        Map<LogicalTable, Long> ledgerRows,
        long revertDecisions,
        boolean backupArtifactPresent,
        SchemaFacts schema) {

    /** Copies every map and drops zero counts. */
    public CutEvidence {
        if (changeSet == null || schema == null) {
            throw new InvalidInputException("changeSet/schema", "non-null values", null);
        }
        unitsByStatus = withoutZeros("unitsByStatus", unitsByStatus);
        versionsByStatus = withoutZeros("versionsByStatus", versionsByStatus);
        EnumMap<LogicalTable, Long> ledger = new EnumMap<>(LogicalTable.class);
        Checks.entries("ledgerRows", ledgerRows).forEach((table, count) -> {
            if (!table.ledger()) {
                throw new InvalidInputException("ledgerRows", "ledger tables only", table.name());
            }
            if (count != 0) {
                ledger.put(table, count);
            }
        });
        ledgerRows = Map.copyOf(ledger);
    }

    private static Map<String, Long> withoutZeros(String field, Map<String, Long> counts) {
        java.util.TreeMap<String, Long> copy = new java.util.TreeMap<>();
        Checks.entries(field, counts).forEach((status, count) -> {
            if (count != 0) {
                copy.put(status, count);
            }
        });
        return Map.copyOf(copy);
    }

    /**
     * Returns a copy with the backup artifact's presence replaced.
     *
     * @param present whether the run's backup artifact exists
     * @return the new evidence
     */
    public CutEvidence withBackupArtifactPresent(boolean present) {
        return new CutEvidence(
                changeSet,
                changeSetRecorded,
                unitsByStatus,
                versionsByStatus,
                lifecycleLogRows,
                ledgerRows,
                revertDecisions,
                present,
                schema);
    }

    /**
     * The change set's units in one status.
     *
     * @param status the lifecycle status
     * @return the count, 0 when none
     */
    public long units(String status) {
        return unitsByStatus.getOrDefault(status, 0L);
    }

    /**
     * All the change set's units that still exist.
     *
     * @return the total
     */
    public long units() {
        return unitsByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The change set's versions in one status.
     *
     * @param status the lifecycle status
     * @return the count, 0 when none
     */
    public long versions(String status) {
        return versionsByStatus.getOrDefault(status, 0L);
    }

    /**
     * All the change set's versions that still exist.
     *
     * @return the total
     */
    public long versions() {
        return versionsByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The change set's rows in one ledger table.
     *
     * @param table a ledger table
     * @return the count, 0 when none
     */
    public long ledger(LogicalTable table) {
        return ledgerRows.getOrDefault(table, 0L);
    }
}
