package io.github.cutterrevert.jooq.internal;

import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CutEvidence;
import io.github.cutterrevert.InvalidPlanException;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Observability;
import io.github.cutterrevert.RowSelector;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.SchemaFacts;
import io.github.cutterrevert.SeedDelta;
import io.github.cutterrevert.SeedEvidence;
import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.jooq.SchemaBinding.Column;
import io.github.cutterrevert.jooq.SchemaBinding.Status;
import io.github.cutterrevert.jooq.SchemaBinding.TableName;
import io.github.cutterrevert.jooq.internal.Catalog.AllowedValues;
import io.github.cutterrevert.jooq.internal.Catalog.ForeignKey;
import io.github.cutterrevert.jooq.internal.Catalog.TriggerRef;
import io.github.cutterrevert.spi.EvidenceSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the evidence the planner decides on, in a few set-based queries on one {@link
 * DSLContext}: outside a transaction for planning, inside the executor's transaction for the
 * re-plan. Never loads unit ids: every count is computed in the database.
 */
public final class EvidenceReader implements EvidenceSource {
    private static final Logger LOG = LoggerFactory.getLogger(Observability.LOGGER_EVIDENCE);

    private static final List<LogicalTable> UNIT_TABLES =
            List.of(LogicalTable.INFORMATION_UNIT, LogicalTable.UNIT_VERSION, LogicalTable.IU_LIFECYCLE_LOG);
    private static final List<LogicalTable> REGISTRY_TABLES =
            List.of(LogicalTable.SOURCE_DOCUMENT_REGISTRY, LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY);

    private final DSLContext dsl;
    private final Statements statements;
    private final Model model;

    /**
     * Creates a reader.
     *
     * @param dsl where to read
     * @param statements the statements of the binding
     */
    public EvidenceReader(DSLContext dsl, Statements statements) {
        this.dsl = dsl;
        this.statements = statements;
        this.model = statements.model();
    }

    @Override
    public Optional<ChangeSetId> changeSetOf(RunId runId) {
        Table<Record> changeSets = model.table(LogicalTable.CUT_CHANGE_SET);
        Field<String> id = model.changeSet(LogicalTable.CUT_CHANGE_SET, changeSets);
        List<String> ids = dsl.fetch(DSL.select(id)
                        .from(changeSets)
                        .where(model.text(changeSets, Column.CHANGE_SET_RUN_ID).eq(Model.value(runId.value())))
                        .orderBy(id)
                        .limit(DSL.inline(2)))
                .getValues(0, String.class);
        if (ids.size() > 1) {
            throw new InvalidPlanException(
                    runId,
                    "one-change-set-per-run",
                    "expected at most 1 change set recorded for the run in "
                            + model.qualified(LogicalTable.CUT_CHANGE_SET)
                            + " but found more; name it with changeSet(...)");
        }
        return ids.stream().findFirst().map(ChangeSetId::of);
    }

    @Override
    public CutEvidence cutEvidence(RunId runId, ChangeSetId changeSet) {
        Map<String, Long> units = new TreeMap<>();
        Map<String, Long> versions = new TreeMap<>();
        for (Record3<String, String, Integer> row : dsl.fetch(byStatus(changeSet))) {
            Map<String, Long> target = "unit".equals(row.value1()) ? units : versions;
            target.merge(model.plannedStatus(row.value2()), row.get(2, Long.class), Long::sum);
        }
        Record counts = dsl.fetchSingle(changeSetCounts(runId, changeSet));
        long recorded = counts.get("change_set", Long.class);
        if (recorded > 0 && counts.get("change_set_of_run", Long.class) == 0) {
            throw new InvalidPlanException(
                    runId,
                    "change-set-of-run",
                    "expected change set " + changeSet.value() + " to be recorded for this run but "
                            + model.qualified(LogicalTable.CUT_CHANGE_SET) + " records it for another run");
        }
        Map<LogicalTable, Long> ledger = new EnumMap<>(LogicalTable.class);
        for (LogicalTable table : LogicalTable.values()) {
            if (table.ledger()) {
                ledger.put(table, counts.get(ledgerAlias(table), Long.class));
            }
        }
        SchemaFacts facts = schemaFacts(changeSet);
        LOG.debug(
                "run {} change set {}: evidence read ({} units, {} versions)",
                runId.value(),
                changeSet.value(),
                units.values().stream().mapToLong(Long::longValue).sum(),
                versions.values().stream().mapToLong(Long::longValue).sum());
        return new CutEvidence(
                changeSet,
                recorded > 0,
                units,
                versions,
                counts.get("lifecycle_log", Long.class),
                ledger,
                counts.get("reverted", Long.class),
                false,
                facts);
    }

    /** Units and versions of the change set per status, in one UNION ALL. */
    private Select<Record3<String, String, Integer>> byStatus(ChangeSetId changeSet) {
        RowSelector rows = new RowSelector.OfChangeSet(changeSet);
        Table<Record> units = model.table(LogicalTable.INFORMATION_UNIT);
        Table<Record> versions = model.table(LogicalTable.UNIT_VERSION);
        Field<String> unitStatus = model.text(units, Column.UNIT_STATUS);
        Field<String> versionStatus = model.text(versions, Column.VERSION_STATUS);
        return DSL.select(DSL.inline("unit").as("kind"), unitStatus.as("status"), DSL.count())
                .from(units)
                .where(model.rows(LogicalTable.INFORMATION_UNIT, rows, units))
                .groupBy(unitStatus)
                .unionAll(DSL.select(DSL.inline("version").as("kind"), versionStatus.as("status"), DSL.count())
                        .from(versions)
                        .where(model.rows(LogicalTable.UNIT_VERSION, rows, versions))
                        .groupBy(versionStatus));
    }

    /** The change set's ledger rows, log rows and reverted decisions, as scalar sub-queries. */
    private Select<Record> changeSetCounts(RunId runId, ChangeSetId changeSet) {
        return DSL.select(changeSetCountFields(runId, changeSet));
    }

    /**
     * The change set's ledger rows per table, lifecycle-log rows and reverted decisions, and whether
     * it is recorded (for this run): the facts of {@link #cutEvidence} that cost an index look-up
     * each, as scalar sub-queries to be read with other facts in one statement.
     *
     * @param runId the run
     * @param changeSet the change set
     * @return the fields; {@link #withChangeSetCounts} reads them back
     */
    public List<Field<?>> changeSetCountFields(RunId runId, ChangeSetId changeSet) {
        List<Field<?>> fields = new ArrayList<>();
        Table<Record> changeSets = model.table(LogicalTable.CUT_CHANGE_SET);
        Condition ofChangeSet =
                model.changeSet(LogicalTable.CUT_CHANGE_SET, changeSets).eq(Model.value(changeSet.value()));
        fields.add(
                DSL.field(DSL.selectCount().from(changeSets).where(ofChangeSet)).as("change_set"));
        fields.add(DSL.field(DSL.selectCount()
                        .from(changeSets)
                        .where(ofChangeSet)
                        .and(model.text(changeSets, Column.CHANGE_SET_RUN_ID).eq(Model.value(runId.value()))))
                .as("change_set_of_run"));
        Table<Record> log = model.table(LogicalTable.IU_LIFECYCLE_LOG);
        fields.add(DSL.field(DSL.selectCount()
                        .from(log)
                        .where(model.rows(LogicalTable.IU_LIFECYCLE_LOG, new RowSelector.OfChangeSet(changeSet), log)))
                .as("lifecycle_log"));
        for (LogicalTable table : LogicalTable.values()) {
            if (table.ledger()) {
                Table<Record> ledger = model.table(table);
                fields.add(DSL.field(DSL.selectCount()
                                .from(ledger)
                                .where(model.changeSet(table, ledger).eq(Model.value(changeSet.value()))))
                        .as(ledgerAlias(table)));
            }
        }
        Table<Record> decisions = model.table(LogicalTable.REVIEW_DECISION);
        fields.add(DSL.field(DSL.selectCount()
                        .from(decisions)
                        .where(model.changeSet(LogicalTable.REVIEW_DECISION, decisions)
                                .eq(Model.value(changeSet.value())))
                        .and(model.text(decisions, Column.DECISION).eq(model.value(Status.REVERTED))))
                .as("reverted"));
        return fields;
    }

    private static String ledgerAlias(LogicalTable table) {
        return "of_change_set_" + Statements.countAlias(table);
    }

    /**
     * The evidence a plan was made from, with the facts of {@link #changeSetCountFields} replaced
     * by those in {@code record}; the rest (statuses, catalog facts) as it was.
     *
     * @param planned the evidence the plan was made from
     * @param record a record holding the fields of {@link #changeSetCountFields}
     * @return the evidence, or empty when the change set is now recorded for another run
     */
    public static Optional<CutEvidence> withChangeSetCounts(CutEvidence planned, Record record) {
        long recorded = record.get("change_set", Long.class);
        if (recorded > 0 && record.get("change_set_of_run", Long.class) == 0) {
            return Optional.empty();
        }
        Map<LogicalTable, Long> ledger = new EnumMap<>(LogicalTable.class);
        for (LogicalTable table : LogicalTable.values()) {
            if (table.ledger()) {
                ledger.put(table, record.get(ledgerAlias(table), Long.class));
            }
        }
        return Optional.of(new CutEvidence(
                planned.changeSet(),
                recorded > 0,
                planned.unitsByStatus(),
                planned.versionsByStatus(),
                record.get("lifecycle_log", Long.class),
                ledger,
                record.get("reverted", Long.class),
                planned.backupArtifactPresent(),
                planned.schema()));
    }

    /**
     * What the catalog shows for a change set: triggers, functions, the statuses the unit and
     * version status columns both allow, and the hard-delete blockers.
     *
     * @param changeSet the change set whose rows a hard delete would remove
     * @return the facts
     */
    public SchemaFacts schemaFacts(ChangeSetId changeSet) {
        SchemaBinding binding = model.binding();
        List<TriggerRef> triggers = statements.triggers(SchemaFacts.IMMUTABILITY_TRIGGERS);
        List<String> functionNames = statements.functions(SchemaFacts.ENACT_FUNCTIONS);
        List<TableName> unitTables = new ArrayList<>();
        for (LogicalTable table : UNIT_TABLES) {
            unitTables.add(binding.table(table));
        }
        Catalog.Facts catalog = Catalog.readAll(
                dsl,
                triggers,
                binding.functionSchema(),
                functionNames,
                statements.statusColumns(LogicalTable.INFORMATION_UNIT),
                unitTables);
        Map<String, String> found = catalog.triggers();
        Map<String, Boolean> enabled = new HashMap<>();
        for (int i = 0; i < triggers.size(); i++) {
            String tgenabled = found.get(triggers.get(i).name());
            if (tgenabled != null) {
                enabled.put(SchemaFacts.IMMUTABILITY_TRIGGERS.get(i), Catalog.fires(tgenabled));
            }
        }
        Set<String> present = catalog.functions();
        Set<String> functions = new LinkedHashSet<>();
        for (int i = 0; i < functionNames.size(); i++) {
            if (present.contains(functionNames.get(i))) {
                functions.add(SchemaFacts.ENACT_FUNCTIONS.get(i));
            }
        }
        return new SchemaFacts(
                enabled,
                functions,
                intersection(model, catalog.allowedValues()),
                hardDeleteBlockers(changeSet, catalog.foreignKeys()),
                binding.phaseOwnership());
    }

    /**
     * The statuses every one of the columns allows. A column that neither a CHECK constraint nor an
     * enum constrains allows the values the binding declares for it, else the reference values
     * (logged once per target, see {@link Model#assumedStatuses}).
     *
     * @param columns the status columns
     * @return the allowed values
     */
    public Set<String> allowedStatuses(List<Catalog.ColumnRef> columns) {
        return intersection(model, Catalog.readAllowedValues(dsl, columns));
    }

    /**
     * The statuses every one of the columns allows, from what the catalog says of each (see {@link
     * #allowedStatuses}).
     *
     * @param model the model, for the assumed values of an unconstrained column
     * @param read what the catalog says of each column
     * @return the allowed values
     */
    public static Set<String> intersection(Model model, List<AllowedValues> read) {
        Set<String> allowed = null;
        for (AllowedValues values : read) {
            Set<String> these = values.values().orElseGet(() -> model.assumedStatuses(values));
            if (allowed == null) {
                allowed = new LinkedHashSet<>(these);
            } else {
                allowed.retainAll(these);
            }
        }
        return allowed == null ? Set.of() : allowed;
    }

    /**
     * Why a hard delete of the change set is unsafe: every foreign key referencing a unit table
     * that would CASCADE, SET NULL or SET DEFAULT, and every table the plan does not cover whose
     * rows reference the change set's rows (counted set-based in one statement).
     */
    private List<String> hardDeleteBlockers(ChangeSetId changeSet, List<ForeignKey> foreignKeys) {
        List<String> blockers = new ArrayList<>();
        List<ForeignKey> counted = new ArrayList<>();
        List<Field<?>> counts = new ArrayList<>();
        for (ForeignKey key : foreignKeys) {
            if (key.changesOnDelete()) {
                blockers.add("foreign key " + key.name() + " of " + key.source().qualified() + " references "
                        + key.target().qualified() + " with " + key.onDeleteAction());
            }
            Optional<LogicalTable> source = model.logical(key.source());
            if (source.isPresent() && UNIT_TABLES.contains(source.get())) {
                continue; // covered: the hard path deletes these rows too, child before parent
            }
            if (!key.readable()) {
                // Fail closed: rows we may not count may reference the units.
                blockers.add("the role may not read " + key.source().qualified() + " to count its references to "
                        + key.target().qualified() + " through foreign key " + key.name());
                continue;
            }
            LogicalTable target = model.logical(key.target()).orElseThrow();
            Function<Table<?>, Condition> rows =
                    owner -> model.rows(target, new RowSelector.OfChangeSet(changeSet), owner);
            counts.add(DSL.field(statements.referencing(key, rows)).as("fk_" + counted.size()));
            counted.add(key);
        }
        if (!counts.isEmpty()) {
            Record record = dsl.fetchSingle(DSL.select(counts));
            for (int i = 0; i < counted.size(); i++) {
                long rows = record.get(i, Long.class);
                if (rows > 0) {
                    ForeignKey key = counted.get(i);
                    blockers.add(
                            rows + " row(s) of " + key.source().qualified() + " reference the change set's rows of "
                                    + key.target().qualified() + " through foreign key " + key.name());
                }
            }
        }
        return blockers;
    }

    @Override
    public SeedEvidence seedEvidence(SeedDelta delta) {
        Table<Record> parents = model.table(LogicalTable.SOURCE_DOCUMENT_REGISTRY);
        Table<Record> children = model.table(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY);
        Condition parent = model.identity(LogicalTable.SOURCE_DOCUMENT_REGISTRY, delta.parentIdentity(), parents);
        Condition child =
                model.identity(LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, delta.childIdentity(), children);
        Field<Long> others = DSL.field(DSL.selectCount()
                        .from(children)
                        .where(model.key(children, Column.VERSION_DOCUMENT_REF)
                                .in(DSL.select(model.key(parents, Column.DOCUMENT_REF))
                                        .from(parents)
                                        .where(parent)))
                        .andNot(model.sameIdentity(
                                LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, delta.childIdentity(), children)))
                .cast(Long.class);
        Record record = dsl.fetchSingle(DSL.select(
                DSL.field(DSL.selectCount().from(parents).where(parent)).as("parents"),
                DSL.field(DSL.selectCount().from(children).where(child)).as("children"),
                others.as("others"),
                DSL.field(DSL.select(DSL.min(model.text(parents, Column.DOCUMENT_LIFECYCLE)))
                                .from(parents)
                                .where(parent))
                        .as("lifecycle"),
                DSL.field(DSL.select(DSL.min(model.text(children, Column.DOCUMENT_VERSION_STATUS)))
                                .from(children)
                                .where(child))
                        .as("version_status")));
        long parentMatches = record.get("parents", Long.class);
        long childMatches = record.get("children", Long.class);
        List<SeedEvidence.IdentityDifference> differences = new ArrayList<>();
        if (parentMatches == 0) {
            differences.addAll(
                    differences(LogicalTable.SOURCE_DOCUMENT_REGISTRY, Column.DOCUMENT_REF, delta.parentIdentity()));
        }
        if (childMatches == 0) {
            differences.addAll(differences(
                    LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY, Column.VERSION_ID, delta.childIdentity()));
        }
        return new SeedEvidence(
                parentMatches,
                childMatches,
                record.get("others", Long.class),
                downstream(delta),
                parentMatches == 1 ? Optional.ofNullable(record.get("lifecycle", String.class)) : Optional.empty(),
                childMatches == 1 ? Optional.ofNullable(record.get("version_status", String.class)) : Optional.empty(),
                differences);
    }

    /**
     * RB-P1: when no row matches the whole identity, the rows that have its key (the table's key
     * column) and how their other identity columns differ. Nothing when the identity has no key
     * column or no row has the key.
     */
    private List<SeedEvidence.IdentityDifference> differences(
            LogicalTable table, Column key, Map<String, String> identity) {
        String keyValue = identity.get(key.defaultName());
        if (keyValue == null) {
            return List.of();
        }
        Table<Record> rows = model.table(table);
        List<String> columns = new ArrayList<>(identity.keySet());
        List<Field<?>> fields = new ArrayList<>();
        for (String column : columns) {
            fields.add(Model.text(rows, model.binding().identityColumn(table, column)));
        }
        List<SeedEvidence.IdentityDifference> differences = new ArrayList<>();
        for (Record row : dsl.fetch(DSL.select(fields)
                .from(rows)
                .where(model.text(rows, key).eq(Model.value(keyValue)))
                .limit(DSL.inline(2)))) {
            for (int i = 0; i < columns.size(); i++) {
                String found = row.get(i, String.class);
                String expected = identity.get(columns.get(i));
                if (!expected.equals(found)) {
                    differences.add(new SeedEvidence.IdentityDifference(
                            table, columns.get(i), expected, Optional.ofNullable(found)));
                }
            }
        }
        return differences;
    }

    /**
     * Rows of tables outside the two registries that reference the delta's rows, per table; a
     * foreign key that would CASCADE, SET NULL or SET DEFAULT counts as a reference too (the
     * runbook forbids CASCADE), keyed by its name.
     */
    private Map<String, Long> downstream(SeedDelta delta) {
        List<TableName> targets = new ArrayList<>();
        for (LogicalTable table : REGISTRY_TABLES) {
            targets.add(model.binding().table(table));
        }
        Map<String, Long> references = new TreeMap<>();
        List<ForeignKey> counted = new ArrayList<>();
        List<Field<?>> counts = new ArrayList<>();
        for (ForeignKey key : Catalog.readForeignKeys(dsl, targets)) {
            if (key.changesOnDelete()) {
                references.put(
                        key.source().qualified() + " (foreign key " + key.name() + " " + key.onDeleteAction() + ")",
                        1L);
            }
            Optional<LogicalTable> source = model.logical(key.source());
            if (source.isPresent() && REGISTRY_TABLES.contains(source.get())) {
                continue; // other versions of the document are counted as otherChildRows
            }
            if (!key.readable()) {
                // Fail closed: rows we may not count may reference the seed.
                references.put(
                        key.source().qualified() + " (unreadable for this role: foreign key " + key.name() + ")", 1L);
                continue;
            }
            LogicalTable target = model.logical(key.target()).orElseThrow();
            Map<String, String> identity =
                    target == LogicalTable.SOURCE_DOCUMENT_REGISTRY ? delta.parentIdentity() : delta.childIdentity();
            counts.add(DSL.field(statements.referencing(key, owner -> model.identity(target, identity, owner)))
                    .as("fk_" + counted.size()));
            counted.add(key);
        }
        if (!counts.isEmpty()) {
            Record record = dsl.fetchSingle(DSL.select(counts));
            for (int i = 0; i < counted.size(); i++) {
                long rows = record.get(i, Long.class);
                if (rows > 0) {
                    references.merge(counted.get(i).source().qualified(), rows, Long::sum);
                }
            }
        }
        return references;
    }
}
