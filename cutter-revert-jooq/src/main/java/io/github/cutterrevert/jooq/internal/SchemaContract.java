package io.github.cutterrevert.jooq.internal;

import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.SchemaContractException.Problem;
import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.jooq.SchemaBinding.CatalogObject;
import io.github.cutterrevert.jooq.SchemaBinding.Column;
import io.github.cutterrevert.jooq.SchemaBinding.Status;
import io.github.cutterrevert.jooq.SchemaBinding.TableName;
import io.github.cutterrevert.jooq.internal.Catalog.AllowedValues;
import io.github.cutterrevert.jooq.internal.Catalog.ColumnRef;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the database against a binding in one read: every bound schema, table and column exists
 * with a compatible type, the triggers and functions exist, the status columns allow the values
 * the library compares and writes, the compensating decision can be inserted (no unbound NOT NULL
 * column without a default), and the current role has the privileges asked for. Returns every
 * problem at once, as {@code subject: expected …, found …}. Stateless and thread-safe.
 */
public final class SchemaContract {

    /** What the current role must be allowed to do, besides reading every bound column. */
    public enum Write {
        /** UPDATE of a column. */
        UPDATE,
        /** INSERT into a column. */
        INSERT,
        /** DELETE from a table. */
        DELETE
    }

    /**
     * One privilege the role needs.
     *
     * @param table the logical table
     * @param column the column, empty for a table privilege (DELETE)
     * @param write what
     */
    public record Need(LogicalTable table, Optional<Column> column, Write write) {}

    /** The type a column must have for the library's use of it. */
    private enum Kind {
        /** Compared with another key column inside SQL only: any type. */
        KEY("a column of any type"),
        /** Bound as text: a string type, an enum or uuid. */
        TEXT("a text, varchar, enum or uuid column"),
        /** A status: a string type or an enum. */
        STATUS("a text, varchar or enum column"),
        /** The ledger order. */
        INTEGER("an integer column"),
        /** The decision time. */
        TIMESTAMP("a timestamp with time zone column"),
        /** The rollback note's target. */
        JSONB("a jsonb column");

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    private static final String COLUMNS_SQL = """
            SELECT e.ord, n.oid IS NOT NULL AS schema_found, c.oid IS NOT NULL AS table_found,
                   a.attnum IS NOT NULL AS column_found,
                   pg_catalog.format_type(a.atttypid, a.atttypmod) AS type_name,
                   bt.typname AS base_type, bt.typcategory AS base_category,
                   CASE WHEN a.attnum IS NOT NULL
                        THEN pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT') END AS can_select,
                   CASE WHEN a.attnum IS NOT NULL
                        THEN pg_catalog.has_column_privilege(c.oid, a.attnum, 'UPDATE') END AS can_update,
                   CASE WHEN a.attnum IS NOT NULL
                        THEN pg_catalog.has_column_privilege(c.oid, a.attnum, 'INSERT') END AS can_insert,
                   CASE WHEN c.oid IS NOT NULL THEN pg_catalog.has_table_privilege(c.oid, 'DELETE') END AS can_delete,
                   CASE WHEN n.oid IS NOT NULL THEN pg_catalog.has_schema_privilege(n.oid, 'USAGE') END AS usage
              FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS e(nsp, rel, col, ord)
              LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = e.nsp
              LEFT JOIN pg_catalog.pg_class c
                     ON c.relnamespace = n.oid AND c.relname = e.rel AND c.relkind IN ('r', 'p', 'v', 'f', 'm')
              LEFT JOIN pg_catalog.pg_attribute a
                     ON a.attrelid = c.oid AND a.attname = e.col AND a.attnum > 0 AND NOT a.attisdropped
              LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
             ORDER BY e.ord
            """;

    private static final String TRIGGERS_SQL = """
            SELECT e.ord, tg.oid IS NOT NULL AS found
              FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS e(nsp, rel, tg, ord)
              LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = e.nsp
              LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = e.rel
              LEFT JOIN pg_catalog.pg_trigger tg ON tg.tgrelid = c.oid AND tg.tgname = e.tg AND NOT tg.tgisinternal
             ORDER BY e.ord
            """;

    private static final String FUNCTIONS_SQL = """
            SELECT e.ord, EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                                    JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                                   WHERE n.nspname = ? AND p.proname = e.fn) AS found
              FROM unnest(?::text[]) WITH ORDINALITY AS e(fn, ord)
             ORDER BY e.ord
            """;

    /** Columns of the decision table the compensating INSERT leaves to the database. */
    private static final String UNWRITTEN_SQL = """
            SELECT a.attname
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
               AND a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = ''
               AND NOT (a.attname = ANY (?::text[]))
             ORDER BY a.attnum
            """;

    private SchemaContract() {}

    /**
     * The privileges a plan's writes need: UPDATE of each soft-reverted status column (and of the
     * provenance column when a rollback note is written), DELETE of each hard-deleted table, INSERT
     * of every column of the compensating decision.
     *
     * @param binding the binding
     * @param plan the plan
     * @return the needs, in step order
     */
    public static List<Need> needs(SchemaBinding binding, CompensationPlan plan) {
        Set<Need> needs = new LinkedHashSet<>();
        for (PlanStep step : plan.steps()) {
            switch (step) {
                case PlanStep.SoftRevert soft -> {
                    binding.statusColumn(soft.table(), soft.column())
                            .ifPresent(column -> needs.add(new Need(soft.table(), Optional.of(column), Write.UPDATE)));
                    if (soft.note().isPresent()) {
                        needs.add(
                                new Need(soft.table(), Optional.of(Column.DOCUMENT_VERSION_PROVENANCE), Write.UPDATE));
                    }
                }
                case PlanStep.HardDelete delete -> needs.add(new Need(delete.table(), Optional.empty(), Write.DELETE));
                case PlanStep.LedgerAppend append -> needs.addAll(decisionInserts());
                case PlanStep.Guard guard -> {
                    // Guards only read.
                }
                case PlanStep.DiscardBackup discard -> {
                    // Outside the database.
                }
                case PlanStep.Hold hold -> {
                    // Outside the database.
                }
                case PlanStep.Escalate escalate -> {
                    // Outside the database.
                }
            }
        }
        return List.copyOf(needs);
    }

    /**
     * The privileges compensating a cut the default way needs: UPDATE of the unit and version
     * status columns (soft revert) and INSERT of the compensating decision.
     *
     * @return the needs
     */
    public static List<Need> compensationNeeds() {
        List<Need> needs = new ArrayList<>();
        needs.add(new Need(LogicalTable.INFORMATION_UNIT, Optional.of(Column.UNIT_STATUS), Write.UPDATE));
        needs.add(new Need(LogicalTable.UNIT_VERSION, Optional.of(Column.VERSION_STATUS), Write.UPDATE));
        needs.addAll(decisionInserts());
        return needs;
    }

    private static List<Need> decisionInserts() {
        List<Need> needs = new ArrayList<>();
        for (Column column : DECISION_INSERT) {
            needs.add(new Need(LogicalTable.REVIEW_DECISION, Optional.of(column), Write.INSERT));
        }
        return needs;
    }

    /** Every column the compensating INSERT names (see {@link Statements#ledgerAppend}). */
    private static final List<Column> DECISION_INSERT = List.of(
            Column.CHANGE_SET_ID,
            Column.DECISION,
            Column.DECIDED_BY,
            Column.REVERT_RUN_ID,
            Column.DECISION_NOTE,
            Column.DECIDED_AT,
            Column.DECISION_KEY_ID,
            Column.DECISION_PREV_HASH,
            Column.DECISION_SIGNATURE);

    /**
     * Reads the catalog and lists every problem.
     *
     * @param connection a connection in an open (read-only) transaction
     * @param model the binding's model (its status assumptions are used for undeclared columns)
     * @param needs the privileges to check besides SELECT of every bound column
     * @return the problems, empty when the database meets the binding
     * @throws SQLException if the catalog cannot be read
     */
    public static List<Problem> check(Connection connection, Model model, List<Need> needs) throws SQLException {
        SchemaBinding binding = model.binding();
        List<Problem> problems = new ArrayList<>();
        List<Bound> bound = bound(binding);
        Map<Bound, ColumnFacts> facts = columns(connection, bound);
        Set<TableName> missingTables = new LinkedHashSet<>();
        Set<String> missingSchemas = new LinkedHashSet<>();
        for (Bound column : bound) {
            ColumnFacts found = facts.get(column);
            TableName table = column.table();
            if (!found.schemaFound()) {
                missingTables.add(table);
                if (missingSchemas.add(table.schema())) {
                    problems.add(new Problem(table.schema(), "a schema", "no such schema"));
                }
            } else if (!found.usage()) {
                if (missingSchemas.add(table.schema())) {
                    problems.add(new Problem(table.schema(), "USAGE privilege for the current role", "not granted"));
                }
            } else if (!found.tableFound()) {
                if (missingTables.add(table)) {
                    problems.add(new Problem(
                            table.qualified(),
                            "a table (bound as " + column.logical().name() + ")",
                            "no such table"));
                }
            } else if (!found.columnFound()) {
                problems.add(new Problem(
                        subject(column), "a column (bound as " + column.column().name() + ")", "no such column"));
            } else {
                Kind kind = kind(column.column());
                if (!compatible(kind, found)) {
                    problems.add(new Problem(subject(column), kind.expected, found.typeName()));
                }
                if (!found.canSelect()) {
                    problems.add(new Problem(subject(column), "SELECT privilege for the current role", "not granted"));
                }
            }
        }
        for (Need need : needs) {
            privilege(binding, need, bound, facts).ifPresent(problems::add);
        }
        problems.addAll(catalogObjects(connection, binding, missingTables));
        if (!missingTables.contains(binding.table(LogicalTable.REVIEW_DECISION))) {
            problems.addAll(unwrittenDecisionColumns(connection, binding));
        }
        problems.addAll(statusValues(connection, model, facts, bound));
        return problems;
    }

    private static String subject(Bound column) {
        return column.table().qualified() + "." + column.name();
    }

    /** A bound column: its logical table and column, and its physical names. */
    private record Bound(LogicalTable logical, Column column, TableName table, String name) {}

    private record ColumnFacts(
            boolean schemaFound,
            boolean usage,
            boolean tableFound,
            boolean columnFound,
            String typeName,
            String baseType,
            String baseCategory,
            boolean canSelect,
            boolean canUpdate,
            boolean canInsert,
            boolean canDelete) {}

    private static List<Bound> bound(SchemaBinding binding) {
        List<Bound> bound = new ArrayList<>();
        for (Column column : Column.values()) {
            for (LogicalTable table : EnumSet.copyOf(column.tables())) {
                bound.add(new Bound(table, column, binding.table(table), binding.column(table, column)));
            }
        }
        return bound;
    }

    private static Map<Bound, ColumnFacts> columns(Connection connection, List<Bound> bound) throws SQLException {
        Map<Bound, ColumnFacts> facts = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
            statement.setArray(
                    1,
                    texts(
                            connection,
                            bound.stream().map(b -> b.table().schema()).toList()));
            statement.setArray(
                    2,
                    texts(connection, bound.stream().map(b -> b.table().name()).toList()));
            statement.setArray(
                    3, texts(connection, bound.stream().map(Bound::name).toList()));
            try (ResultSet rows = statement.executeQuery()) {
                int i = 0;
                while (rows.next()) {
                    facts.put(
                            bound.get(i++),
                            new ColumnFacts(
                                    rows.getBoolean("schema_found"),
                                    rows.getBoolean("usage"),
                                    rows.getBoolean("table_found"),
                                    rows.getBoolean("column_found"),
                                    rows.getString("type_name"),
                                    rows.getString("base_type"),
                                    rows.getString("base_category"),
                                    rows.getBoolean("can_select"),
                                    rows.getBoolean("can_update"),
                                    rows.getBoolean("can_insert"),
                                    rows.getBoolean("can_delete")));
                }
            }
        }
        return facts;
    }

    private static Array texts(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    private static Kind kind(Column column) {
        return switch (column) {
            case UNIT_ID, VERSION_UNIT_ID, LOG_UNIT_ID, AFFECTED_UNIT_ID -> Kind.KEY;
            case UNIT_STATUS, VERSION_STATUS, DECISION, DOCUMENT_LIFECYCLE, DOCUMENT_VERSION_STATUS -> Kind.STATUS;
            case CHANGE_SET_ID,
                    CHANGE_SET_RUN_ID,
                    DECIDED_BY,
                    REVERT_RUN_ID,
                    DECISION_NOTE,
                    DECISION_KEY_ID,
                    DECISION_PREV_HASH,
                    DECISION_SIGNATURE,
                    DECISION_APPROVAL_ID,
                    DECISION_APPROVALS,
                    DOCUMENT_REF,
                    VERSION_DOCUMENT_REF,
                    DOCUMENT_ADDRESS_PREFIX,
                    DOCUMENT_REGISTERED_BY,
                    VERSION_ID,
                    VERSION_CHECKSUM,
                    VERSION_REGISTERED_BY -> Kind.TEXT;
            case DECIDED_AT -> Kind.TIMESTAMP;
            case DECISION_ID -> Kind.INTEGER;
            case DOCUMENT_VERSION_PROVENANCE -> Kind.JSONB;
        };
    }

    private static boolean compatible(Kind kind, ColumnFacts found) {
        String category = found.baseCategory() == null ? "" : found.baseCategory();
        return switch (kind) {
            case KEY -> true;
            case TEXT -> category.equals("S") || category.equals("E") || "uuid".equals(found.baseType());
            case STATUS -> category.equals("S") || category.equals("E");
            case INTEGER -> List.of("int2", "int4", "int8").contains(found.baseType());
            case TIMESTAMP -> "timestamptz".equals(found.baseType());
            case JSONB -> "jsonb".equals(found.baseType());
        };
    }

    private static Optional<Problem> privilege(
            SchemaBinding binding, Need need, List<Bound> bound, Map<Bound, ColumnFacts> facts) {
        for (Bound column : bound) {
            ColumnFacts found = facts.get(column);
            if (column.logical() != need.table() || !found.columnFound()) {
                continue;
            }
            if (need.column().isEmpty()) {
                // A table privilege: any bound column of the table carries it.
                return found.canDelete()
                        ? Optional.empty()
                        : Optional.of(new Problem(
                                binding.table(need.table()).qualified(),
                                "DELETE privilege for the current role",
                                "not granted"));
            }
            if (column.column() == need.column().get()) {
                boolean granted =
                        switch (need.write()) {
                            case UPDATE -> found.canUpdate();
                            case INSERT -> found.canInsert();
                            case DELETE -> found.canDelete();
                        };
                return granted
                        ? Optional.empty()
                        : Optional.of(new Problem(
                                subject(column), need.write() + " privilege for the current role", "not granted"));
            }
        }
        return Optional.empty(); // the table or column is missing: reported already
    }

    private static List<Problem> catalogObjects(Connection connection, SchemaBinding binding, Set<TableName> missing)
            throws SQLException {
        List<Problem> problems = new ArrayList<>();
        List<CatalogObject> triggers = new ArrayList<>();
        List<CatalogObject> functions = new ArrayList<>();
        for (CatalogObject object : CatalogObject.values()) {
            if (object.table().isPresent()) {
                if (!missing.contains(binding.table(object.table().get()))) {
                    triggers.add(object);
                }
            } else {
                functions.add(object);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(TRIGGERS_SQL)) {
            statement.setArray(
                    1,
                    texts(
                            connection,
                            triggers.stream()
                                    .map(t -> binding.table(t.table().orElseThrow())
                                            .schema())
                                    .toList()));
            statement.setArray(
                    2,
                    texts(
                            connection,
                            triggers.stream()
                                    .map(t -> binding.table(t.table().orElseThrow())
                                            .name())
                                    .toList()));
            statement.setArray(
                    3,
                    texts(
                            connection,
                            triggers.stream().map(binding::catalogObject).toList()));
            try (ResultSet rows = statement.executeQuery()) {
                int i = 0;
                while (rows.next()) {
                    CatalogObject trigger = triggers.get(i++);
                    if (!rows.getBoolean("found")) {
                        problems.add(new Problem(
                                binding.table(trigger.table().orElseThrow()).qualified() + " trigger "
                                        + binding.catalogObject(trigger),
                                "a trigger (bound as " + trigger.name() + ")",
                                "no such trigger"));
                    }
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(FUNCTIONS_SQL)) {
            statement.setString(1, binding.functionSchema());
            statement.setArray(
                    2,
                    texts(
                            connection,
                            functions.stream().map(binding::catalogObject).toList()));
            try (ResultSet rows = statement.executeQuery()) {
                int i = 0;
                while (rows.next()) {
                    CatalogObject function = functions.get(i++);
                    if (!rows.getBoolean("found")) {
                        problems.add(new Problem(
                                binding.functionSchema() + "." + binding.catalogObject(function),
                                "a function (bound as " + function.name() + ")",
                                "no such function"));
                    }
                }
            }
        }
        return problems;
    }

    private static List<Problem> unwrittenDecisionColumns(Connection connection, SchemaBinding binding)
            throws SQLException {
        List<Problem> problems = new ArrayList<>();
        TableName table = binding.table(LogicalTable.REVIEW_DECISION);
        List<String> written = new ArrayList<>();
        for (Column column : DECISION_INSERT) {
            written.add(binding.column(LogicalTable.REVIEW_DECISION, column));
        }
        try (PreparedStatement statement = connection.prepareStatement(UNWRITTEN_SQL)) {
            statement.setString(1, table.schema());
            statement.setString(2, table.name());
            statement.setArray(3, texts(connection, written));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    problems.add(new Problem(
                            table.qualified() + "." + rows.getString(1),
                            "a default or NULL allowed (the compensating decision does not write this column)",
                            "NOT NULL without a default"));
                }
            }
        }
        return problems;
    }

    /**
     * The unit and version status columns must allow the bound draft and enacted values, the
     * decision column the bound reverted value.
     */
    private static List<Problem> statusValues(
            Connection connection, Model model, Map<Bound, ColumnFacts> facts, List<Bound> bound) {
        SchemaBinding binding = model.binding();
        Map<Column, List<String>> required = new LinkedHashMap<>();
        required.put(Column.UNIT_STATUS, List.of(binding.status(Status.DRAFT), binding.status(Status.ENACTED)));
        required.put(Column.VERSION_STATUS, List.of(binding.status(Status.DRAFT), binding.status(Status.ENACTED)));
        required.put(Column.DECISION, List.of(binding.status(Status.REVERTED)));
        List<ColumnRef> refs = new ArrayList<>();
        List<Bound> checked = new ArrayList<>();
        for (Bound column : bound) {
            if (required.containsKey(column.column()) && facts.get(column).columnFound()) {
                refs.add(new ColumnRef(column.table(), column.name()));
                checked.add(column);
            }
        }
        List<Problem> problems = new ArrayList<>();
        if (refs.isEmpty()) {
            return problems;
        }
        List<AllowedValues> allowed = Catalog.readAllowedValues(Sessions.on(connection), refs);
        for (AllowedValues values : allowed) {
            Bound column = checked.get(refs.indexOf(values.column()));
            Set<String> these = values.values().orElseGet(() -> model.assumedStatuses(values));
            for (String value : required.get(column.column())) {
                if (!these.contains(value)) {
                    problems.add(new Problem(
                            subject(column),
                            "to allow '" + value + "'",
                            these.stream().sorted().toList() + " ("
                                    + (values.values().isPresent() ? values.source() : "declared or assumed") + ")"));
                }
            }
        }
        return problems;
    }
}
