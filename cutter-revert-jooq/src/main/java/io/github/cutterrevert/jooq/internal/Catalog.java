package io.github.cutterrevert.jooq.internal;

import io.github.cutterrevert.jooq.SchemaBinding.TableName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.Results;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Queries of {@code pg_catalog}: triggers, functions, the values a status column allows, and the
 * foreign keys that reference a table. The catalog tables are declared by hand like every other
 * table; names are matched with bound values. Stateless and thread-safe.
 */
public final class Catalog {
    /** {@code pg_trigger.tgenabled} values under which a trigger fires in a normal session. */
    private static final List<String> FIRING = List.of("O", "A");
    /** {@code pg_constraint.confdeltype} values that change referencing rows on delete. */
    private static final List<String> CHANGING_ON_DELETE = List.of("c", "n", "d");

    /**
     * A quoted identifier (skipped: a column named {@code it's} must not open a literal) or a string
     * literal (group 1).
     */
    private static final Pattern LITERAL = Pattern.compile("\"(?:[^\"]|\"\")*\"|'((?:[^']|'')*)'");

    private Catalog() {}

    // ---- pg_catalog declarations -------------------------------------------------------------

    private static Table<Record> pg(String relation, String alias) {
        return DSL.table(DSL.unquotedName("pg_catalog", relation)).as(alias);
    }

    private static <T> Field<T> col(Table<?> alias, String column, DataType<T> type) {
        return DSL.field(alias.getQualifiedName().append(column), type);
    }

    private static Field<Object> oid(Table<?> alias, String column) {
        return DSL.field(alias.getQualifiedName().append(column));
    }

    private static Field<String> name(Table<?> alias, String column) {
        return col(alias, column, UntypedText.TYPE);
    }

    private static Field<String> text(Field<?> field) {
        return field.cast(SQLDataType.CLOB);
    }

    // ---- triggers ----------------------------------------------------------------------------

    /**
     * A trigger to look for.
     *
     * @param table the table it must be on
     * @param name its physical name
     */
    public record TriggerRef(TableName table, String name) {}

    private static final Table<Record> TRIGGER = pg("pg_trigger", "tg");
    private static final Table<Record> TRIGGER_CLASS = pg("pg_class", "tg_c");
    private static final Table<Record> TRIGGER_NS = pg("pg_namespace", "tg_n");

    private static Condition triggerCondition(List<TriggerRef> triggers) {
        List<Condition> any = new ArrayList<>();
        for (TriggerRef trigger : triggers) {
            any.add(name(TRIGGER, "tgname")
                    .eq(Model.value(trigger.name()))
                    .and(name(TRIGGER_NS, "nspname")
                            .eq(Model.value(trigger.table().schema())))
                    .and(name(TRIGGER_CLASS, "relname")
                            .eq(Model.value(trigger.table().name()))));
        }
        return DSL.not(DSL.condition(col(TRIGGER, "tgisinternal", SQLDataType.BOOLEAN)))
                .and(DSL.or(any));
    }

    /**
     * {@code tgname, tgenabled} of the triggers that exist (seed 000, section 2).
     *
     * @param triggers the triggers to look for
     * @return the query
     */
    public static ResultQuery<? extends Record> triggers(List<TriggerRef> triggers) {
        return DSL.select(
                        text(name(TRIGGER, "tgname")).as("tgname"),
                        text(oid(TRIGGER, "tgenabled")).as("tgenabled"))
                .from(TRIGGER)
                .join(TRIGGER_CLASS)
                .on(oid(TRIGGER_CLASS, "oid").eq(oid(TRIGGER, "tgrelid")))
                .join(TRIGGER_NS)
                .on(oid(TRIGGER_NS, "oid").eq(oid(TRIGGER_CLASS, "relnamespace")))
                .where(triggerCondition(triggers))
                .orderBy(DSL.field(DSL.name("tgname")));
    }

    /**
     * How many of the triggers exist and fire ({@code tgenabled} {@code O} or {@code A}).
     *
     * @param triggers the triggers
     * @return the counting query
     */
    public static Select<Record1<Integer>> firingTriggers(List<TriggerRef> triggers) {
        return DSL.select(DSL.countDistinct(name(TRIGGER, "tgname")))
                .from(TRIGGER)
                .join(TRIGGER_CLASS)
                .on(oid(TRIGGER_CLASS, "oid").eq(oid(TRIGGER, "tgrelid")))
                .join(TRIGGER_NS)
                .on(oid(TRIGGER_NS, "oid").eq(oid(TRIGGER_CLASS, "relnamespace")))
                .where(triggerCondition(triggers))
                .and(text(oid(TRIGGER, "tgenabled"))
                        .in(FIRING.stream().map(DSL::inline).toList()));
    }

    /**
     * Reads the triggers.
     *
     * @param dsl where
     * @param triggers the triggers to look for
     * @return physical name to {@code tgenabled}, for the triggers that exist
     */
    public static Map<String, String> readTriggers(DSLContext dsl, List<TriggerRef> triggers) {
        return triggers(dsl.fetch(triggers(triggers)));
    }

    private static Map<String, String> triggers(Result<? extends Record> records) {
        Map<String, String> found = new TreeMap<>();
        for (Record record : records) {
            found.put(record.get("tgname", String.class), record.get("tgenabled", String.class));
        }
        return found;
    }

    /**
     * Whether a {@code tgenabled} value means the trigger fires in a normal session.
     *
     * @param tgenabled the flag
     * @return {@code true} for {@code O} (origin) and {@code A} (always)
     */
    public static boolean fires(String tgenabled) {
        return FIRING.contains(tgenabled);
    }

    // ---- functions ---------------------------------------------------------------------------

    private static final Table<Record> PROC = pg("pg_proc", "fn");
    private static final Table<Record> PROC_NS = pg("pg_namespace", "fn_n");

    private static Condition functionCondition(String schema, List<String> names) {
        return name(PROC_NS, "nspname")
                .eq(Model.value(schema))
                .and(name(PROC, "proname").in(names.stream().map(Model::value).toList()));
    }

    /**
     * The names of the functions that exist.
     *
     * @param schema their schema
     * @param names the physical names
     * @return the query
     */
    public static ResultQuery<Record1<String>> functions(String schema, List<String> names) {
        return DSL.selectDistinct(text(name(PROC, "proname")))
                .from(PROC)
                .join(PROC_NS)
                .on(oid(PROC_NS, "oid").eq(oid(PROC, "pronamespace")))
                .where(functionCondition(schema, names));
    }

    /**
     * How many of the functions exist.
     *
     * @param schema their schema
     * @param names the physical names
     * @return the counting query
     */
    public static Select<Record1<Integer>> presentFunctions(String schema, List<String> names) {
        return DSL.select(DSL.countDistinct(name(PROC, "proname")))
                .from(PROC)
                .join(PROC_NS)
                .on(oid(PROC_NS, "oid").eq(oid(PROC, "pronamespace")))
                .where(functionCondition(schema, names));
    }

    /**
     * Reads which functions exist.
     *
     * @param dsl where
     * @param schema their schema
     * @param names the physical names
     * @return the names that exist
     */
    public static Set<String> readFunctions(DSLContext dsl, String schema, List<String> names) {
        return functions(dsl.fetch(functions(schema, names)));
    }

    private static Set<String> functions(Result<? extends Record> records) {
        return new TreeSet<>(records.getValues(0, String.class));
    }

    // ---- allowed status values ---------------------------------------------------------------

    /**
     * A column whose allowed values are wanted.
     *
     * @param table its table
     * @param column its physical name
     */
    public record ColumnRef(TableName table, String column) {}

    /**
     * What the catalog says a column allows.
     *
     * @param column the column
     * @param values the allowed values, empty when neither a CHECK constraint nor an enum lists them
     * @param source where the values come from, e.g. {@code enum} or {@code CHECK constraint(s)}
     */
    public record AllowedValues(ColumnRef column, Optional<Set<String>> values, String source) {}

    private static final Table<Record> ATTR = pg("pg_attribute", "st_a");
    private static final Table<Record> ATTR_CLASS = pg("pg_class", "st_c");
    private static final Table<Record> ATTR_NS = pg("pg_namespace", "st_n");
    private static final Table<Record> ATTR_TYPE = pg("pg_type", "st_t");
    private static final Table<Record> ENUM = pg("pg_enum", "st_e");
    private static final Table<Record> CHECK = pg("pg_constraint", "st_k");

    /**
     * For each column: its type's kind ({@code typtype}), its enum labels in order, and the
     * definitions ({@code pg_get_constraintdef}) of the CHECK constraints on the column alone or on
     * its domain.
     *
     * @param columns the columns
     * @return the query
     */
    public static ResultQuery<? extends Record> allowedValues(List<ColumnRef> columns) {
        List<Condition> any = new ArrayList<>();
        for (ColumnRef ref : columns) {
            any.add(name(ATTR_NS, "nspname")
                    .eq(Model.value(ref.table().schema()))
                    .and(name(ATTR_CLASS, "relname").eq(Model.value(ref.table().name())))
                    .and(name(ATTR, "attname").eq(Model.value(ref.column()))));
        }
        Field<Short> attnum = col(ATTR, "attnum", SQLDataType.SMALLINT);
        Field<String[]> labels = DSL.array(DSL.select(text(name(ENUM, "enumlabel")))
                        .from(ENUM)
                        .where(oid(ENUM, "enumtypid").eq(oid(ATTR, "atttypid")))
                        .orderBy(DSL.field(ENUM.getQualifiedName().append("enumsortorder"))))
                .as("labels");
        Field<String> definition = DSL.function(
                DSL.unquotedName("pg_catalog", "pg_get_constraintdef"), SQLDataType.CLOB, oid(CHECK, "oid"));
        Field<String[]> checks = DSL.array(DSL.select(definition)
                        .from(CHECK)
                        .where(text(oid(CHECK, "contype")).eq(DSL.inline("c")))
                        .and(oid(CHECK, "conrelid")
                                .eq(oid(ATTR_CLASS, "oid"))
                                .and(col(CHECK, "conkey", SQLDataType.SMALLINT.array())
                                        .eq(DSL.array(attnum)))
                                .or(oid(CHECK, "contypid").eq(oid(ATTR, "atttypid"))))
                        .orderBy(name(CHECK, "conname")))
                .as("checks");
        return DSL.select(
                        text(name(ATTR_NS, "nspname")).as("nspname"),
                        text(name(ATTR_CLASS, "relname")).as("relname"),
                        text(name(ATTR, "attname")).as("attname"),
                        text(oid(ATTR_TYPE, "typtype")).as("typtype"),
                        labels,
                        checks)
                .from(ATTR)
                .join(ATTR_CLASS)
                .on(oid(ATTR_CLASS, "oid").eq(oid(ATTR, "attrelid")))
                .join(ATTR_NS)
                .on(oid(ATTR_NS, "oid").eq(oid(ATTR_CLASS, "relnamespace")))
                .join(ATTR_TYPE)
                .on(oid(ATTR_TYPE, "oid").eq(oid(ATTR, "atttypid")))
                .where(DSL.not(DSL.condition(col(ATTR, "attisdropped", SQLDataType.BOOLEAN))))
                .and(attnum.gt(DSL.inline((short) 0)))
                .and(DSL.or(any));
    }

    /**
     * Reads what each column allows.
     *
     * @param dsl where
     * @param columns the columns
     * @return one entry per column found, in the order asked
     */
    public static List<AllowedValues> readAllowedValues(DSLContext dsl, List<ColumnRef> columns) {
        return allowedValues(dsl.fetch(allowedValues(columns)), columns);
    }

    /**
     * Interprets the records of {@link #allowedValues(List)}.
     *
     * @param records the records
     * @param columns the columns asked for
     * @return one entry per column found, in the order asked
     */
    public static List<AllowedValues> allowedValues(Result<? extends Record> records, List<ColumnRef> columns) {
        List<AllowedValues> result = new ArrayList<>();
        for (ColumnRef ref : columns) {
            for (Record record : records) {
                if (ref.table().schema().equals(record.get("nspname", String.class))
                        && ref.table().name().equals(record.get("relname", String.class))
                        && ref.column().equals(record.get("attname", String.class))) {
                    result.add(allowed(
                            ref,
                            record.get("typtype", String.class),
                            record.get("labels", String[].class),
                            record.get("checks", String[].class)));
                }
            }
        }
        return result;
    }

    /**
     * Interprets one column's catalog row: an enum's labels, else the intersection of the string
     * literals of every CHECK constraint that names any, else unconstrained.
     *
     * @param ref the column
     * @param typtype the type's kind ({@code e} for enum)
     * @param labels the enum labels
     * @param checks the CHECK constraint definitions
     * @return what the column allows
     */
    static AllowedValues allowed(ColumnRef ref, String typtype, String[] labels, String[] checks) {
        if ("e".equals(typtype) && labels != null && labels.length > 0) {
            return new AllowedValues(ref, Optional.of(new LinkedHashSet<>(Arrays.asList(labels))), "enum");
        }
        Set<String> values = null;
        for (String definition : checks == null ? new String[0] : checks) {
            Set<String> literals = literals(definition);
            if (literals.isEmpty()) {
                continue;
            }
            if (values == null) {
                values = literals;
            } else {
                values.retainAll(literals);
            }
        }
        return values == null
                ? new AllowedValues(ref, Optional.empty(), "no CHECK constraint or enum lists the values")
                : new AllowedValues(ref, Optional.of(values), "CHECK constraint");
    }

    /**
     * The string literals of a constraint definition, e.g. of {@code CHECK ((s = ANY
     * (ARRAY['draft'::text, 'it''s'::text])))}: {@code draft}, {@code it's}.
     *
     * @param definition the definition
     * @return the literals, in order
     */
    static Set<String> literals(String definition) {
        Set<String> literals = new LinkedHashSet<>();
        Matcher matcher = LITERAL.matcher(definition);
        while (matcher.find()) {
            if (matcher.group(1) != null) {
                literals.add(matcher.group(1).replace("''", "'"));
            }
        }
        return literals;
    }

    // ---- foreign keys ------------------------------------------------------------------------

    /**
     * A foreign key referencing one of the tables asked about.
     *
     * @param name the constraint name
     * @param source the referencing table
     * @param sourceColumns its columns, in key order
     * @param target the referenced table
     * @param targetColumns the referenced columns, in key order
     * @param onDelete {@code pg_constraint.confdeltype}: {@code a} no action, {@code r} restrict,
     *     {@code c} cascade, {@code n} set null, {@code d} set default
     * @param readable whether the current role may SELECT from the referencing table (if not, its
     *     references cannot be counted and the library must assume the worst)
     */
    public record ForeignKey(
            String name,
            TableName source,
            List<String> sourceColumns,
            TableName target,
            List<String> targetColumns,
            String onDelete,
            boolean readable) {
        /** Copies the lists. */
        public ForeignKey {
            sourceColumns = List.copyOf(sourceColumns);
            targetColumns = List.copyOf(targetColumns);
        }

        /**
         * Whether deleting a referenced row changes referencing rows (the runbooks forbid it: no
         * CASCADE).
         *
         * @return {@code true} for ON DELETE CASCADE, SET NULL and SET DEFAULT
         */
        public boolean changesOnDelete() {
            return CHANGING_ON_DELETE.contains(onDelete);
        }

        /**
         * The ON DELETE action in words.
         *
         * @return e.g. {@code ON DELETE CASCADE}
         */
        public String onDeleteAction() {
            return "ON DELETE "
                    + switch (onDelete) {
                        case "c" -> "CASCADE";
                        case "n" -> "SET NULL";
                        case "d" -> "SET DEFAULT";
                        case "r" -> "RESTRICT";
                        default -> "NO ACTION";
                    };
        }
    }

    private static final Table<Record> FK = pg("pg_constraint", "fk");
    private static final Table<Record> FK_SOURCE = pg("pg_class", "fk_sc");
    private static final Table<Record> FK_SOURCE_NS = pg("pg_namespace", "fk_sn");
    private static final Table<Record> FK_TARGET = pg("pg_class", "fk_tc");
    private static final Table<Record> FK_TARGET_NS = pg("pg_namespace", "fk_tn");
    private static final Table<Record> FK_SOURCE_ATTR = pg("pg_attribute", "fk_sa");
    private static final Table<Record> FK_TARGET_ATTR = pg("pg_attribute", "fk_ta");

    private static Condition targets(List<TableName> targets) {
        List<Condition> any = new ArrayList<>();
        for (TableName target : targets) {
            any.add(name(FK_TARGET_NS, "nspname")
                    .eq(Model.value(target.schema()))
                    .and(name(FK_TARGET, "relname").eq(Model.value(target.name()))));
        }
        return text(oid(FK, "contype")).eq(DSL.inline("f")).and(DSL.or(any));
    }

    private static Field<String[]> keyColumns(Table<Record> attr, String relation, String keys) {
        Field<Short[]> key = col(FK, keys, SQLDataType.SMALLINT.array());
        Field<Short> attnum = col(attr, "attnum", SQLDataType.SMALLINT);
        return DSL.array(DSL.select(text(name(attr, "attname")))
                .from(attr)
                .where(oid(attr, "attrelid").eq(oid(FK, relation)))
                .and(attnum.eq(DSL.any(key)))
                .orderBy(DSL.function(
                        DSL.unquotedName("pg_catalog", "array_position"), SQLDataType.INTEGER, key, attnum)));
    }

    /**
     * Every foreign key that references one of the tables.
     *
     * @param targets the referenced tables
     * @return the query
     */
    public static ResultQuery<? extends Record> foreignKeys(List<TableName> targets) {
        return DSL.select(
                        text(name(FK, "conname")).as("conname"),
                        text(oid(FK, "confdeltype")).as("confdeltype"),
                        text(name(FK_SOURCE_NS, "nspname")).as("source_schema"),
                        text(name(FK_SOURCE, "relname")).as("source_table"),
                        keyColumns(FK_SOURCE_ATTR, "conrelid", "conkey").as("source_columns"),
                        text(name(FK_TARGET_NS, "nspname")).as("target_schema"),
                        text(name(FK_TARGET, "relname")).as("target_table"),
                        keyColumns(FK_TARGET_ATTR, "confrelid", "confkey").as("target_columns"),
                        DSL.function(
                                        DSL.unquotedName("pg_catalog", "has_table_privilege"),
                                        SQLDataType.BOOLEAN,
                                        oid(FK, "conrelid"),
                                        DSL.inline("SELECT"))
                                .as("readable"))
                .from(FK)
                .join(FK_SOURCE)
                .on(oid(FK_SOURCE, "oid").eq(oid(FK, "conrelid")))
                .join(FK_SOURCE_NS)
                .on(oid(FK_SOURCE_NS, "oid").eq(oid(FK_SOURCE, "relnamespace")))
                .join(FK_TARGET)
                .on(oid(FK_TARGET, "oid").eq(oid(FK, "confrelid")))
                .join(FK_TARGET_NS)
                .on(oid(FK_TARGET_NS, "oid").eq(oid(FK_TARGET, "relnamespace")))
                .where(targets(targets))
                .orderBy(
                        DSL.field(DSL.name("target_schema")),
                        DSL.field(DSL.name("target_table")),
                        DSL.field(DSL.name("source_schema")),
                        DSL.field(DSL.name("source_table")),
                        DSL.field(DSL.name("conname")));
    }

    /**
     * How many foreign keys referencing the table delete or change referencing rows on delete.
     *
     * @param target the referenced table
     * @return the counting query
     */
    public static Select<Record1<Integer>> changingForeignKeys(TableName target) {
        return DSL.selectCount()
                .from(FK)
                .join(FK_TARGET)
                .on(oid(FK_TARGET, "oid").eq(oid(FK, "confrelid")))
                .join(FK_TARGET_NS)
                .on(oid(FK_TARGET_NS, "oid").eq(oid(FK_TARGET, "relnamespace")))
                .where(targets(List.of(target)))
                .and(text(oid(FK, "confdeltype"))
                        .in(CHANGING_ON_DELETE.stream().map(DSL::inline).toList()));
    }

    /**
     * Reads every foreign key referencing the tables.
     *
     * @param dsl where
     * @param targets the referenced tables
     * @return the foreign keys, ordered by target, source and name
     */
    public static List<ForeignKey> readForeignKeys(DSLContext dsl, List<TableName> targets) {
        return foreignKeys(dsl.fetch(foreignKeys(targets)));
    }

    /**
     * Interprets the records of {@link #foreignKeys(List)}.
     *
     * @param records the records
     * @return the foreign keys
     */
    public static List<ForeignKey> foreignKeys(Result<? extends Record> records) {
        List<ForeignKey> keys = new ArrayList<>();
        for (Record record : records) {
            keys.add(new ForeignKey(
                    record.get("conname", String.class),
                    new TableName(record.get("source_schema", String.class), record.get("source_table", String.class)),
                    Arrays.asList(record.get("source_columns", String[].class)),
                    new TableName(record.get("target_schema", String.class), record.get("target_table", String.class)),
                    Arrays.asList(record.get("target_columns", String[].class)),
                    record.get("confdeltype", String.class),
                    Boolean.TRUE.equals(record.get("readable", Boolean.class))));
        }
        return keys;
    }

    // ---- all at once -------------------------------------------------------------------------

    /**
     * What {@link #readTriggers}, {@link #readFunctions}, {@link #readAllowedValues} and {@link
     * #readForeignKeys} return, read in one round trip.
     *
     * @param triggers physical trigger name to {@code tgenabled}, for the triggers that exist
     * @param functions the function names that exist
     * @param allowedValues what each status column allows
     * @param foreignKeys every foreign key referencing the tables asked for
     */
    public record Facts(
            Map<String, String> triggers,
            Set<String> functions,
            List<AllowedValues> allowedValues,
            List<ForeignKey> foreignKeys) {}

    /**
     * Reads triggers, functions, allowed status values and foreign keys in one round trip: the four
     * catalog queries are sent together as one multi-statement query.
     *
     * @param dsl where
     * @param triggers the triggers to look for
     * @param functionSchema the functions' schema
     * @param functionNames the functions' physical names
     * @param columns the status columns
     * @param referenced the tables whose referencing foreign keys are wanted
     * @return the facts
     */
    public static Facts readAll(
            DSLContext dsl,
            List<TriggerRef> triggers,
            String functionSchema,
            List<String> functionNames,
            List<ColumnRef> columns,
            List<TableName> referenced) {
        Results results = dsl.fetchMany(DSL.resultQuery(
                "{0};\n{1};\n{2};\n{3}",
                triggers(triggers),
                functions(functionSchema, functionNames),
                allowedValues(columns),
                foreignKeys(referenced)));
        return new Facts(
                triggers(results.get(0)),
                functions(results.get(1)),
                allowedValues(results.get(2), columns),
                foreignKeys(results.get(3)));
    }
}
