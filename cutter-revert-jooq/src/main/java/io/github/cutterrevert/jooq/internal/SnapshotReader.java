package io.github.cutterrevert.jooq.internal;

import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Observability;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.SchemaFacts;
import io.github.cutterrevert.Snapshot;
import io.github.cutterrevert.Snapshot.TableCount;
import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.jooq.SchemaBinding.CatalogObject;
import io.github.cutterrevert.jooq.internal.Catalog.TriggerRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a before-run or post-failure snapshot (seed 000, section 2) in one read-only transaction,
 * so every count comes from the same snapshot. A table the role may not read is recorded as
 * unreadable with its SQLSTATE, never as 0: each count runs under its own savepoint, so one refusal
 * does not abort the others.
 */
public final class SnapshotReader {
    private static final Logger LOG = LoggerFactory.getLogger(Observability.LOGGER_EVIDENCE);

    /** SQLSTATEs that mean "this role cannot count this table": no privilege, no such table. */
    private static final Set<String> UNREADABLE = Set.of("42501", "42P01", "3F000");

    /** The tables a snapshot counts, in the runbook's order. */
    public static final List<LogicalTable> TABLES = List.of(
            LogicalTable.INFORMATION_UNIT,
            LogicalTable.UNIT_VERSION,
            LogicalTable.IU_LIFECYCLE_LOG,
            LogicalTable.CUT_CHANGE_SET,
            LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW,
            LogicalTable.MANIFEST_ENVELOPE,
            LogicalTable.REVIEW_DECISION,
            LogicalTable.VERIFY_RESULT,
            LogicalTable.DOT_PAIR_SIGNATURE);

    private SnapshotReader() {}

    /**
     * Takes the snapshot. The caller has switched autocommit off (and restores it); this method
     * always rolls back.
     *
     * @param connection the connection
     * @param statements the statements of the binding
     * @param runId the run
     * @param kind {@code pre} or {@code post}
     * @return the snapshot
     * @throws SQLException if a savepoint cannot be set or rolled back
     */
    public static Snapshot take(Connection connection, Statements statements, RunId runId, String kind)
            throws SQLException {
        Model model = statements.model();
        SchemaBinding binding = model.binding();
        DSLContext dsl = Sessions.on(connection);
        try {
            Record2<String, OffsetDateTime> who = dsl.fetchSingle(DSL.currentUser(), DSL.currentOffsetDateTime());
            Map<String, TableCount> counts = new LinkedHashMap<>();
            for (LogicalTable table : TABLES) {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    Integer rows = dsl.fetchValue(DSL.selectCount().from(model.table(table)));
                    connection.releaseSavepoint(savepoint);
                    counts.put(model.qualified(table), new TableCount.Counted(rows));
                } catch (DataAccessException e) {
                    if (!UNREADABLE.contains(e.sqlState())) {
                        throw e;
                    }
                    connection.rollback(savepoint);
                    LOG.debug(
                            "run {}: {} snapshot: {} is unreadable for role {} (SQLSTATE {})",
                            runId.value(),
                            kind,
                            model.qualified(table),
                            who.value1(),
                            e.sqlState());
                    counts.put(model.qualified(table), new TableCount.Unreadable(e.sqlState()));
                }
            }
            List<TriggerRef> triggers = statements.triggers(SchemaFacts.IMMUTABILITY_TRIGGERS);
            Map<String, String> found = Catalog.readTriggers(dsl, triggers);
            Map<String, Boolean> functions = new TreeMap<>();
            List<String> names = List.of(
                    binding.catalogObject(CatalogObject.CREATE_FUNCTION),
                    binding.catalogObject(CatalogObject.ENACT_FUNCTION));
            Set<String> present = Catalog.readFunctions(dsl, binding.functionSchema(), names);
            for (String name : names) {
                functions.put(name, present.contains(name));
            }
            return new Snapshot(runId, kind, who.value2().toInstant(), who.value1(), counts, found, functions);
        } finally {
            connection.rollback();
        }
    }
}
