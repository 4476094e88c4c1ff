package io.github.cutterrevert;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A registry seed to roll back, declared by exact identity (seed 004, section 1): one parent row
 * of {@code source_document_registry} and one child row of {@code source_document_version_registry}.
 * Identity columns are compared as bound values, never as rendered strings. The pinned snapshot
 * artifact is never part of a delta.
 *
 * @param parentIdentity identity columns of the parent row, e.g. {@code source_document_ref},
 *     {@code address_docprefix}, {@code registered_by}
 * @param childIdentity identity columns of the child row, e.g. {@code source_document_ref},
 *     {@code content_checksum}, {@code document_version_id}, {@code registered_by}
 */
public record SeedDelta(SortedMap<String, String> parentIdentity, SortedMap<String, String> childIdentity) {

    /** Copies and validates both identities. */
    public SeedDelta {
        parentIdentity = copy("parentIdentity", parentIdentity);
        childIdentity = copy("childIdentity", childIdentity);
    }

    private static SortedMap<String, String> copy(String field, SortedMap<String, String> identity) {
        if (identity == null || identity.isEmpty()) {
            throw new InvalidInputException(field, "at least one identity column", null);
        }
        TreeMap<String, String> copy = new TreeMap<>();
        identity.forEach((column, value) -> {
            if (column == null || !column.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new InvalidInputException(
                        field + " column", "a lower-case SQL identifier of at most 63 characters", column);
            }
            if (value == null) {
                throw new InvalidInputException(field + "." + column, "a non-null value", null);
            }
            copy.put(column, value);
        });
        return Collections.unmodifiableSortedMap(copy);
    }

    /**
     * A short, stable description for lock keys and messages.
     *
     * @return e.g. {@code "seed source_document_ref=incomex-constitution"}
     */
    public String subject() {
        return "seed " + parentIdentity;
    }
}
