package io.github.cutterrevert.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractAssert;
import org.jooq.exception.DataAccessException;

/**
 * Assertions on the state of a {@link TestDatabase}, read as the superuser at the moment each
 * assertion runs. Start with {@link CutterAssertions#assertThat(TestDatabase)}.
 *
 * <p>Not thread-safe (as any AssertJ assertion); the database may be shared.
 */
public final class DatabaseAssert extends AbstractAssert<DatabaseAssert, TestDatabase> {

    private static final Pattern QUALIFIED_TABLE = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");
    private static final String[] IMMUTABILITY_TRIGGERS = {"trg_iu_enacted_immut", "trg_uv_enacted_immut"};
    private static final String[] ORCHESTRATOR_FUNCTIONS = {"fn_iu_create", "fn_iu_enact"};

    DatabaseAssert(TestDatabase actual) {
        super(actual, DatabaseAssert.class);
        isNotNull();
    }

    /**
     * Verifies a table's row count.
     *
     * <pre>{@code
     * assertThat(db).hasRowCount("cutter_governance.review_decision", 1);
     * }</pre>
     *
     * @param qualifiedTable {@code schema.table}, lower case
     * @param expected the expected number of rows
     * @return this assertion
     * @throws IllegalArgumentException if {@code qualifiedTable} is not {@code schema.table}
     */
    public DatabaseAssert hasRowCount(String qualifiedTable, long expected) {
        if (qualifiedTable == null || !QUALIFIED_TABLE.matcher(qualifiedTable).matches()) {
            throw new IllegalArgumentException(
                    "qualifiedTable must be schema.table in lower case but was " + qualifiedTable);
        }
        long rows = query(connection -> {
            if (Jdbc.count(connection, "SELECT count(*) FROM pg_class WHERE oid = to_regclass(?)", qualifiedTable)
                    == 0) {
                return -1L;
            }
            return Jdbc.count(connection, "SELECT count(*) FROM " + qualifiedTable);
        });
        if (rows < 0) {
            failWithMessage("Expected table %s to exist in database %s but it does not", qualifiedTable, actual.name());
        }
        if (rows != expected) {
            failWithActualExpectedAndMessage(
                    rows,
                    expected,
                    "Expected %s in database %s to have %d rows but it has %d",
                    qualifiedTable,
                    actual.name(),
                    expected,
                    rows);
        }
        return this;
    }

    /**
     * Verifies the seed baseline's public counts: {@value ReferenceWorld#UNITS} information units,
     * {@value ReferenceWorld#VERSIONS} unit versions, {@value ReferenceWorld#LIFECYCLE_LOG_ROWS}
     * lifecycle log rows (seed 000, section 2).
     *
     * @return this assertion
     */
    public DatabaseAssert hasBaselineCounts() {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("public.information_unit", ReferenceWorld.UNITS);
        expected.put("public.unit_version", ReferenceWorld.VERSIONS);
        expected.put("public.iu_lifecycle_log", ReferenceWorld.LIFECYCLE_LOG_ROWS);
        Map<String, Long> found = query(connection -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : expected.keySet()) {
                counts.put(table, Jdbc.count(connection, "SELECT count(*) FROM " + table));
            }
            return counts;
        });
        if (!found.equals(expected)) {
            failWithActualExpectedAndMessage(
                    found,
                    expected,
                    "Expected database %s at the seed baseline %d / %d / %d but found %d / %d / %d",
                    actual.name(),
                    ReferenceWorld.UNITS,
                    ReferenceWorld.VERSIONS,
                    ReferenceWorld.LIFECYCLE_LOG_ROWS,
                    found.get("public.information_unit"),
                    found.get("public.unit_version"),
                    found.get("public.iu_lifecycle_log"));
        }
        return this;
    }

    /**
     * Verifies that both immutability triggers exist and are enabled ({@code tgenabled = 'O'}).
     *
     * @return this assertion
     */
    public DatabaseAssert hasImmutabilityTriggersEnabled() {
        Map<String, String> states = query(connection -> {
            Map<String, String> found = new LinkedHashMap<>();
            for (String trigger : IMMUTABILITY_TRIGGERS) {
                try (var statement = connection.prepareStatement(
                        "SELECT tgenabled::text FROM pg_trigger WHERE tgname = ? AND NOT tgisinternal")) {
                    statement.setString(1, trigger);
                    try (var rows = statement.executeQuery()) {
                        found.put(trigger, rows.next() ? rows.getString(1) : "missing");
                    }
                }
            }
            return found;
        });
        for (Map.Entry<String, String> state : states.entrySet()) {
            if (!"O".equals(state.getValue())) {
                failWithMessage(
                        "Expected trigger %s in database %s to be enabled (tgenabled = 'O') but it is %s",
                        state.getKey(), actual.name(), state.getValue());
            }
        }
        return this;
    }

    /**
     * Verifies that {@code public.fn_iu_create} and {@code public.fn_iu_enact} exist, once each.
     *
     * @return this assertion
     */
    public DatabaseAssert hasOrchestratorFunctions() {
        for (String function : ORCHESTRATOR_FUNCTIONS) {
            long found = query(connection -> Jdbc.count(
                    connection,
                    "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                            + " WHERE n.nspname = 'public' AND p.proname = ?",
                    function));
            if (found != 1) {
                failWithMessage(
                        "Expected function public.%s to exist once in database %s but found %d",
                        function, actual.name(), found);
            }
        }
        return this;
    }

    /**
     * Moves on to assertions about one change set.
     *
     * @param changeSetId the change set id
     * @return a new assertion, carrying this assertion's description
     */
    public ChangeSetAssert changeSet(String changeSetId) {
        if (changeSetId == null) {
            throw new IllegalArgumentException("changeSetId must not be null");
        }
        ChangeSetAssert changeSet = new ChangeSetAssert(actual, changeSetId);
        String description = descriptionText();
        return description == null || description.isEmpty() ? changeSet : changeSet.as(description);
    }

    /** A query against the database, which may throw {@link SQLException}. */
    @FunctionalInterface
    interface Query<T> {
        T run(Connection connection) throws SQLException;
    }

    static <T> T query(TestDatabase database, Query<T> query) {
        try (Connection connection = database.dataSource().getConnection()) {
            return query.run(connection);
        } catch (SQLException e) {
            throw new DataAccessException("could not read the state of database " + database.name(), e);
        }
    }

    private <T> T query(Query<T> query) {
        return query(actual, query);
    }
}
