package io.github.cutterrevert;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Which rows of a table a plan step touches. A closed set. */
public sealed interface RowSelector {

    /**
     * The rows belonging to the change set's affected units: the units themselves in {@code
     * information_unit}, their children (by {@code information_unit_id}) in child tables. Rendered
     * as a set-based sub-select over {@code cut_change_set_affected_row}; ids are never loaded.
     *
     * @param changeSet the change set
     */
    record OfChangeSet(ChangeSetId changeSet) implements RowSelector {
        /** Rejects null. */
        public OfChangeSet {
            Checks.nonNull("changeSet", changeSet);
        }
    }

    /**
     * The rows whose identity columns equal these values (bound as values).
     *
     * @param identity column name to value, sorted by column
     */
    record ByIdentity(SortedMap<String, String> identity) implements RowSelector {
        /** Copies the identity; it must not be empty. */
        public ByIdentity {
            if (identity == null || identity.isEmpty()) {
                throw new InvalidInputException("identity", "at least one identity column", null);
            }
            identity = Collections.unmodifiableSortedMap(new TreeMap<>(Checks.entries("identity", identity)));
        }
    }
}
