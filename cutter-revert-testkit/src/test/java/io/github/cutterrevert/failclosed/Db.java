package io.github.cutterrevert.failclosed;

import static io.github.cutterrevert.testkit.PlainJdbc.count;
import static io.github.cutterrevert.testkit.PlainJdbc.text;

import io.github.cutterrevert.testkit.PlainJdbc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Plain JDBC for setup and checks, outside the code under test. */
final class Db {
    /** Every table a snapshot counts, plus the affected rows and the registry. */
    static final List<String> TABLES = List.of(
            "public.information_unit",
            "public.unit_version",
            "public.iu_lifecycle_log",
            "public.iu_provenance",
            "cutter_governance.cut_change_set",
            "cutter_governance.cut_change_set_affected_row",
            "cutter_governance.manifest_envelope",
            "cutter_governance.review_decision",
            "cutter_governance.verify_result",
            "cutter_governance.dot_pair_signature",
            "cutter_governance.source_document_registry",
            "cutter_governance.source_document_version_registry");

    private Db() {}

    /**
     * A real failure inside the compensation's transaction: the second unit an UPDATE touches whose
     * address starts with {@code addressPrefix} raises, quoting its address.
     */
    static void failTheSecondUnitUpdated(DataSource dataSource, String addressPrefix) {
        PlainJdbc.run(
                dataSource,
                "CREATE FUNCTION public.fail_second_row() RETURNS trigger LANGUAGE plpgsql AS $$"
                        + " DECLARE n int := coalesce(nullif(current_setting('failclosed.rows', true), ''), '0')::int + 1;"
                        + " BEGIN PERFORM set_config('failclosed.rows', n::text, true);"
                        + " IF n = 2 AND NEW.address LIKE '" + addressPrefix
                        + "%' THEN RAISE EXCEPTION 'refusing unit %', NEW.address;"
                        + " END IF; RETURN NEW; END $$");
        PlainJdbc.run(
                dataSource,
                "CREATE TRIGGER fail_second_row BEFORE UPDATE ON public.information_unit"
                        + " FOR EACH ROW EXECUTE FUNCTION public.fail_second_row()");
    }

    /** Every table's row count, every unit's and version's status and every decision, as one value. */
    static Map<String, Object> state(DataSource dataSource) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (String table : TABLES) {
            state.put(table, count(dataSource, "SELECT count(*) FROM " + table));
        }
        state.put(
                "unit statuses",
                text(
                        dataSource,
                        "SELECT string_agg(address || '=' || lifecycle_status, ',' ORDER BY address)"
                                + " FROM public.information_unit"));
        state.put(
                "version statuses",
                text(
                        dataSource,
                        "SELECT string_agg(information_unit_id || '/' || version_no || '=' || lifecycle_status, ','"
                                + " ORDER BY information_unit_id, version_no) FROM public.unit_version"));
        state.put(
                "registry",
                text(
                        dataSource,
                        "SELECT string_agg(source_document_ref || '=' || lifecycle, ',' ORDER BY source_document_ref)"
                                + " FROM cutter_governance.source_document_registry"));
        state.put(
                "decisions",
                text(
                        dataSource,
                        "SELECT string_agg(change_set_id || ':' || decision || ':' || decided_by || ':'"
                                + " || coalesce(revert_run_id, '') || ':' || decided_at::text, ',' ORDER BY id)"
                                + " FROM cutter_governance.review_decision"));
        return state;
    }
}
