package io.github.cutterrevert.soak;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * What the soak's model compares, read on a fresh superuser connection: every enacted unit and
 * version (as an md5 of the whole row), every ledger row (as md5s, a multiset per table), and the
 * rows of one change set.
 *
 * @param enacted {@code table:id} to md5 of the row, for enacted units and versions
 * @param ledger ledger table to the sorted md5s of its rows
 * @param changeSet the change set's rows
 */
record WorldState(Map<String, String> enacted, Map<String, List<String>> ledger, ChangeSetRows changeSet) {

    static final List<String> LEDGER = List.of(
            "cutter_governance.cut_change_set",
            "cutter_governance.cut_change_set_affected_row",
            "cutter_governance.manifest_envelope",
            "cutter_governance.review_decision",
            "cutter_governance.verify_result",
            "cutter_governance.dot_pair_signature");

    /**
     * The rows of one change set.
     *
     * @param units units per lifecycle status
     * @param versions versions per lifecycle status
     * @param logRows lifecycle-log rows of its units
     * @param reverted compensating 'reverted' decisions naming it
     * @param rowsMd5 md5 over every unit and version row of it, in id order
     */
    record ChangeSetRows(
            Map<String, Long> units, Map<String, Long> versions, long logRows, long reverted, String rowsMd5) {
        long unitCount() {
            return units.values().stream().mapToLong(Long::longValue).sum();
        }

        long versionCount() {
            return versions.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static WorldState read(DataSource admin, String changeSet) {
        try (Connection connection = admin.getConnection()) {
            Map<String, String> enacted = new HashMap<>();
            rows(
                    connection,
                    "SELECT 'iu:' || id, md5(t::text) FROM public.information_unit t WHERE lifecycle_status = 'enacted'"
                            + " UNION ALL SELECT 'uv:' || id, md5(t::text) FROM public.unit_version t"
                            + " WHERE lifecycle_status = 'enacted'",
                    null,
                    r -> enacted.put(r.getString(1), r.getString(2)));
            Map<String, List<String>> ledger = new TreeMap<>();
            for (String table : LEDGER) {
                List<String> hashes = new ArrayList<>();
                rows(
                        connection,
                        "SELECT md5(t::text) FROM " + table + " t ORDER BY 1",
                        null,
                        r -> hashes.add(r.getString(1)));
                ledger.put(table, hashes);
            }
            return new WorldState(enacted, ledger, changeSet(connection, changeSet));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the world state (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    static ChangeSetRows changeSet(Connection connection, String changeSet) throws SQLException {
        String units =
                "SELECT iu.id FROM public.information_unit iu JOIN cutter_governance.cut_change_set_affected_row a"
                        + " ON a.information_unit_id = iu.id WHERE a.change_set_id = ?";
        Map<String, Long> unitStatus = new TreeMap<>();
        rows(
                connection,
                "SELECT lifecycle_status, count(*) FROM public.information_unit WHERE id IN (" + units + ") GROUP BY 1",
                changeSet,
                r -> unitStatus.put(r.getString(1), r.getLong(2)));
        Map<String, Long> versionStatus = new TreeMap<>();
        rows(
                connection,
                "SELECT lifecycle_status, count(*) FROM public.unit_version WHERE information_unit_id IN (" + units
                        + ") GROUP BY 1",
                changeSet,
                r -> versionStatus.put(r.getString(1), r.getLong(2)));
        long[] logs = new long[1];
        rows(
                connection,
                "SELECT count(*) FROM public.iu_lifecycle_log WHERE information_unit_id IN (" + units + ")",
                changeSet,
                r -> logs[0] = r.getLong(1));
        long[] reverted = new long[1];
        rows(
                connection,
                "SELECT count(*) FROM cutter_governance.review_decision WHERE change_set_id = ? AND decision = 'reverted'",
                changeSet,
                r -> reverted[0] = r.getLong(1));
        String[] md5 = new String[1];
        rows(
                connection,
                "SELECT coalesce(md5(string_agg(x, '|' ORDER BY x)), '') FROM ("
                        + " SELECT 'iu' || t::text AS x FROM public.information_unit t WHERE id IN (" + units + ")"
                        + " UNION ALL SELECT 'uv' || t::text FROM public.unit_version t WHERE information_unit_id IN ("
                        + units + ")) rows_of_change_set",
                List.of(changeSet, changeSet),
                r -> md5[0] = r.getString(1));
        return new ChangeSetRows(unitStatus, versionStatus, logs[0], reverted[0], md5[0]);
    }

    @FunctionalInterface
    private interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    private static void rows(Connection connection, String sql, Object parameters, RowConsumer consumer)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameters instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    statement.setObject(i + 1, list.get(i));
                }
            } else if (parameters != null) {
                statement.setObject(1, parameters);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    consumer.accept(rows);
                }
            }
        }
    }

    /**
     * What disagrees with "the ledger only grew and no enacted row changed" between two states.
     *
     * @param before the earlier state
     * @param after the later state
     * @return the violations, empty when none
     */
    static List<String> onlyGrew(WorldState before, WorldState after) {
        List<String> violations = new ArrayList<>();
        before.enacted.forEach((row, md5) -> {
            String now = after.enacted.get(row);
            if (!md5.equals(now)) {
                violations.add("enacted row " + row + (now == null ? " is gone or no longer enacted" : " changed"));
            }
        });
        for (String table : LEDGER) {
            List<String> remaining = new ArrayList<>(after.ledger.get(table));
            for (String row : before.ledger.get(table)) {
                if (!remaining.remove(row)) {
                    violations.add("ledger table " + table + " lost or changed a row (md5 " + row + ")");
                }
            }
        }
        return violations;
    }
}
