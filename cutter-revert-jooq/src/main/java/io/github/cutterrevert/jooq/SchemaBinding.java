package io.github.cutterrevert.jooq;

import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PhaseOwnership;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the runbooks' tables, columns, status values, triggers and functions live in one
 * database: the physical name of everything {@link PostgresTarget} reads or writes.
 *
 * <p>{@link #defaults()} is the runbooks' (and the testkit's reference schema's) naming. A database
 * that differs in small ways is described by changing only what differs:
 *
 * <pre>{@code
 * SchemaBinding binding = SchemaBinding.builder()
 *     .schema("cutter_governance", "governance")          // every ledger and registry table moved
 *     .table(LogicalTable.INFORMATION_UNIT, "public", "iu")
 *     .column(SchemaBinding.Column.UNIT_STATUS, "state")
 *     .column(LogicalTable.MANIFEST_ENVELOPE, SchemaBinding.Column.CHANGE_SET_ID, "cs_ref")
 *     .status(SchemaBinding.Status.DRAFT, "DRAFT")
 *     .allowedStatuses(SchemaBinding.Column.VERSION_STATUS, Set.of("DRAFT", "ENACTED", "WITHDRAWN"))
 *     .writtenIn(LogicalTable.MANIFEST_ENVELOPE, Phase.CUT_LEG_A)
 *     .build();
 * }</pre>
 *
 * <p><b>Columns shared by several tables.</b> {@link Column#CHANGE_SET_ID} is a column of every
 * governance table; {@link Builder#column(Column, String)} names it on all of them, {@link
 * Builder#column(LogicalTable, Column, String)} on one.
 *
 * <p><b>Status values.</b> Where a status column has a CHECK constraint or an enum type, the
 * catalog says which values it allows. Where it has neither, the values {@linkplain
 * Builder#allowedStatuses(Column, Set) declared} for it are used; a column with neither a
 * constraint nor a declaration is assumed to allow {@linkplain Column#referenceValues() the
 * reference schema's values}, and the target logs one WARN for it.
 *
 * <p><b>Phase ownership.</b> Which phase of a cut writes each governance table ({@link
 * PhaseOwnership}, default {@link PhaseOwnership#defaults()}): the planner counts the rows of a
 * table written by a phase that did not commit as a disagreement between the report and the
 * evidence.
 *
 * <p>Why names and not generated code: jOOQ's code generator bakes table and column names into
 * classes at build time, but these names are configuration, known only at run time. The jOOQ
 * module therefore declares its tables and fields by hand ({@code DSL.table(name)}, {@code
 * DSL.field(name, type)}) from this binding. Every name is rendered quoted ({@code "public".
 * "information_unit"}), so it is matched exactly and case-sensitively, and can never inject SQL;
 * every value is bound.
 *
 * <p>Immutable and thread-safe. The compact constructor checks that every key is present, that every
 * name is a valid PostgreSQL identifier (1 to 63 bytes of UTF-8 with no control characters, NUL
 * included, and no unpaired surrogates, which UTF-8 cannot encode) and that no two logical tables
 * are bound to the same physical table. A violation throws {@link InvalidInputException} naming the
 * field.
 *
 * @param tables the physical schema and name of every logical table
 * @param columns the physical name of every column the library uses; for a column shared by
 *     several tables, its name on every table {@code tableColumns} does not name it otherwise
 * @param tableColumns per table, the names of shared columns that differ on that table
 * @param statuses the physical value of every status the library writes or compares
 * @param catalogObjects the physical name of the immutability triggers and orchestrator functions
 * @param functionSchema the schema of the orchestrator functions
 * @param allowedStatuses per status column without a CHECK constraint or enum, the values it allows
 * @param phaseOwnership which phase of a cut writes each governance table
 * @param holdTable the append-only table of HOLD events that {@link DatabaseHold} reads and appends
 *     to (default: {@code cutter_governance.cutter_hold_event}; its columns are fixed, see {@link
 *     DatabaseHold#ddl()})
 */
public record SchemaBinding(
        Map<LogicalTable, TableName> tables,
        Map<Column, String> columns,
        Map<LogicalTable, Map<Column, String>> tableColumns,
        Map<Status, String> statuses,
        Map<CatalogObject, String> catalogObjects,
        String functionSchema,
        Map<Column, Set<String>> allowedStatuses,
        PhaseOwnership phaseOwnership,
        TableName holdTable) {

    /** The default table of HOLD events: {@code cutter_governance.cutter_hold_event}. */
    public static final TableName DEFAULT_HOLD_TABLE = new TableName("cutter_governance", "cutter_hold_event");

    private static final int MAX_IDENTIFIER_BYTES = 63;

    /** Copies every collection and validates every name and value. */
    public SchemaBinding {
        tables = complete("tables", LogicalTable.class, tables);
        requireDistinct(tables);
        columns = complete("columns", Column.class, columns);
        statuses = complete("statuses", Status.class, statuses);
        catalogObjects = complete("catalogObjects", CatalogObject.class, catalogObjects);
        columns.forEach((column, name) -> requireIdentifier("column " + column.name(), name));
        tableColumns = tableColumnsCopy(tableColumns);
        statuses.forEach((status, value) -> requireStatusValue("status " + status.name(), value));
        catalogObjects.forEach((object, name) -> requireIdentifier("catalogObject " + object.name(), name));
        functionSchema = requireIdentifier("functionSchema", functionSchema);
        allowedStatuses = allowedStatusesCopy(allowedStatuses);
        if (phaseOwnership == null) {
            throw new InvalidInputException("phaseOwnership", "a phase ownership", null);
        }
        if (holdTable == null) {
            throw new InvalidInputException("holdTable", "a table name", null);
        }
        if (tables.containsValue(holdTable)) {
            throw new InvalidInputException("holdTable", "a table no logical table is bound to", holdTable.qualified());
        }
        if (statuses.get(Status.DRAFT).equals(statuses.get(Status.ENACTED))) {
            throw new InvalidInputException(
                    "status ENACTED", "a value different from DRAFT", statuses.get(Status.ENACTED));
        }
    }

    /**
     * The runbooks' naming, as in the testkit's reference schema.
     *
     * @return the default binding
     */
    public static SchemaBinding defaults() {
        return builder().build();
    }

    /**
     * A builder starting from {@link #defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this binding.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.tables.putAll(tables);
        builder.columns.putAll(columns);
        builder.statuses.putAll(statuses);
        builder.catalogObjects.putAll(catalogObjects);
        builder.functionSchema = functionSchema;
        tableColumns.forEach((table, names) -> builder.tableColumns.put(table, new EnumMap<>(names)));
        builder.allowedStatuses.putAll(allowedStatuses);
        builder.phaseOwnership = phaseOwnership;
        builder.holdTable = holdTable;
        return builder;
    }

    /**
     * The physical name of a logical table.
     *
     * @param table the logical table
     * @return its schema and name
     */
    public TableName table(LogicalTable table) {
        return tables.get(table);
    }

    /**
     * The physical name of a column. For a column shared by several tables ({@link
     * Column#CHANGE_SET_ID}) this is its name on the tables not named otherwise; use {@link
     * #column(LogicalTable, Column)} for one table.
     *
     * @param column the column
     * @return its name
     */
    public String column(Column column) {
        return columns.get(column);
    }

    /**
     * The physical name of a column on one table.
     *
     * @param table the table
     * @param column a column of that table
     * @return its name on that table
     * @throws InvalidInputException if the column is not a column of the table
     */
    public String column(LogicalTable table, Column column) {
        if (column == null || table == null || !column.tables().contains(table)) {
            throw new InvalidInputException(
                    "column",
                    "a column of " + (table == null ? "the table" : table.name()),
                    column == null ? null : column.name());
        }
        Map<Column, String> names = tableColumns.get(table);
        String name = names == null ? null : names.get(column);
        return name == null ? columns.get(column) : name;
    }

    /**
     * The values a status column allows when the database neither constrains nor enumerates them.
     *
     * @param column a status column
     * @return the declared values, empty when none are declared
     */
    public Optional<Set<String>> declaredStatuses(Column column) {
        return Optional.ofNullable(allowedStatuses.get(column));
    }

    /**
     * The phase that writes a governance table's rows of a change set.
     *
     * @param table a table
     * @return the phase, empty when no phase of a cut writes it
     */
    public Optional<Phase> writtenIn(LogicalTable table) {
        return phaseOwnership.writer(table);
    }

    /**
     * The physical value of a status.
     *
     * @param status the status
     * @return its value
     */
    public String status(Status status) {
        return statuses.get(status);
    }

    /**
     * The physical name of a trigger or function.
     *
     * @param object the trigger or function
     * @return its name
     */
    public String catalogObject(CatalogObject object) {
        return catalogObjects.get(object);
    }

    /**
     * The status column a plan may soft-revert on a table, looked up by the column name the planner
     * uses (its runbook name).
     *
     * @param table the table
     * @param plannedColumn the runbook name of the column, e.g. {@code lifecycle_status}
     * @return the column, empty when the table has no soft-revertible status column of that name
     */
    public Optional<Column> statusColumn(LogicalTable table, String plannedColumn) {
        for (Column column : Column.values()) {
            if (column.statusOf == table && column.defaultName.equals(plannedColumn)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /**
     * The physical name of a seed identity column, given by its runbook name (the keys of a
     * {@link io.github.cutterrevert.SeedDelta}).
     *
     * @param table {@code SOURCE_DOCUMENT_REGISTRY} or {@code SOURCE_DOCUMENT_VERSION_REGISTRY}
     * @param runbookName e.g. {@code registered_by}
     * @return the bound column name
     * @throws InvalidInputException if the table has no column of that runbook name
     */
    public String identityColumn(LogicalTable table, String runbookName) {
        List<String> known = new java.util.ArrayList<>();
        for (Column column : Column.values()) {
            if (column.table == table) {
                if (column.defaultName.equals(runbookName)) {
                    return column(table, column);
                }
                known.add(column.defaultName);
            }
        }
        throw new InvalidInputException(
                "identity column of " + (table == null ? "?" : table.name()),
                "one of the runbook's column names " + known.stream().sorted().toList(),
                runbookName);
    }

    /**
     * One physical table per logical table: bound twice, a table would be written as the other one
     * (a ledger table bound as the lifecycle log would be deleted from by a hard delete). Names the
     * logical table moved away from its runbook name, as the one most likely misconfigured.
     */
    private static void requireDistinct(Map<LogicalTable, TableName> tables) {
        Map<TableName, LogicalTable> seen = new java.util.HashMap<>();
        for (Map.Entry<LogicalTable, TableName> entry : tables.entrySet()) {
            TableName name = entry.getValue();
            LogicalTable first = seen.putIfAbsent(name, entry.getKey());
            if (first != null) {
                boolean firstMoved = !name.name().equals(first.defaultName());
                LogicalTable reported = firstMoved ? first : entry.getKey();
                LogicalTable other = firstMoved ? entry.getKey() : first;
                throw new InvalidInputException(
                        "tables." + reported.name(),
                        "a table no other logical table is bound to, but " + other.name() + " is bound to it",
                        name.qualified());
            }
        }
    }

    private static Map<LogicalTable, Map<Column, String>> tableColumnsCopy(
            Map<LogicalTable, Map<Column, String>> tableColumns) {
        if (tableColumns == null) {
            throw new InvalidInputException(
                    "tableColumns", "a map (empty when no table names a column otherwise)", null);
        }
        EnumMap<LogicalTable, Map<Column, String>> copy = new EnumMap<>(LogicalTable.class);
        tableColumns.forEach((table, names) -> {
            if (table == null || names == null) {
                throw new InvalidInputException("tableColumns", "entries without null keys or values", null);
            }
            EnumMap<Column, String> inner = new EnumMap<>(Column.class);
            names.forEach((column, name) -> {
                if (column == null || !column.tables().contains(table)) {
                    throw new InvalidInputException(
                            "tableColumns." + table.name(),
                            "columns of " + table.name(),
                            column == null ? null : column.name());
                }
                inner.put(column, requireIdentifier("column " + table.name() + "." + column.name(), name));
            });
            if (!inner.isEmpty()) {
                copy.put(table, Collections.unmodifiableMap(inner));
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Map<Column, Set<String>> allowedStatusesCopy(Map<Column, Set<String>> allowed) {
        if (allowed == null) {
            throw new InvalidInputException("allowedStatuses", "a map (empty when nothing is declared)", null);
        }
        EnumMap<Column, Set<String>> copy = new EnumMap<>(Column.class);
        allowed.forEach((column, values) -> copy.put(column, statusSet(column, values)));
        return Collections.unmodifiableMap(copy);
    }

    private static Set<String> statusSet(Column column, Set<String> values) {
        if (column == null || column.referenceValues().isEmpty()) {
            throw new InvalidInputException(
                    "allowedStatuses", "a status column", column == null ? null : column.name());
        }
        String field = "allowedStatuses." + column.name();
        if (values == null || values.isEmpty()) {
            throw new InvalidInputException(field, "at least one status value", null);
        }
        TreeSet<String> copy = new TreeSet<>();
        for (String value : values) {
            copy.add(requireStatusValue(field, value));
        }
        return Collections.unmodifiableSortedSet(copy);
    }

    static String requireIdentifier(String field, String name) {
        String expected =
                "1 to " + MAX_IDENTIFIER_BYTES + " bytes of UTF-8 without control characters or unpaired surrogates";
        if (name == null
                || name.isEmpty()
                || name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES
                || hasControl(name)) {
            throw new InvalidInputException(field, expected, name);
        }
        return name;
    }

    private static String requireStatusValue(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_IDENTIFIER_BYTES || hasControl(value)) {
            throw new InvalidInputException(
                    field,
                    "1 to " + MAX_IDENTIFIER_BYTES + " characters without control characters or unpaired surrogates",
                    value);
        }
        return value;
    }

    /**
     * Control characters, and unpaired surrogates: UTF-8 cannot encode those, so the driver would
     * send {@code ?} and the name would address another object.
     */
    private static boolean hasControl(String value) {
        return value.codePoints()
                .anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE);
    }

    private static <K extends Enum<K>, V> Map<K, V> complete(String field, Class<K> keys, Map<K, V> map) {
        if (map == null) {
            throw new InvalidInputException(field, "a map with an entry for every " + keys.getSimpleName(), null);
        }
        EnumMap<K, V> copy = new EnumMap<>(keys);
        for (K key : keys.getEnumConstants()) {
            V value = map.get(key);
            if (value == null) {
                throw new InvalidInputException(field + "." + key.name(), "a value", null);
            }
            copy.put(key, value);
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * The physical schema and name of a table.
     *
     * @param schema the schema, e.g. {@code public}
     * @param name the table name, e.g. {@code information_unit}
     */
    public record TableName(String schema, String name) {
        /** Validates both names. */
        public TableName {
            schema = requireIdentifier("schema", schema);
            name = requireIdentifier("table", name);
        }

        /**
         * The name as {@code schema.table}, unquoted: for messages and snapshot keys only, never
         * for SQL.
         *
         * @return e.g. {@code public.information_unit}
         */
        public String qualified() {
            return schema + "." + name;
        }

        @Override
        public String toString() {
            return qualified();
        }
    }

    /** A column the library reads or writes, with its runbook name. */
    public enum Column {
        /** {@code information_unit.id}: the unit's key. */
        UNIT_ID(LogicalTable.INFORMATION_UNIT, "id", null),
        /** {@code information_unit.lifecycle_status}. */
        UNIT_STATUS(
                LogicalTable.INFORMATION_UNIT,
                "lifecycle_status",
                LogicalTable.INFORMATION_UNIT,
                "draft",
                "enacted",
                "superseded",
                "withdrawn"),
        /** {@code unit_version.information_unit_id}: the version's unit. */
        VERSION_UNIT_ID(LogicalTable.UNIT_VERSION, "information_unit_id", null),
        /** {@code unit_version.lifecycle_status}. */
        VERSION_STATUS(
                LogicalTable.UNIT_VERSION,
                "lifecycle_status",
                LogicalTable.UNIT_VERSION,
                "draft",
                "enacted",
                "superseded",
                "withdrawn"),
        /** {@code iu_lifecycle_log.information_unit_id}: the log row's unit. */
        LOG_UNIT_ID(LogicalTable.IU_LIFECYCLE_LOG, "information_unit_id", null),
        /**
         * {@code change_set_id} of {@code cut_change_set} and of every ledger table: shared, so it
         * may be named differently on each table.
         */
        CHANGE_SET_ID(null, "change_set_id", null),
        /** {@code cut_change_set.run_id}: the run that recorded the change set. */
        CHANGE_SET_RUN_ID(LogicalTable.CUT_CHANGE_SET, "run_id", null),
        /** {@code cut_change_set_affected_row.information_unit_id}: a unit of the change set. */
        AFFECTED_UNIT_ID(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, "information_unit_id", null),
        /** {@code review_decision.decision}. */
        DECISION(LogicalTable.REVIEW_DECISION, "decision", null, "approved", "rejected", "reverted", "hold_released"),
        /** {@code review_decision.decided_by}. */
        DECIDED_BY(LogicalTable.REVIEW_DECISION, "decided_by", null),
        /** {@code review_decision.revert_run_id}. */
        REVERT_RUN_ID(LogicalTable.REVIEW_DECISION, "revert_run_id", null),
        /** {@code review_decision.note}. */
        DECISION_NOTE(LogicalTable.REVIEW_DECISION, "note", null),
        /** {@code review_decision.decided_at}. */
        DECIDED_AT(LogicalTable.REVIEW_DECISION, "decided_at", null),
        /** {@code review_decision.id}: ledger order of the signed decision chain. */
        DECISION_ID(LogicalTable.REVIEW_DECISION, "id", null),
        /** {@code review_decision.key_id}: the signing key's id. */
        DECISION_KEY_ID(LogicalTable.REVIEW_DECISION, "key_id", null),
        /** {@code review_decision.prev_hash}: the hash of the previous signed decision. */
        DECISION_PREV_HASH(LogicalTable.REVIEW_DECISION, "prev_hash", null),
        /** {@code review_decision.signature}: the Base64 Ed25519 signature. */
        DECISION_SIGNATURE(LogicalTable.REVIEW_DECISION, "signature", null),
        /**
         * {@code review_decision.approval_decision_id}: the decision id of the signed approvals that
         * authorised the row (unique where not null: a decision id is used once).
         */
        DECISION_APPROVAL_ID(LogicalTable.REVIEW_DECISION, "approval_decision_id", null),
        /** {@code review_decision.approvals}: the signed approvals in their ledger form. */
        DECISION_APPROVALS(LogicalTable.REVIEW_DECISION, "approvals", null),
        /** {@code source_document_registry.source_document_ref}: the document's key. */
        DOCUMENT_REF(LogicalTable.SOURCE_DOCUMENT_REGISTRY, "source_document_ref", null),
        /** {@code source_document_registry.lifecycle}: retired to {@code deprecated} on path B. */
        DOCUMENT_LIFECYCLE(
                LogicalTable.SOURCE_DOCUMENT_REGISTRY,
                "lifecycle",
                LogicalTable.SOURCE_DOCUMENT_REGISTRY,
                "active",
                "deprecated"),
        /** {@code source_document_registry.address_docprefix}: part of the document's seed identity. */
        DOCUMENT_ADDRESS_PREFIX(LogicalTable.SOURCE_DOCUMENT_REGISTRY, "address_docprefix", null),
        /** {@code source_document_registry.registered_by}: part of the document's seed identity. */
        DOCUMENT_REGISTERED_BY(LogicalTable.SOURCE_DOCUMENT_REGISTRY, "registered_by", null),
        /** {@code source_document_version_registry.document_version_id}: the version's key. */
        VERSION_ID(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, "document_version_id", null),
        /** {@code source_document_version_registry.content_checksum}: part of the version's seed identity. */
        VERSION_CHECKSUM(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, "content_checksum", null),
        /** {@code source_document_version_registry.registered_by}: part of the version's seed identity. */
        VERSION_REGISTERED_BY(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, "registered_by", null),
        /** {@code source_document_version_registry.source_document_ref}: the version's document. */
        VERSION_DOCUMENT_REF(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, "source_document_ref", null),
        /** {@code source_document_version_registry.version_status}: voided on path B if approved. */
        DOCUMENT_VERSION_STATUS(
                LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY,
                "version_status",
                LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY,
                "cut",
                "pending",
                "void"),
        /**
         * {@code source_document_version_registry.provenance} ({@code jsonb}): receives {@code
         * rollback_note} when path B voids a version.
         */
        DOCUMENT_VERSION_PROVENANCE(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, "provenance", null);

        /** The governance tables that carry {@link #CHANGE_SET_ID}. */
        private static final Set<LogicalTable> CHANGE_SET_TABLES = Collections.unmodifiableSet(EnumSet.of(
                LogicalTable.CUT_CHANGE_SET,
                LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW,
                LogicalTable.MANIFEST_ENVELOPE,
                LogicalTable.REVIEW_DECISION,
                LogicalTable.VERIFY_RESULT,
                LogicalTable.DOT_PAIR_SIGNATURE));

        private final LogicalTable table;
        private final String defaultName;
        private final LogicalTable statusOf;
        private final List<String> referenceValues;

        Column(LogicalTable table, String defaultName, LogicalTable statusOf, String... referenceValues) {
            this.table = table;
            this.defaultName = defaultName;
            this.statusOf = statusOf;
            this.referenceValues = List.of(referenceValues);
        }

        /**
         * The table the column belongs to.
         *
         * @return the table, empty for {@link #CHANGE_SET_ID}, which every governance table has
         */
        public Optional<LogicalTable> table() {
            return Optional.ofNullable(table);
        }

        /**
         * Every table that has this column.
         *
         * @return one table, or for {@link #CHANGE_SET_ID} every governance table
         */
        public Set<LogicalTable> tables() {
            return table == null ? CHANGE_SET_TABLES : Set.of(table);
        }

        /**
         * The values the reference schema allows in this status column: assumed (with a WARN, and
         * with {@code draft}, {@code enacted} and {@code reverted} replaced by their bound {@link
         * Status} values) for a database that neither constrains the column nor has values
         * {@linkplain Builder#allowedStatuses(Column, Set) declared} for it.
         *
         * @return the values, empty for a column that is not a status column
         */
        public List<String> referenceValues() {
            return referenceValues;
        }

        /**
         * The runbook's name of the column.
         *
         * @return e.g. {@code lifecycle_status}
         */
        public String defaultName() {
            return defaultName;
        }
    }

    /** A status value the library compares or writes. */
    public enum Status {
        /** The unit status of a unit that is not yet enacted: the only one a plan may change. */
        DRAFT("draft"),
        /** The unit status of an enacted, immutable unit. */
        ENACTED("enacted"),
        /** The {@code review_decision.decision} of a compensating decision. */
        REVERTED("reverted");

        private final String defaultValue;

        Status(String defaultValue) {
            this.defaultValue = defaultValue;
        }

        /**
         * The runbook's value.
         *
         * @return e.g. {@code draft}
         */
        public String defaultValue() {
            return defaultValue;
        }
    }

    /** A trigger or function the runbook checks for, with its runbook name. */
    public enum CatalogObject {
        /** The trigger refusing UPDATE or DELETE of an enacted {@code information_unit} row. */
        UNIT_IMMUTABILITY_TRIGGER("trg_iu_enacted_immut", LogicalTable.INFORMATION_UNIT),
        /** The trigger refusing UPDATE or DELETE of an enacted {@code unit_version} row. */
        VERSION_IMMUTABILITY_TRIGGER("trg_uv_enacted_immut", LogicalTable.UNIT_VERSION),
        /** The function that creates units. */
        CREATE_FUNCTION("fn_iu_create", null),
        /** The function that enacts units. */
        ENACT_FUNCTION("fn_iu_enact", null);

        private final String defaultName;
        private final LogicalTable table;

        CatalogObject(String defaultName, LogicalTable table) {
            this.defaultName = defaultName;
            this.table = table;
        }

        /**
         * The runbook's name.
         *
         * @return e.g. {@code trg_iu_enacted_immut}
         */
        public String defaultName() {
            return defaultName;
        }

        /**
         * The table a trigger is on.
         *
         * @return the table, empty for functions
         */
        public Optional<LogicalTable> table() {
            return Optional.ofNullable(table);
        }

        /**
         * Looks an object up by its runbook name.
         *
         * @param defaultName e.g. {@code fn_iu_enact}
         * @return the object, empty when the runbook names no such object
         */
        public static Optional<CatalogObject> ofDefaultName(String defaultName) {
            for (CatalogObject object : values()) {
                if (object.defaultName.equals(defaultName)) {
                    return Optional.of(object);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Builds a {@link SchemaBinding}, starting from the defaults. Mutable and not thread-safe; every
     * method validates its argument at once.
     */
    public static final class Builder {
        private final EnumMap<LogicalTable, TableName> tables = new EnumMap<>(LogicalTable.class);
        private final EnumMap<Column, String> columns = new EnumMap<>(Column.class);
        private final EnumMap<Status, String> statuses = new EnumMap<>(Status.class);
        private final EnumMap<CatalogObject, String> catalogObjects = new EnumMap<>(CatalogObject.class);
        private final EnumMap<LogicalTable, EnumMap<Column, String>> tableColumns = new EnumMap<>(LogicalTable.class);
        private final EnumMap<Column, Set<String>> allowedStatuses = new EnumMap<>(Column.class);
        private String functionSchema = "public";
        private PhaseOwnership phaseOwnership = PhaseOwnership.defaults();
        private TableName holdTable = DEFAULT_HOLD_TABLE;

        private Builder() {
            for (LogicalTable table : LogicalTable.values()) {
                tables.put(table, new TableName(table.defaultSchema(), table.defaultName()));
            }
            for (Column column : Column.values()) {
                columns.put(column, column.defaultName);
            }
            for (Status status : Status.values()) {
                statuses.put(status, status.defaultValue);
            }
            for (CatalogObject object : CatalogObject.values()) {
                catalogObjects.put(object, object.defaultName);
            }
        }

        /**
         * Places one table (default: its runbook schema and name).
         *
         * @param table the logical table
         * @param schema the physical schema
         * @param name the physical table name
         * @return this builder
         * @throws InvalidInputException if a name is empty, longer than 63 bytes or has control
         *     characters or unpaired surrogates
         */
        public Builder table(LogicalTable table, String schema, String name) {
            if (table == null) {
                throw new InvalidInputException("table", "a logical table", null);
            }
            tables.put(table, new TableName(schema, name));
            return this;
        }

        /**
         * Moves every table currently in schema {@code from} to schema {@code to} (default: the
         * runbook schemas {@code public} and {@code cutter_governance}).
         *
         * @param from the schema the tables are in now, e.g. {@code cutter_governance}
         * @param to the physical schema
         * @return this builder
         * @throws InvalidInputException if a name is not a valid identifier
         */
        public Builder schema(String from, String to) {
            requireIdentifier("from", from);
            requireIdentifier("to", to);
            tables.replaceAll((table, name) -> name.schema().equals(from) ? new TableName(to, name.name()) : name);
            if (holdTable.schema().equals(from)) {
                holdTable = new TableName(to, holdTable.name());
            }
            return this;
        }

        /**
         * Places the table of HOLD events {@link DatabaseHold} uses (default: {@code
         * cutter_governance.cutter_hold_event}, moved by {@link #schema(String, String)} with the
         * ledger). Its columns are those of {@link DatabaseHold#ddl()}.
         *
         * @param schema the physical schema
         * @param name the physical table name
         * @return this builder
         * @throws InvalidInputException if a name is not a valid identifier
         */
        public Builder holdTable(String schema, String name) {
            this.holdTable = new TableName(schema, name);
            return this;
        }

        /**
         * Names one column (default: its {@linkplain Column#defaultName() runbook name}); a shared
         * column ({@link Column#CHANGE_SET_ID}) on every table not {@linkplain
         * #column(LogicalTable, Column, String) named otherwise}.
         *
         * @param column the column
         * @param name the physical column name
         * @return this builder
         * @throws InvalidInputException if the name is not a valid identifier
         */
        public Builder column(Column column, String name) {
            if (column == null) {
                throw new InvalidInputException("column", "a column", null);
            }
            columns.put(column, requireIdentifier("column " + column.name(), name));
            return this;
        }

        /**
         * Names a column on one table, e.g. the change-set column of {@code manifest_envelope}
         * (default: the name {@link #column(Column, String)} gives it).
         *
         * @param table the table
         * @param column a column of that table
         * @param name the physical column name on that table
         * @return this builder
         * @throws InvalidInputException if the column is not a column of the table or the name is
         *     not a valid identifier
         */
        public Builder column(LogicalTable table, Column column, String name) {
            if (table == null) {
                throw new InvalidInputException("table", "a logical table", null);
            }
            if (column == null || !column.tables().contains(table)) {
                throw new InvalidInputException(
                        "column", "a column of " + table.name(), column == null ? null : column.name());
            }
            String valid = requireIdentifier("column " + table.name() + "." + column.name(), name);
            if (column.table().isPresent()) {
                columns.put(column, valid);
            } else {
                tableColumns
                        .computeIfAbsent(table, t -> new EnumMap<>(Column.class))
                        .put(column, valid);
            }
            return this;
        }

        /**
         * Sets one status value (default: its {@linkplain Status#defaultValue() runbook value}).
         *
         * @param status the status
         * @param value the physical value
         * @return this builder
         * @throws InvalidInputException if the value is empty, longer than 63 characters or has
         *     control characters or unpaired surrogates
         */
        public Builder status(Status status, String value) {
            if (status == null) {
                throw new InvalidInputException("status", "a status", null);
            }
            statuses.put(status, requireStatusValue("status " + status.name(), value));
            return this;
        }

        /**
         * Names one trigger or function (default: its {@linkplain CatalogObject#defaultName()
         * runbook name}).
         *
         * @param object the trigger or function
         * @param name the physical name
         * @return this builder
         * @throws InvalidInputException if the name is not a valid identifier
         */
        public Builder catalogObject(CatalogObject object, String name) {
            if (object == null) {
                throw new InvalidInputException("catalogObject", "a catalog object", null);
            }
            catalogObjects.put(object, requireIdentifier("catalogObject " + object.name(), name));
            return this;
        }

        /**
         * The schema of {@code fn_iu_create} and {@code fn_iu_enact} (default: {@code public}).
         *
         * @param schema the schema
         * @return this builder
         * @throws InvalidInputException if the name is not a valid identifier
         */
        public Builder functionSchema(String schema) {
            this.functionSchema = requireIdentifier("functionSchema", schema);
            return this;
        }

        /**
         * Declares the values a status column allows when the database has neither a CHECK
         * constraint nor an enum type listing them (default: none declared; the {@linkplain
         * Column#referenceValues() reference values} are then assumed and one WARN is logged per
         * target). A column the catalog constrains uses the catalog's values.
         *
         * @param column a status column, e.g. {@link Column#UNIT_STATUS}
         * @param values the physical values it allows
         * @return this builder
         * @throws InvalidInputException if the column is not a status column, the set is empty or
         *     a value is invalid
         */
        public Builder allowedStatuses(Column column, Set<String> values) {
            allowedStatuses.put(column, statusSet(column, values));
            return this;
        }

        /**
         * Declares the phase that writes a governance table's rows (default: {@link
         * PhaseOwnership#defaults()}).
         *
         * @param table a ledger table
         * @param phase the phase writing it
         * @return this builder
         * @throws InvalidInputException if the table is not a ledger table, the phase is {@code
         *     pre_write_backup}, or the change set or its affected rows would leave {@code
         *     cut_leg_a}
         */
        public Builder writtenIn(LogicalTable table, Phase phase) {
            phaseOwnership = phaseOwnership.withWriter(table, phase);
            return this;
        }

        /**
         * Replaces the whole phase ownership (default: {@link PhaseOwnership#defaults()}).
         *
         * @param ownership which phase writes each governance table
         * @return this builder
         * @throws InvalidInputException if {@code ownership} is null
         */
        public Builder phaseOwnership(PhaseOwnership ownership) {
            if (ownership == null) {
                throw new InvalidInputException("phaseOwnership", "a phase ownership", null);
            }
            phaseOwnership = ownership;
            return this;
        }

        /**
         * Builds the immutable binding.
         *
         * @return the binding
         * @throws InvalidInputException if {@code DRAFT} and {@code ENACTED} have the same value, or
         *     two logical tables are bound to the same physical table
         */
        public SchemaBinding build() {
            return new SchemaBinding(
                    tables,
                    columns,
                    Map.<LogicalTable, Map<Column, String>>copyOf(tableColumns),
                    statuses,
                    catalogObjects,
                    functionSchema,
                    allowedStatuses,
                    phaseOwnership,
                    holdTable);
        }
    }
}
