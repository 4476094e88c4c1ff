package io.github.cutterrevert.testkit;

import java.util.Objects;

/**
 * What a {@link SeedScenario} inserted: the identity of the seeded document and version (seed 004,
 * RB-P1) and how many downstream references point at the version. Immutable and thread-safe.
 *
 * @param sourceDocumentRef the document's {@code source_document_ref}
 * @param addressDocprefix the document's {@code address_docprefix}
 * @param documentVersionId the version's {@code document_version_id}
 * @param contentChecksum the version's {@code content_checksum}
 * @param registeredBy {@code registered_by} of both rows
 * @param downstreamReferences {@code iu_provenance} rows bound to the version
 */
public record SeedScenarioResult(
        String sourceDocumentRef,
        String addressDocprefix,
        String documentVersionId,
        String contentChecksum,
        String registeredBy,
        long downstreamReferences) {

    /** Rejects nulls. */
    public SeedScenarioResult {
        Objects.requireNonNull(sourceDocumentRef, "sourceDocumentRef");
        Objects.requireNonNull(addressDocprefix, "addressDocprefix");
        Objects.requireNonNull(documentVersionId, "documentVersionId");
        Objects.requireNonNull(contentChecksum, "contentChecksum");
        Objects.requireNonNull(registeredBy, "registeredBy");
    }
}
