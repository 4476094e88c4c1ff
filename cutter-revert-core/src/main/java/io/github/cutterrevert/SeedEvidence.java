package io.github.cutterrevert;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the database shows for a seed delta (seed 004, RB-P1 to RB-P3).
 *
 * @param parentMatches rows of {@code source_document_registry} matching the parent identity
 * @param childMatches rows of {@code source_document_version_registry} matching the child identity
 * @param otherChildRows other version rows of the same document (RB-P2: must be 0)
 * @param downstreamReferences referencing table to the number of rows referencing the parent or
 *     child (RB-P2: must all be 0)
 * @param parentLifecycle the parent's current lifecycle value, when it exists
 * @param childVersionStatus the child's current version status, when it exists
 * @param identityDifferences the identity columns of rows that have the delta's key ({@code
 *     source_document_ref}, {@code document_version_id}) but differ from the delta (RB-P1: stop and
 *     report); empty when every row with the delta's keys matches it or none exists
 */
public record SeedEvidence(
        long parentMatches,
        long childMatches,
        long otherChildRows,
        Map<String, Long> downstreamReferences,
        Optional<String> parentLifecycle,
        Optional<String> childVersionStatus,
        List<IdentityDifference> identityDifferences) {

    /** Copies the map and list, dropping zero counts; rejects nulls. */
    public SeedEvidence {
        identityDifferences = Checks.listCopy("identityDifferences", identityDifferences);
        Checks.nonNull("parentLifecycle", parentLifecycle);
        Checks.nonNull("childVersionStatus", childVersionStatus);
        java.util.TreeMap<String, Long> refs = new java.util.TreeMap<>();
        Checks.entries("downstreamReferences", downstreamReferences).forEach((table, count) -> {
            if (count != 0) {
                refs.put(table, count);
            }
        });
        downstreamReferences = java.util.Collections.unmodifiableMap(refs);
    }

    /**
     * Evidence without identity differences.
     *
     * @param parentMatches rows matching the parent identity
     * @param childMatches rows matching the child identity
     * @param otherChildRows other version rows of the same document
     * @param downstreamReferences referencing table to the number of referencing rows
     * @param parentLifecycle the parent's lifecycle value, when it exists
     * @param childVersionStatus the child's version status, when it exists
     */
    public SeedEvidence(
            long parentMatches,
            long childMatches,
            long otherChildRows,
            Map<String, Long> downstreamReferences,
            Optional<String> parentLifecycle,
            Optional<String> childVersionStatus) {
        this(
                parentMatches,
                childMatches,
                otherChildRows,
                downstreamReferences,
                parentLifecycle,
                childVersionStatus,
                List.of());
    }

    /**
     * An identity column of a row with the delta's key whose value is not the delta's.
     *
     * @param table the registry table
     * @param column the column's runbook name, e.g. {@code registered_by}
     * @param expected the delta's value
     * @param found the row's value, empty for SQL NULL
     */
    public record IdentityDifference(LogicalTable table, String column, String expected, Optional<String> found) {
        /** Rejects nulls. */
        public IdentityDifference {
            Checks.nonNull("table", table);
            Checks.nonNull("column", column);
            Checks.nonNull("expected", expected);
            Checks.nonNull("found", found);
        }

        /**
         * The difference as one line.
         *
         * @return e.g. {@code source_document_registry.registered_by: expected 'a', found 'b'}
         */
        @Override
        public String toString() {
            return table.defaultName() + "." + column + ": expected '" + expected + "', found "
                    + found.map(value -> "'" + value + "'").orElse("NULL");
        }
    }

    /**
     * All downstream references together.
     *
     * @return the total
     */
    public long downstreamTotal() {
        return downstreamReferences.values().stream().mapToLong(Long::longValue).sum();
    }
}
