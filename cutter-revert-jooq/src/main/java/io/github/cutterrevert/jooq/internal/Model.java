package io.github.cutterrevert.jooq.internal;

import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Observability;
import io.github.cutterrevert.RowSelector;
import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.jooq.SchemaBinding.Column;
import io.github.cutterrevert.jooq.SchemaBinding.Status;
import io.github.cutterrevert.jooq.SchemaBinding.TableName;
import io.github.cutterrevert.jooq.internal.Catalog.AllowedValues;
import io.github.cutterrevert.jooq.internal.Catalog.ColumnRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binding's tables and fields as hand-declared jOOQ objects, and the row selections every
 * statement shares. Every name is built with {@link DSL#name(String...)} (always quoted), every
 * value with a bind. Ids are declared untyped ({@code Field<Object>}): they are only compared
 * inside SQL, never bound or loaded. One per target; thread-safe, and immutable but for the set of
 * status columns it has warned about.
 */
public final class Model {
    private static final Logger LOG = LoggerFactory.getLogger(Observability.LOGGER_EVIDENCE);

    /** Alias of {@code cut_change_set_affected_row} in the change-set sub-select. */
    private static final String UNITS_ALIAS = "csu";
    /** Alias of {@code information_unit} in the draft-units sub-select. */
    private static final String DRAFT_ALIAS = "csu_iu";

    private final SchemaBinding binding;
    /** The unconstrained, undeclared status columns already warned about by this target. */
    private final Set<ColumnRef> warned = ConcurrentHashMap.newKeySet();

    /**
     * Creates the model.
     *
     * @param binding the names
     */
    public Model(SchemaBinding binding) {
        this.binding = binding;
    }

    /**
     * The values a status column the catalog does not constrain is taken to allow: the values the
     * binding declares for it, else its reference values with one WARN per column and target (the
     * evidence is read on every plan and execute; the same WARN each time would be noise).
     *
     * @param values what the catalog shows for the column
     * @return the values assumed
     */
    public Set<String> assumedStatuses(AllowedValues values) {
        ColumnRef ref = values.column();
        Optional<Column> column = statusColumn(ref);
        Optional<Set<String>> declared = column.flatMap(binding::declaredStatuses);
        if (declared.isPresent()) {
            return declared.get();
        }
        // The reference values in this binding's words: draft, enacted and reverted as bound.
        Set<String> assumed = new TreeSet<>();
        for (String value : column.map(Column::referenceValues).orElse(List.of())) {
            assumed.add(physical(value));
        }
        if (warned.add(ref)) {
            LOG.warn(
                    "{}.{}: {}; assuming the reference values {} (declare them with"
                            + " SchemaBinding.Builder.allowedStatuses to silence this)",
                    ref.table().qualified(),
                    ref.column(),
                    values.source(),
                    assumed);
        }
        return assumed;
    }

    private String physical(String referenceValue) {
        for (Status status : Status.values()) {
            if (status.defaultValue().equals(referenceValue)) {
                return binding.status(status);
            }
        }
        return referenceValue;
    }

    /** The status column bound to a physical column. */
    private Optional<Column> statusColumn(ColumnRef ref) {
        for (Column column : Column.values()) {
            if (!column.referenceValues().isEmpty()
                    && column.table().isPresent()
                    && binding.table(column.table().get()).equals(ref.table())
                    && binding.column(column).equals(ref.column())) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /**
     * The binding.
     *
     * @return the binding
     */
    public SchemaBinding binding() {
        return binding;
    }

    /**
     * The physical name of a table, for messages and snapshot keys.
     *
     * @param table the table
     * @return e.g. {@code public.information_unit}
     */
    public String qualified(LogicalTable table) {
        return binding.table(table).qualified();
    }

    /**
     * The quoted, qualified name of a table.
     *
     * @param table the table
     * @return the name
     */
    public Name name(LogicalTable table) {
        TableName name = binding.table(table);
        return DSL.name(name.schema(), name.name());
    }

    /**
     * The table, unaliased.
     *
     * @param table the table
     * @return the jOOQ table
     */
    public Table<Record> table(LogicalTable table) {
        return DSL.table(name(table));
    }

    /**
     * A table by physical name.
     *
     * @param name the name
     * @return the jOOQ table
     */
    public static Table<Record> table(TableName name) {
        return DSL.table(DSL.name(name.schema(), name.name()));
    }

    /**
     * The logical table a physical name is bound to.
     *
     * @param name the physical name
     * @return the logical table, empty for tables the runbooks do not name
     */
    public Optional<LogicalTable> logical(TableName name) {
        for (Map.Entry<LogicalTable, TableName> entry : binding.tables().entrySet()) {
            if (entry.getValue().equals(name)) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    /**
     * A column of a table (or alias), typed.
     *
     * @param owner the table or its alias
     * @param column the column
     * @param type its type
     * @param <T> the Java type
     * @return the field, qualified by the owner's name
     */
    public <T> Field<T> field(Table<?> owner, Column column, DataType<T> type) {
        return DSL.field(owner.getQualifiedName().append(name(column)), type);
    }

    /**
     * The change-set column of a governance table (its name may differ per table).
     *
     * @param table the logical table the owner is
     * @param owner the table or its alias
     * @return the field, bound untyped like {@link #text(Table, Column)}
     */
    public Field<String> changeSet(LogicalTable table, Table<?> owner) {
        return DSL.field(
                owner.getQualifiedName().append(binding.column(table, Column.CHANGE_SET_ID)), UntypedText.TYPE);
    }

    /** The name of a column of one table; a shared column needs its table ({@link #changeSet}). */
    private String name(Column column) {
        if (column.table().isEmpty()) {
            throw new IllegalArgumentException(column.name() + " is shared by several tables: name the table");
        }
        return binding.column(column);
    }

    /**
     * A column of a table (or alias) that is only compared inside SQL.
     *
     * @param owner the table or its alias
     * @param column the column
     * @return the untyped field
     */
    public Field<Object> key(Table<?> owner, Column column) {
        return DSL.field(owner.getQualifiedName().append(name(column)));
    }

    /**
     * A text column, bound untyped so it matches text, varchar, enum and uuid columns alike.
     *
     * @param owner the table or its alias
     * @param column the column
     * @return the field
     */
    public Field<String> text(Table<?> owner, Column column) {
        return field(owner, column, UntypedText.TYPE);
    }

    /**
     * A text column given by physical name (identity columns of a seed delta).
     *
     * @param owner the table or its alias
     * @param column the physical column name
     * @return the field
     */
    public static Field<String> text(Table<?> owner, String column) {
        return DSL.field(owner.getQualifiedName().append(column), UntypedText.TYPE);
    }

    /**
     * A status value as a bind value.
     *
     * @param status the status
     * @return the bound value
     */
    public Field<String> value(Status status) {
        return DSL.val(binding.status(status), UntypedText.TYPE);
    }

    /**
     * A text value, bound untyped.
     *
     * @param value the value
     * @return the bound value
     */
    public static Field<String> value(String value) {
        return DSL.val(value, UntypedText.TYPE);
    }

    /**
     * The units of a change set: {@code SELECT csu.information_unit_id FROM
     * cut_change_set_affected_row csu WHERE csu.change_set_id = ?}. A sub-select, so ids never
     * leave the database.
     *
     * @param changeSet the change set
     * @return the sub-select
     */
    public Select<Record1<Object>> unitsOf(ChangeSetId changeSet) {
        Table<Record> affected = table(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW).as(UNITS_ALIAS);
        return DSL.select(key(affected, Column.AFFECTED_UNIT_ID))
                .from(affected)
                .where(changeSet(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, affected)
                        .eq(value(changeSet.value())));
    }

    /**
     * The change set's units that are still draft (the guard a child table without a status column
     * carries into its DELETE).
     *
     * @param changeSet the change set
     * @return the sub-select
     */
    public Select<Record1<Object>> draftUnitsOf(ChangeSetId changeSet) {
        Table<Record> affected = table(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW).as(UNITS_ALIAS);
        Table<Record> units = table(LogicalTable.INFORMATION_UNIT).as(DRAFT_ALIAS);
        return DSL.select(key(affected, Column.AFFECTED_UNIT_ID))
                .from(affected)
                .join(units)
                .on(key(units, Column.UNIT_ID).eq(key(affected, Column.AFFECTED_UNIT_ID)))
                .where(changeSet(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, affected)
                        .eq(value(changeSet.value())))
                .and(text(units, Column.UNIT_STATUS).eq(value(Status.DRAFT)));
    }

    /**
     * The selected rows of a table.
     *
     * @param table the logical table the rows are in
     * @param rows the selector
     * @param owner the table or its alias
     * @return the condition
     * @throws InvalidInputException if a change-set selector is used on a table that is not a unit
     *     table
     */
    public Condition rows(LogicalTable table, RowSelector rows, Table<?> owner) {
        return switch (rows) {
            case RowSelector.OfChangeSet ofChangeSet ->
                key(owner, unitColumn(table)).in(unitsOf(ofChangeSet.changeSet()));
            case RowSelector.ByIdentity byIdentity -> identity(table, byIdentity.identity(), owner);
        };
    }

    /**
     * The rows a hard delete removes: the selected rows, and only while they (or, for a child table
     * without a status column, their units) are draft. This is the guard carried in the DELETE's
     * own WHERE clause.
     *
     * @param table the logical table
     * @param rows the selector
     * @param owner the table or its alias
     * @return the condition
     */
    public Condition deleted(LogicalTable table, RowSelector rows, Table<?> owner) {
        Optional<Column> status = unitStatusColumn(table);
        if (rows instanceof RowSelector.OfChangeSet ofChangeSet && status.isEmpty()) {
            return key(owner, unitColumn(table)).in(draftUnitsOf(ofChangeSet.changeSet()));
        }
        Condition selected = rows(table, rows, owner);
        return status.map(column -> selected.and(text(owner, column).eq(value(Status.DRAFT))))
                .orElse(selected);
    }

    /**
     * Identity columns equal to bound values; each column is named by its runbook name and
     * resolved through the binding.
     *
     * @param table the registry table
     * @param identity runbook column name to value
     * @param owner the table or its alias
     * @return the condition
     * @throws InvalidInputException if a column is not one the binding knows on that table
     */
    public Condition identity(LogicalTable table, Map<String, String> identity, Table<?> owner) {
        List<Condition> conditions = new ArrayList<>();
        identity.forEach((column, value) -> conditions.add(
                text(owner, binding.identityColumn(table, column)).eq(value(value))));
        return DSL.and(conditions);
    }

    /**
     * Identity columns equal to bound values, treating NULL as a value ({@code IS NOT DISTINCT
     * FROM}), so that {@code NOT} of it is true for every other row.
     *
     * @param table the registry table
     * @param identity runbook column name to value
     * @param owner the table or its alias
     * @return the condition
     */
    public Condition sameIdentity(LogicalTable table, Map<String, String> identity, Table<?> owner) {
        List<Condition> conditions = new ArrayList<>();
        identity.forEach((column, value) -> conditions.add(
                text(owner, binding.identityColumn(table, column)).isNotDistinctFrom(value(value))));
        return DSL.and(conditions);
    }

    /**
     * The column linking a unit table to its unit.
     *
     * @param table a unit table
     * @return the unit id column
     */
    public static Column unitColumn(LogicalTable table) {
        return switch (table) {
            case INFORMATION_UNIT -> Column.UNIT_ID;
            case UNIT_VERSION -> Column.VERSION_UNIT_ID;
            case IU_LIFECYCLE_LOG -> Column.LOG_UNIT_ID;
            default ->
                throw new InvalidInputException(
                        "rows",
                        "a change-set selector on information_unit, unit_version or iu_lifecycle_log",
                        table.name());
        };
    }

    /**
     * The lifecycle status column of a unit table.
     *
     * @param table the table
     * @return the column, empty for tables without one
     */
    public static Optional<Column> unitStatusColumn(LogicalTable table) {
        return switch (table) {
            case INFORMATION_UNIT -> Optional.of(Column.UNIT_STATUS);
            case UNIT_VERSION -> Optional.of(Column.VERSION_STATUS);
            default -> Optional.empty();
        };
    }

    /**
     * Translates a status value the planner uses ({@code draft}, {@code enacted}) to the database's.
     *
     * @param planned the planner's value
     * @return the physical value
     */
    public String physicalStatus(String planned) {
        if (planned.equals(Status.DRAFT.defaultValue())) {
            return binding.status(Status.DRAFT);
        }
        if (planned.equals(Status.ENACTED.defaultValue())) {
            return binding.status(Status.ENACTED);
        }
        return planned;
    }

    /**
     * Translates a database status value to the planner's vocabulary ({@code draft}, {@code
     * enacted}).
     *
     * @param physical the database's value
     * @return the planner's value
     */
    public String plannedStatus(String physical) {
        if (physical.equals(binding.status(Status.DRAFT))) {
            return Status.DRAFT.defaultValue();
        }
        if (physical.equals(binding.status(Status.ENACTED))) {
            return Status.ENACTED.defaultValue();
        }
        return physical;
    }
}
