package io.github.cutterrevert.jooq;

import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.LogicalTable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
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
 *     .status(SchemaBinding.Status.DRAFT, "DRAFT")
 *     .build();
 * }</pre>
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
 * @param columns the physical name of every column the library uses
 * @param statuses the physical value of every status the library writes or compares
 * @param catalogObjects the physical name of the immutability triggers and orchestrator functions
 * @param functionSchema the schema of the orchestrator functions
 * @param unconstrainedUnitStatuses the unit statuses assumed allowed when the status column has
 *     neither a CHECK constraint nor an enum type listing its values
 */
public record SchemaBinding(
        Map<LogicalTable, TableName> tables,
        Map<Column, String> columns,
        Map<Status, String> statuses,
        Map<CatalogObject, String> catalogObjects,
        String functionSchema,
        Set<String> unconstrainedUnitStatuses) {

    private static final int MAX_IDENTIFIER_BYTES = 63;

    /** Copies every collection and validates every name and value. */
    public SchemaBinding {
        tables = complete("tables", LogicalTable.class, tables);
        requireDistinct(tables);
        columns = complete("columns", Column.class, columns);
        statuses = complete("statuses", Status.class, statuses);
        catalogObjects = complete("catalogObjects", CatalogObject.class, catalogObjects);
        columns.forEach((column, name) -> requireIdentifier("column " + column.name(), name));
        statuses.forEach((status, value) -> requireStatusValue("status " + status.name(), value));
        catalogObjects.forEach((object, name) -> requireIdentifier("catalogObject " + object.name(), name));
        functionSchema = requireIdentifier("functionSchema", functionSchema);
        if (unconstrainedUnitStatuses == null || unconstrainedUnitStatuses.isEmpty()) {
            throw new InvalidInputException("unconstrainedUnitStatuses", "at least one status value", null);
        }
        TreeSet<String> statusCopy = new TreeSet<>();
        for (String value : unconstrainedUnitStatuses) {
            statusCopy.add(requireStatusValue("unconstrainedUnitStatuses", value));
        }
        unconstrainedUnitStatuses = Collections.unmodifiableSortedSet(statusCopy);
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
        builder.unconstrainedUnitStatuses = unconstrainedUnitStatuses;
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
     * The physical name of a column.
     *
     * @param column the column
     * @return its name
     */
    public String column(Column column) {
        return columns.get(column);
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
        UNIT_STATUS(LogicalTable.INFORMATION_UNIT, "lifecycle_status", LogicalTable.INFORMATION_UNIT),
        /** {@code unit_version.information_unit_id}: the version's unit. */
        VERSION_UNIT_ID(LogicalTable.UNIT_VERSION, "information_unit_id", null),
        /** {@code unit_version.lifecycle_status}. */
        VERSION_STATUS(LogicalTable.UNIT_VERSION, "lifecycle_status", LogicalTable.UNIT_VERSION),
        /** {@code iu_lifecycle_log.information_unit_id}: the log row's unit. */
        LOG_UNIT_ID(LogicalTable.IU_LIFECYCLE_LOG, "information_unit_id", null),
        /** {@code change_set_id} of {@code cut_change_set} and of every ledger table. */
        CHANGE_SET_ID(null, "change_set_id", null),
        /** {@code cut_change_set.run_id}: the run that recorded the change set. */
        CHANGE_SET_RUN_ID(LogicalTable.CUT_CHANGE_SET, "run_id", null),
        /** {@code cut_change_set_affected_row.information_unit_id}: a unit of the change set. */
        AFFECTED_UNIT_ID(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, "information_unit_id", null),
        /** {@code review_decision.decision}. */
        DECISION(LogicalTable.REVIEW_DECISION, "decision", null),
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
        /** {@code source_document_registry.source_document_ref}: the document's key. */
        DOCUMENT_REF(LogicalTable.SOURCE_DOCUMENT_REGISTRY, "source_document_ref", null),
        /** {@code source_document_registry.lifecycle}: retired to {@code deprecated} on path B. */
        DOCUMENT_LIFECYCLE(LogicalTable.SOURCE_DOCUMENT_REGISTRY, "lifecycle", LogicalTable.SOURCE_DOCUMENT_REGISTRY),
        /** {@code source_document_version_registry.source_document_ref}: the version's document. */
        VERSION_DOCUMENT_REF(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, "source_document_ref", null),
        /** {@code source_document_version_registry.version_status}: voided on path B if approved. */
        DOCUMENT_VERSION_STATUS(
                LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY,
                "version_status",
                LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY),
        /**
         * {@code source_document_version_registry.provenance} ({@code jsonb}): receives {@code
         * rollback_note} when path B voids a version.
         */
        DOCUMENT_VERSION_PROVENANCE(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, "provenance", null);

        private final LogicalTable table;
        private final String defaultName;
        private final LogicalTable statusOf;

        Column(LogicalTable table, String defaultName, LogicalTable statusOf) {
            this.table = table;
            this.defaultName = defaultName;
            this.statusOf = statusOf;
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
        private String functionSchema = "public";
        private Set<String> unconstrainedUnitStatuses = Set.of("draft", "enacted", "superseded", "withdrawn");

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
            return this;
        }

        /**
         * Names one column (default: its {@linkplain Column#defaultName() runbook name}).
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
         * The unit statuses assumed allowed when the status column has neither a CHECK constraint
         * nor an enum type that lists its values (default: {@code draft, enacted, superseded,
         * withdrawn}).
         *
         * @param statuses the statuses
         * @return this builder
         * @throws InvalidInputException if the set is empty or a value is invalid
         */
        public Builder unconstrainedUnitStatuses(Set<String> statuses) {
            if (statuses == null || statuses.isEmpty()) {
                throw new InvalidInputException("unconstrainedUnitStatuses", "at least one status value", null);
            }
            statuses.forEach(value -> requireStatusValue("unconstrainedUnitStatuses", value));
            this.unconstrainedUnitStatuses = Set.copyOf(statuses);
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
                    tables, columns, statuses, catalogObjects, functionSchema, unconstrainedUnitStatuses);
        }
    }
}
