package io.github.cutterrevert.testkit;

import static io.github.cutterrevert.testkit.SqlStates.count;
import static io.github.cutterrevert.testkit.SqlStates.sqlStateOf;
import static io.github.cutterrevert.testkit.SqlStates.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/** The seed-004 delta, with and without downstream references. */
class SeedScenarioIT {

    @Test
    void insertsExactlyTheSeedDeltaWithItsIdentity() throws SQLException {
        try (TestDatabase db = TestDatabase.create("seed")) {
            SeedScenarioResult seed = SeedScenario.constitutionSource().apply(db.dataSource());

            assertThat(seed)
                    .isEqualTo(new SeedScenarioResult(
                            "incomex-constitution",
                            "ICX-CONST",
                            "icxconst-008a06ace23a96ea6cd456146e805c97",
                            "17660443e0f23e994e1807cf8e22920951a9e70c598956dbd0e752f4f5cae80c",
                            "constitution-source-seed",
                            0));
            CutterAssertions.assertThat(db)
                    .hasRowCount("cutter_governance.source_document_registry", 1)
                    .hasRowCount("cutter_governance.source_document_version_registry", 1)
                    .hasRowCount("public.iu_provenance", 0)
                    .hasRowCount("public.information_unit", 0);
            assertThat(string(
                            db.dataSource(),
                            "SELECT source_document_ref || '|' || address_docprefix || '|' || registered_by || '|' || lifecycle"
                                    + " FROM cutter_governance.source_document_registry"))
                    .isEqualTo("incomex-constitution|ICX-CONST|constitution-source-seed|active");
            assertThat(string(
                            db.dataSource(),
                            "SELECT document_version_id || '|' || source_document_ref || '|' || content_checksum || '|'"
                                    + " || registered_by FROM cutter_governance.source_document_version_registry"))
                    .isEqualTo(
                            "icxconst-008a06ace23a96ea6cd456146e805c97|incomex-constitution|"
                                    + "17660443e0f23e994e1807cf8e22920951a9e70c598956dbd0e752f4f5cae80c|constitution-source-seed");
            assertThat(sqlStateOf(db.dataSource(), "DELETE FROM cutter_governance.source_document_registry"))
                    .as("parent before child is refused by fk_sdvr_source_document")
                    .isEqualTo("23503");
        }
    }

    @Test
    void downstreamReferencesBindUnitsToTheSeededVersion() throws SQLException {
        try (TestDatabase db = TestDatabase.create("seed-downstream")) {
            SeedScenarioResult seed =
                    SeedScenario.constitutionSource().downstreamReferences(2).apply(db.dataSource());

            assertThat(seed.downstreamReferences()).isEqualTo(2);
            assertThat(count(
                            db.dataSource(),
                            "SELECT count(*) FROM public.iu_provenance p JOIN public.information_unit iu"
                                    + " ON iu.id = p.information_unit_id WHERE p.document_version_id = '"
                                    + SeedScenario.DOCUMENT_VERSION_ID
                                    + "' AND iu.address LIKE 'ICX-CONST/downstream-%'"))
                    .isEqualTo(2);
            assertThat(sqlStateOf(db.dataSource(), "DELETE FROM cutter_governance.source_document_version_registry"))
                    .as("a clean delete of a referenced version is refused")
                    .isEqualTo("23503");
        }
    }

    @Test
    void applyingTwiceFailsWithoutPartialRows() {
        try (TestDatabase db = TestDatabase.create("seed-twice")) {
            SeedScenario.constitutionSource().apply(db.dataSource());

            assertThatThrownBy(() -> SeedScenario.constitutionSource()
                            .downstreamReferences(1)
                            .apply(db.dataSource()))
                    .isInstanceOf(DataAccessException.class)
                    .satisfies(e ->
                            assertThat(((DataAccessException) e).sqlState()).isEqualTo("23505"));
            CutterAssertions.assertThat(db)
                    .hasRowCount("cutter_governance.source_document_registry", 1)
                    .hasRowCount("public.iu_provenance", 0);
        }
    }
}
