package io.github.cutterrevert.jooq;

import static io.github.cutterrevert.testkit.PlainJdbc.count;
import static io.github.cutterrevert.testkit.PlainJdbc.text;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Plain JDBC for the integration tests' setup and checks, outside the code under test. */
final class Sql {
    /** Every table a snapshot counts. */
    static final List<String> TABLES = List.of(
            "public.information_unit",
            "public.unit_version",
            "public.iu_lifecycle_log",
            "cutter_governance.cut_change_set",
            "cutter_governance.cut_change_set_affected_row",
            "cutter_governance.manifest_envelope",
            "cutter_governance.review_decision",
            "cutter_governance.verify_result",
            "cutter_governance.dot_pair_signature",
            "cutter_governance.source_document_registry",
            "cutter_governance.source_document_version_registry");

    private Sql() {}

    /** Every table's row count, plus every unit's and version's status, as one comparable value. */
    static Map<String, Object> state(DataSource dataSource) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (String table : TABLES) {
            state.put(table, count(dataSource, "SELECT count(*) FROM " + table));
        }
        state.put(
                "unit statuses",
                text(
                        dataSource,
                        "SELECT string_agg(address || '=' || lifecycle_status, ',' ORDER BY address) FROM public.information_unit"));
        state.put(
                "version statuses",
                text(
                        dataSource,
                        "SELECT string_agg(information_unit_id || '/' || version_no || '=' || lifecycle_status, ','"
                                + " ORDER BY information_unit_id, version_no) FROM public.unit_version"));
        state.put(
                "decisions",
                text(
                        dataSource,
                        "SELECT string_agg(change_set_id || ':' || decision || ':' || decided_by || ':' || coalesce(revert_run_id, '')"
                                + " || ':' || coalesce(note, '') || ':' || decided_at::text, ','"
                                + " ORDER BY id) FROM cutter_governance.review_decision"));
        return state;
    }

    /** A recorded sovereign decision approving exactly this plan. */
    static Authority.RecordedDecision approve(CompensationPlan plan) {
        return Authority.decision(
                "sovereign@example.org",
                "DEC-" + plan.fingerprint().shortForm(),
                "reviewed at command review",
                plan.fingerprint(),
                Instant.parse("2026-05-21T10:00:00Z"));
    }
}
