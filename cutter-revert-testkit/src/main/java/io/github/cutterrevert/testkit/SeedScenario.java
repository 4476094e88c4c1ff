package io.github.cutterrevert.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.exception.DataAccessException;

/**
 * Inserts the seed-004 delta, the constitution source document and its one version, optionally
 * with downstream references that forbid a clean delete (seed 004, RB-P2).
 *
 * <pre>{@code
 * SeedScenarioResult seed = SeedScenario.constitutionSource()
 *     .downstreamReferences(1)
 *     .apply(db.dataSource());
 * }</pre>
 *
 * <p>Mutable and not thread-safe.
 */
public final class SeedScenario {

    /** {@code source_document_registry.source_document_ref} of the seeded document. */
    public static final String SOURCE_DOCUMENT_REF = "incomex-constitution";
    /** {@code source_document_registry.address_docprefix} of the seeded document. */
    public static final String ADDRESS_DOCPREFIX = "ICX-CONST";
    /** {@code registered_by} of both seeded rows. */
    public static final String REGISTERED_BY = "constitution-source-seed";
    /** {@code source_document_version_registry.document_version_id} of the seeded version. */
    public static final String DOCUMENT_VERSION_ID = "icxconst-008a06ace23a96ea6cd456146e805c97";
    /** {@code source_document_version_registry.content_checksum} of the seeded version. */
    public static final String CONTENT_CHECKSUM = "17660443e0f23e994e1807cf8e22920951a9e70c598956dbd0e752f4f5cae80c";

    private int downstreamReferences;
    private SchemaVariant schema = SchemaVariant.REFERENCE;

    private SeedScenario() {}

    /**
     * Starts the scenario for the seed-004 delta: {@code +1 source_document_registry}, {@code +1
     * source_document_version_registry}.
     *
     * @return a new builder
     */
    public static SeedScenario constitutionSource() {
        return new SeedScenario();
    }

    /**
     * Adds downstream references to the seeded version (default: 0): for each, a draft information
     * unit {@code ICX-CONST/downstream-n} and an {@code iu_provenance} row binding it to the version.
     *
     * @param count at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public SeedScenario downstreamReferences(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("downstreamReferences must be >= 0 but was " + count);
        }
        this.downstreamReferences = count;
        return this;
    }

    /**
     * Writes into one of the testkit's schemas (default: {@link SchemaVariant#REFERENCE}).
     *
     * @param variant the schema the database holds
     * @return this builder
     */
    public SeedScenario schema(SchemaVariant variant) {
        this.schema = Objects.requireNonNull(variant, "variant");
        return this;
    }

    /**
     * Inserts the delta (and references) in one transaction.
     *
     * @param dataSource a data source whose user may write the registries and {@code public} (the
     *     superuser or {@code cutter_exec})
     * @return what was inserted
     * @throws DataAccessException if the database refuses, e.g. because the delta is already there
     */
    public SeedScenarioResult apply(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                SchemaVariant.ScenarioSql sql = schema.scenarioSql();
                Jdbc.update(connection, sql.document(), SOURCE_DOCUMENT_REF, ADDRESS_DOCPREFIX, REGISTERED_BY);
                Jdbc.update(
                        connection,
                        sql.version(),
                        DOCUMENT_VERSION_ID,
                        SOURCE_DOCUMENT_REF,
                        CONTENT_CHECKSUM,
                        REGISTERED_BY);
                if (downstreamReferences > 0) {
                    Jdbc.update(
                            connection, sql.downstream(), ADDRESS_DOCPREFIX, downstreamReferences, DOCUMENT_VERSION_ID);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("could not insert the seed-004 delta", e);
        }
        return new SeedScenarioResult(
                SOURCE_DOCUMENT_REF,
                ADDRESS_DOCPREFIX,
                DOCUMENT_VERSION_ID,
                CONTENT_CHECKSUM,
                REGISTERED_BY,
                downstreamReferences);
    }
}
