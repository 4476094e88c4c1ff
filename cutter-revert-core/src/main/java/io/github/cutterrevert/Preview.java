package io.github.cutterrevert;

import java.util.Map;

/**
 * A dry run: the plan executed inside a transaction that is always rolled back, showing the real
 * row counts each table would see, and the SQL that would run.
 *
 * @param plan the plan
 * @param rowsAffected rows that would change per table
 * @param sql the plan as a psql script a reviewer can read
 */
public record Preview(CompensationPlan plan, Map<LogicalTable, Long> rowsAffected, String sql) {

    /** Copies the map; rejects nulls. */
    public Preview {
        Checks.nonNull("plan", plan);
        Checks.nonNull("sql", sql);
        rowsAffected = Map.copyOf(Checks.entries("rowsAffected", rowsAffected));
    }
}
