package io.github.cutterrevert.testkit;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one change set: its ledger rows and the information units its affected rows name.
 * Start with {@link DatabaseAssert#changeSet(String)}.
 *
 * <pre>{@code
 * assertThat(db).changeSet("cs-1")
 *     .isRecorded()
 *     .hasUnitCount(300)
 *     .unitsAllHaveStatus("withdrawn")
 *     .hasDecisionCount("reverted", 1);
 * }</pre>
 *
 * <p>Not thread-safe (as any AssertJ assertion).
 */
public final class ChangeSetAssert extends AbstractAssert<ChangeSetAssert, String> {

    private static final String UNITS_OF_CHANGE_SET = "FROM cutter_governance.cut_change_set_affected_row a"
            + " JOIN public.information_unit iu ON iu.id = a.information_unit_id WHERE a.change_set_id = ?";

    private final TestDatabase database;

    ChangeSetAssert(TestDatabase database, String changeSetId) {
        super(changeSetId, ChangeSetAssert.class);
        this.database = database;
    }

    /**
     * Verifies that the change set has its {@code cut_change_set} row.
     *
     * @return this assertion
     */
    public ChangeSetAssert isRecorded() {
        long rows = count("SELECT count(*) FROM cutter_governance.cut_change_set WHERE change_set_id = ?");
        if (rows != 1) {
            failWithMessage(
                    "Expected change set %s to be recorded in database %s but it is not", actual, database.name());
        }
        return this;
    }

    /**
     * Verifies how many of the change set's information units still exist (affected rows whose unit
     * was deleted do not count).
     *
     * @param expected the expected number of units
     * @return this assertion
     */
    public ChangeSetAssert hasUnitCount(long expected) {
        long units = count("SELECT count(*) " + UNITS_OF_CHANGE_SET);
        if (units != expected) {
            failWithActualExpectedAndMessage(
                    units,
                    expected,
                    "Expected change set %s in database %s to have %d information units but it has %d",
                    actual,
                    database.name(),
                    expected,
                    units);
        }
        return this;
    }

    /**
     * Verifies how many unit versions the change set's existing units have.
     *
     * @param expected the expected number of versions
     * @return this assertion
     */
    public ChangeSetAssert hasVersionCount(long expected) {
        long versions = count("SELECT count(*) FROM cutter_governance.cut_change_set_affected_row a"
                + " JOIN public.unit_version uv ON uv.information_unit_id = a.information_unit_id"
                + " WHERE a.change_set_id = ?");
        if (versions != expected) {
            failWithActualExpectedAndMessage(
                    versions,
                    expected,
                    "Expected change set %s in database %s to have %d unit versions but it has %d",
                    actual,
                    database.name(),
                    expected,
                    versions);
        }
        return this;
    }

    /**
     * Verifies how many {@code cut_change_set_affected_row} rows the ledger holds for the change set
     * (they outlive reverted units).
     *
     * @param expected the expected number of affected rows
     * @return this assertion
     */
    public ChangeSetAssert hasAffectedRowCount(long expected) {
        long rows = count("SELECT count(*) FROM cutter_governance.cut_change_set_affected_row WHERE change_set_id = ?");
        if (rows != expected) {
            failWithActualExpectedAndMessage(
                    rows,
                    expected,
                    "Expected change set %s in database %s to have %d affected rows but it has %d",
                    actual,
                    database.name(),
                    expected,
                    rows);
        }
        return this;
    }

    /**
     * Verifies that the change set has at least one existing unit and that every one of them has a
     * lifecycle status.
     *
     * @param status e.g. {@code draft}, {@code enacted}, {@code withdrawn}
     * @return this assertion
     */
    public ChangeSetAssert unitsAllHaveStatus(String status) {
        Map<String, Long> byStatus = DatabaseAssert.query(database, connection -> {
            Map<String, Long> found = new TreeMap<>();
            try (var query = connection.prepareStatement(
                    "SELECT iu.lifecycle_status, count(*) " + UNITS_OF_CHANGE_SET + " GROUP BY iu.lifecycle_status")) {
                query.setString(1, actual);
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            return found;
        });
        if (byStatus.isEmpty()) {
            failWithMessage(
                    "Expected every information unit of change set %s in database %s to be %s but the change set has no units",
                    actual, database.name(), status);
        }
        if (!byStatus.keySet().equals(Set.of(status))) {
            failWithMessage(
                    "Expected every information unit of change set %s in database %s to be %s but found units by status %s",
                    actual, database.name(), status, byStatus);
        }
        return this;
    }

    /**
     * Verifies how many {@code review_decision} rows with a decision the change set has.
     *
     * @param decision e.g. {@code reverted}
     * @param expected the expected number of rows
     * @return this assertion
     */
    public ChangeSetAssert hasDecisionCount(String decision, long expected) {
        long rows = DatabaseAssert.query(
                database,
                connection -> Jdbc.count(
                        connection,
                        "SELECT count(*) FROM cutter_governance.review_decision WHERE change_set_id = ? AND decision = ?",
                        actual,
                        decision));
        if (rows != expected) {
            failWithActualExpectedAndMessage(
                    rows,
                    expected,
                    "Expected change set %s in database %s to have %d '%s' review decisions but it has %d",
                    actual,
                    database.name(),
                    expected,
                    decision,
                    rows);
        }
        return this;
    }

    private long count(String sql) {
        return DatabaseAssert.query(database, connection -> Jdbc.count(connection, sql, actual));
    }
}
