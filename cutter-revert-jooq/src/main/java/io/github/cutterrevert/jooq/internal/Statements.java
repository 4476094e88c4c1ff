package io.github.cutterrevert.jooq.internal;

import io.github.cutterrevert.Approval;
import io.github.cutterrevert.Authority;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensatingDecision;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.DecisionChain;
import io.github.cutterrevert.Fingerprint;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.LedgerDecision;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.Precondition;
import io.github.cutterrevert.RowSelector;
import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.jooq.SchemaBinding.CatalogObject;
import io.github.cutterrevert.jooq.SchemaBinding.Column;
import io.github.cutterrevert.jooq.SchemaBinding.Status;
import io.github.cutterrevert.jooq.SchemaBinding.TableName;
import io.github.cutterrevert.jooq.internal.Catalog.ColumnRef;
import io.github.cutterrevert.jooq.internal.Catalog.ForeignKey;
import io.github.cutterrevert.jooq.internal.Catalog.TriggerRef;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Every statement the executor sends, built once here so that {@code execute()}, {@code preview()}
 * and the rendered psql script use the very same jOOQ queries. Statements never grow with the
 * number of units: rows are always selected with sub-selects over the change set. Immutable and
 * thread-safe.
 */
public final class Statements {
    /** Decided-by of a compensating decision appended without a recorded human decision. */
    public static final String AUTOMATIC = "cutter-revert:automatic";

    /** The lock subject of the signed decision chain. */
    public static final String DECISION_CHAIN = "decision chain";

    /** Prefix of the advisory-lock key, so the library's keys do not collide with the application's. */
    static final String LOCK_NAMESPACE = "cutter-revert ";

    private static final String REFERENCING_ALIAS = "r";
    private static final String REFERENCED_ALIAS = "t";

    private final Model model;

    /**
     * Creates the statements of a binding.
     *
     * @param model the model
     */
    public Statements(Model model) {
        this.model = model;
    }

    /**
     * The model.
     *
     * @return the model
     */
    public Model model() {
        return model;
    }

    // ---- transaction frame -------------------------------------------------------------------

    /**
     * Tries the transaction-scoped advisory lock of a plan's subject without waiting and, once
     * held, checks that this transaction's snapshot is not older than the lock:
     *
     * <pre>{@code
     * SELECT CASE WHEN pg_try_advisory_xact_lock(hashtextextended(?, 0))
     *   THEN (SELECT count(*) FROM (SELECT txid_snapshot_xip(txid_current_snapshot()) AS xid
     *         UNION ALL SELECT generate_series(txid_snapshot_xmax(txid_current_snapshot()), txid_current() - 1)) seen
     *         WHERE txid_status(seen.xid) = 'committed')
     *   ELSE -1 END AS stale
     * }</pre>
     *
     * <p>Under REPEATABLE READ the snapshot is taken when this, the first statement, starts; the
     * lock's previous holder may commit between that moment and our lock, and its writes would then
     * be invisible to us (we would compensate an already compensated change set again). Such a
     * transaction is either listed as running in the snapshot ({@code xip}) or has an id at or above
     * the snapshot's {@code xmax} (PostgreSQL 14+ does not list those), below our own id. The count
     * of those that have committed by now is 0 when the snapshot is current; the subquery runs
     * only after the lock is held ({@code CASE} evaluates it lazily), so the window in which an
     * unrelated commit causes a harmless retry is a single statement long.
     *
     * @param subject the plan's subject, e.g. {@code change set cs-1}
     * @return the query: {@code -1} when another session holds the lock, {@code 0} when locked with
     *     a current snapshot, more when locked with a stale snapshot (roll back and start again)
     */
    public Select<Record1<Integer>> lock(String subject, boolean decisionChain) {
        return DSL.select(lockState(subject, decisionChain).as("stale"));
    }

    /**
     * The expression of {@link #lock}, to be read with other facts in one statement.
     *
     * @param subject the plan's subject
     * @param decisionChain whether the plan appends to the decision chain (its lock is taken too)
     * @return {@code -1}, {@code -2}, {@code 0} or more, as {@link #lock} says
     */
    public Field<Integer> lockState(String subject, boolean decisionChain) {
        Field<Long> key = DSL.function(
                DSL.unquotedName("pg_catalog", "hashtextextended"),
                SQLDataType.BIGINT,
                DSL.val(LOCK_NAMESPACE + subject, SQLDataType.VARCHAR),
                DSL.inline(0L));
        Field<Boolean> locked =
                DSL.function(DSL.unquotedName("pg_catalog", "pg_try_advisory_xact_lock"), SQLDataType.BOOLEAN, key);
        Field<Object> snapshot =
                DSL.function(DSL.unquotedName("pg_catalog", "txid_current_snapshot"), SQLDataType.OTHER);
        Field<Long> running =
                DSL.function(DSL.unquotedName("pg_catalog", "txid_snapshot_xip"), SQLDataType.BIGINT, snapshot);
        Field<Long> xmax =
                DSL.function(DSL.unquotedName("pg_catalog", "txid_snapshot_xmax"), SQLDataType.BIGINT, snapshot);
        Field<Long> own = DSL.function(DSL.unquotedName("pg_catalog", "txid_current"), SQLDataType.BIGINT);
        Field<Long> later = DSL.function(
                DSL.unquotedName("pg_catalog", "generate_series"), SQLDataType.BIGINT, xmax, own.minus(DSL.inline(1L)));
        Table<Record1<Long>> unseen = DSL.select(running.as("xid"))
                .unionAll(DSL.select(later.as("xid")))
                .asTable("unseen");
        Field<String> status = DSL.function(
                DSL.unquotedName("pg_catalog", "txid_status"),
                SQLDataType.CLOB,
                DSL.field(DSL.name("unseen", "xid"), SQLDataType.BIGINT));
        Field<Integer> stale = DSL.field(DSL.selectCount().from(unseen).where(status.eq(DSL.inline("committed"))));
        // The signed decision chain has one head: a plan that appends a decision also holds the chain's
        // lock, taken in this same first statement so that the snapshot check covers it too.
        Field<Boolean> chainLocked = DSL.function(
                DSL.unquotedName("pg_catalog", "pg_try_advisory_xact_lock"),
                SQLDataType.BOOLEAN,
                DSL.function(
                        DSL.unquotedName("pg_catalog", "hashtextextended"),
                        SQLDataType.BIGINT,
                        DSL.inline(LOCK_NAMESPACE + DECISION_CHAIN, SQLDataType.VARCHAR),
                        DSL.inline(0L)));
        if (!decisionChain) {
            return DSL.when(DSL.condition(locked), stale).otherwise(DSL.inline(-1));
        }
        return DSL.when(DSL.not(DSL.condition(locked)), DSL.inline(-1))
                .when(DSL.not(DSL.condition(chainLocked)), DSL.inline(-2))
                .otherwise(stale);
    }

    /**
     * One round trip that sets the transaction's timeouts and then reads {@code first}: two
     * statements sent together ({@code SELECT set_config(...); SELECT ...}), so that the timeouts
     * already hold for the second one, and any further queries after it (catalog reads the
     * transaction needs), all in one round trip. Read the results with {@link org.jooq.Results#get}:
     * index 1 is {@code first}, 2 and on are {@code more}. The round trip is plain SQL to jOOQ, which
     * therefore asks the driver for every result column's table: select expressions (casts, counts,
     * see {@link #chainHead()}), not columns straight from a table, or pgjdbc sends a catalog query
     * of its own for them.
     *
     * @param lockTimeout the lock timeout
     * @param statementTimeout the statement timeout
     * @param first the first query that does work
     * @param more further queries
     * @return the statements as one query
     */
    public ResultQuery<Record> timeoutsThen(
            Duration lockTimeout, Duration statementTimeout, Select<?> first, List<ResultQuery<?>> more) {
        List<QueryPart> parts = new ArrayList<>();
        parts.add(timeouts(lockTimeout, statementTimeout));
        parts.add(first);
        parts.addAll(more);
        StringBuilder template = new StringBuilder("{0}");
        for (int i = 1; i < parts.size(); i++) {
            template.append(";\n{").append(i).append('}');
        }
        return DSL.resultQuery(template.toString(), parts.toArray(QueryPart[]::new));
    }

    /**
     * The change set's rows of one unit table, in one status or in any: what a soft revert or a
     * hard delete of that table would touch, counted where the plan has no such step (it must be 0).
     *
     * @param table {@link LogicalTable#INFORMATION_UNIT} or {@link LogicalTable#UNIT_VERSION}
     * @param changeSet the change set
     * @param status the status, or empty for every row
     * @return the counting query
     */
    public Select<Record1<Integer>> rowsOfChangeSet(
            LogicalTable table, ChangeSetId changeSet, Optional<Status> status) {
        Table<Record> rows = model.table(table);
        Condition condition = model.rows(table, new RowSelector.OfChangeSet(changeSet), rows);
        if (status.isPresent()) {
            Column column = table == LogicalTable.INFORMATION_UNIT ? Column.UNIT_STATUS : Column.VERSION_STATUS;
            condition = condition.and(model.text(rows, column).eq(model.value(status.get())));
        }
        return DSL.selectCount().from(rows).where(condition);
    }

    /**
     * {@code SET LOCAL lock_timeout} and {@code statement_timeout}, as bound values: {@code SELECT
     * set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)}.
     *
     * @param lockTimeout the lock timeout
     * @param statementTimeout the statement timeout
     * @return the query
     */
    public Select<Record> timeouts(Duration lockTimeout, Duration statementTimeout) {
        return DSL.select(List.of(
                setLocal("lock_timeout", lockTimeout).as("lock_timeout"),
                setLocal("statement_timeout", statementTimeout).as("statement_timeout")));
    }

    private static Field<String> setLocal(String setting, Duration value) {
        return DSL.function(
                DSL.unquotedName("pg_catalog", "set_config"),
                SQLDataType.CLOB,
                DSL.inline(setting),
                DSL.val(value.toMillis() + "ms", SQLDataType.VARCHAR),
                DSL.inline(true));
    }

    /**
     * The transaction's id, recorded before COMMIT so that an unknown outcome can be resolved later
     * with {@code pg_xact_status}.
     *
     * @return the query
     */
    public Select<Record1<Long>> transactionId() {
        return DSL.select(transactionIdField());
    }

    /**
     * The field of {@link #transactionId()}, to be read with other facts in one statement.
     *
     * @return {@code txid_current() AS txid}
     */
    public Field<Long> transactionIdField() {
        return DSL.function(DSL.unquotedName("pg_catalog", "txid_current"), SQLDataType.BIGINT)
                .as("txid");
    }

    /**
     * How a transaction ended, asked on a fresh connection after the connection that sent its
     * COMMIT broke: {@code SELECT pg_xact_status(CAST(? AS xid8))}, which is {@code committed},
     * {@code aborted}, {@code in progress} or null (too old to know).
     *
     * @param txid the id {@link #transactionId()} returned inside the transaction
     * @return the query
     */
    public Select<Record1<String>> transactionStatus(long txid) {
        Field<Object> xid8 = DSL.field(
                "cast({0} as pg_catalog.xid8)", SQLDataType.OTHER, DSL.val(Long.toString(txid), SQLDataType.VARCHAR));
        return DSL.select(DSL.function(DSL.unquotedName("pg_catalog", "pg_xact_status"), SQLDataType.VARCHAR, xid8)
                .as("status"));
    }

    /**
     * Whole-table row counts, one column per table named {@link #countAlias(LogicalTable)}.
     *
     * @param tables the tables
     * @return the query
     */
    public Select<Record> counts(Collection<LogicalTable> tables) {
        return DSL.select(countFields(tables));
    }

    /**
     * The fields of {@link #counts}, to be read with other facts in one statement.
     *
     * @param tables the tables
     * @return one scalar sub-query per table, named {@link #countAlias(LogicalTable)}
     */
    public List<Field<?>> countFields(Collection<LogicalTable> tables) {
        List<Field<?>> fields = new ArrayList<>();
        for (LogicalTable table : tables) {
            fields.add(DSL.field(DSL.selectCount().from(model.table(table))).as(countAlias(table)));
        }
        return fields;
    }

    /**
     * The column alias of a table in {@link #counts(Collection)}.
     *
     * @param table the table
     * @return e.g. {@code information_unit}
     */
    public static String countAlias(LogicalTable table) {
        return table.name().toLowerCase(Locale.ROOT);
    }

    // ---- guards ------------------------------------------------------------------------------

    /** What a guard step runs and how its result is judged. A closed set. */
    public sealed interface GuardQuery {
        /**
         * A count that must equal {@code expected}.
         *
         * @param query the counting query
         * @param expected the count that lets the plan go on
         * @param expectation the expectation in words, for messages and the script
         */
        record Count(Select<? extends Record1<?>> query, long expected, String expectation) implements GuardQuery {}

        /**
         * The target status must be among the values the columns allow.
         *
         * @param query the catalog query
         * @param columns the status columns
         * @param status the target status
         */
        record AllowedStatus(ResultQuery<? extends Record> query, List<ColumnRef> columns, String status)
                implements GuardQuery {}

        /** Checked by the re-count before COMMIT, not by a statement of its own. */
        record AtCommit() implements GuardQuery {}

        /** Not a database fact: the caller checks it (the HOLD lives outside the database). */
        record OutsideDatabase() implements GuardQuery {}
    }

    /**
     * The query that re-checks a precondition inside the transaction.
     *
     * @param precondition the precondition
     * @param plan the plan it guards (a downstream-reference guard looks at the rows the plan
     *     deletes)
     * @param foreignKeys the foreign keys referencing the plan's tables, as read from the catalog
     * @return the guard query
     */
    public GuardQuery guard(Precondition precondition, CompensationPlan plan, List<ForeignKey> foreignKeys) {
        SchemaBinding binding = model.binding();
        return switch (precondition) {
            case Precondition.NoUnitEnacted p ->
                new GuardQuery.Count(unitsInStatus(p.changeSet(), Status.ENACTED), 0, "0 enacted units");
            case Precondition.AllUnitsDraft p ->
                new GuardQuery.Count(notDraft(p.changeSet()), 0, "0 units or versions that are not draft");
            case Precondition.IdentityMatch p -> {
                Table<Record> table = model.table(p.table());
                yield new GuardQuery.Count(
                        DSL.selectCount().from(table).where(model.identity(p.table(), p.identity(), table)),
                        1,
                        "exactly 1 row of " + model.qualified(p.table()) + " matching the identity");
            }
            case Precondition.NoDownstreamReferences p ->
                new GuardQuery.Count(
                        downstream(p.table(), plan, foreignKeys),
                        0,
                        "0 rows of other tables referencing the rows deleted from " + model.qualified(p.table())
                                + ", and no ON DELETE CASCADE/SET NULL/SET DEFAULT foreign key");
            case Precondition.ImmutabilityTriggersEnabled p -> {
                List<TriggerRef> triggers = triggers(p.triggers());
                yield new GuardQuery.Count(
                        Catalog.firingTriggers(triggers),
                        triggers.size(),
                        triggers.size() + " enabled trigger(s) " + p.triggers());
            }
            case Precondition.EnactFunctionsPresent p -> {
                List<String> names = functions(p.functions());
                yield new GuardQuery.Count(
                        Catalog.presentFunctions(binding.functionSchema(), names),
                        names.size(),
                        names.size() + " function(s) " + p.functions() + " present");
            }
            case Precondition.StatusAllowed p -> {
                List<ColumnRef> columns = statusColumns(p.table());
                yield new GuardQuery.AllowedStatus(Catalog.allowedValues(columns), columns, p.status());
            }
            case Precondition.ExactRowDelta p -> new GuardQuery.AtCommit();
            case Precondition.NotOnHold p -> new GuardQuery.OutsideDatabase();
        };
    }

    /**
     * The change set's units in one status.
     *
     * @param changeSet the change set
     * @param status the status
     * @return the counting query
     */
    public Select<Record1<Integer>> unitsInStatus(ChangeSetId changeSet, Status status) {
        Table<Record> units = model.table(LogicalTable.INFORMATION_UNIT);
        return DSL.selectCount()
                .from(units)
                .where(model.rows(LogicalTable.INFORMATION_UNIT, new RowSelector.OfChangeSet(changeSet), units))
                .and(model.text(units, Column.UNIT_STATUS).eq(model.value(status)));
    }

    private Select<Record1<Integer>> notDraft(ChangeSetId changeSet) {
        RowSelector rows = new RowSelector.OfChangeSet(changeSet);
        Table<Record> units = model.table(LogicalTable.INFORMATION_UNIT);
        Table<Record> versions = model.table(LogicalTable.UNIT_VERSION);
        Field<Integer> unitCount = DSL.field(DSL.selectCount()
                .from(units)
                .where(model.rows(LogicalTable.INFORMATION_UNIT, rows, units))
                .and(model.text(units, Column.UNIT_STATUS).isDistinctFrom(model.value(Status.DRAFT))));
        Field<Integer> versionCount = DSL.field(DSL.selectCount()
                .from(versions)
                .where(model.rows(LogicalTable.UNIT_VERSION, rows, versions))
                .and(model.text(versions, Column.VERSION_STATUS).isDistinctFrom(model.value(Status.DRAFT))));
        return DSL.select(unitCount.plus(versionCount).as("not_draft"));
    }

    /**
     * The physical triggers for the planner's trigger names.
     *
     * @param plannedNames runbook names
     * @return the triggers, each on its table
     */
    public List<TriggerRef> triggers(List<String> plannedNames) {
        SchemaBinding binding = model.binding();
        List<TriggerRef> refs = new ArrayList<>();
        for (String planned : plannedNames) {
            CatalogObject object = CatalogObject.ofDefaultName(planned)
                    .filter(o -> o.table().isPresent())
                    .orElseThrow(() -> new InvalidInputException(
                            "trigger", "one of the runbook's immutability triggers", planned));
            refs.add(new TriggerRef(binding.table(object.table().orElseThrow()), binding.catalogObject(object)));
        }
        return refs;
    }

    /**
     * The physical function names for the planner's function names.
     *
     * @param plannedNames runbook names
     * @return the physical names
     */
    public List<String> functions(List<String> plannedNames) {
        List<String> names = new ArrayList<>();
        for (String planned : plannedNames) {
            CatalogObject object = CatalogObject.ofDefaultName(planned)
                    .filter(o -> o.table().isEmpty())
                    .orElseThrow(() -> new InvalidInputException(
                            "function", "one of the runbook's orchestrator functions", planned));
            names.add(model.binding().catalogObject(object));
        }
        return names;
    }

    /**
     * The status columns whose allowed values a soft revert of the table must respect: for units,
     * the unit and the version status column (a soft revert moves both).
     *
     * @param table the table
     * @return the columns
     */
    public List<ColumnRef> statusColumns(LogicalTable table) {
        SchemaBinding binding = model.binding();
        return switch (table) {
            case INFORMATION_UNIT, UNIT_VERSION ->
                List.of(
                        new ColumnRef(binding.table(LogicalTable.INFORMATION_UNIT), binding.column(Column.UNIT_STATUS)),
                        new ColumnRef(binding.table(LogicalTable.UNIT_VERSION), binding.column(Column.VERSION_STATUS)));
            case SOURCE_DOCUMENT_REGISTRY ->
                List.of(new ColumnRef(binding.table(table), binding.column(Column.DOCUMENT_LIFECYCLE)));
            case SOURCE_DOCUMENT_VERSION_REGISTRY ->
                List.of(new ColumnRef(binding.table(table), binding.column(Column.DOCUMENT_VERSION_STATUS)));
            default -> throw new InvalidInputException("table", "a table with a status column", table.name());
        };
    }

    /**
     * Rows of other tables that reference the rows a plan deletes from {@code table}, plus the
     * number of foreign keys that would CASCADE / SET NULL / SET DEFAULT: must be 0.
     */
    private Select<Record1<Integer>> downstream(
            LogicalTable table, CompensationPlan plan, List<ForeignKey> foreignKeys) {
        TableName target = model.binding().table(table);
        Field<Integer> total = DSL.field(Catalog.changingForeignKeys(target));
        Optional<PlanStep.HardDelete> delete = hardDelete(plan, table);
        if (delete.isPresent()) {
            Function<Table<?>, Condition> deleted =
                    owner -> model.deleted(table, delete.get().rows(), owner);
            for (ForeignKey key : foreignKeys) {
                if (!key.target().equals(target)) {
                    continue;
                }
                boolean sourceDeletedFirst = model.logical(key.source())
                        .flatMap(source -> hardDelete(plan, source))
                        .isPresent();
                if (sourceDeletedFirst) {
                    // The plan deletes this child table's rows of the same selection before the
                    // parent (child before parent), each DELETE checked for its exact count. A
                    // child row it leaves behind still references its parent, so the parent's
                    // DELETE fails with 23503 (this key is neither CASCADE nor SET NULL: those are
                    // counted above) and everything rolls back. The key itself is the guard here;
                    // counting it too would scan the whole child table (the benchmark's hard-delete
                    // overhead at 100,000 units).
                    continue;
                }
                total = total.plus(DSL.field(referencing(key, deleted)));
            }
        }
        return DSL.select(total.as("downstream"));
    }

    private static Optional<PlanStep.HardDelete> hardDelete(CompensationPlan plan, LogicalTable table) {
        return plan.steps().stream()
                .filter(step -> step instanceof PlanStep.HardDelete d && d.table() == table)
                .map(PlanStep.HardDelete.class::cast)
                .findFirst();
    }

    /**
     * Counts the rows that reference, through one foreign key, the selected rows of its target:
     * {@code SELECT count(*) FROM source r WHERE (r.cols) IN (SELECT t.cols FROM target t WHERE
     * ...)}.
     *
     * @param key the foreign key
     * @param targetRows the selected rows of the target, given its alias
     * @return the counting query
     */
    public Select<Record1<Integer>> referencing(ForeignKey key, Function<Table<?>, Condition> targetRows) {
        Table<Record> source = Model.table(key.source()).as(REFERENCING_ALIAS);
        Table<Record> target = Model.table(key.target()).as(REFERENCED_ALIAS);
        List<Field<?>> sourceColumns = new ArrayList<>();
        for (String column : key.sourceColumns()) {
            sourceColumns.add(DSL.field(source.getQualifiedName().append(column)));
        }
        List<Field<?>> targetColumns = new ArrayList<>();
        for (String column : key.targetColumns()) {
            targetColumns.add(DSL.field(target.getQualifiedName().append(column)));
        }
        Select<Record> referenced = DSL.select(targetColumns).from(target).where(targetRows.apply(target));
        Condition references = sourceColumns.size() == 1
                ? DSL.field(source.getQualifiedName().append(key.sourceColumns().get(0)))
                        .in(DSL.select(DSL.field(target.getQualifiedName()
                                        .append(key.targetColumns().get(0))))
                                .from(target)
                                .where(targetRows.apply(target)))
                : DSL.row(sourceColumns).in(referenced);
        return DSL.selectCount().from(source).where(references);
    }

    // ---- writes ------------------------------------------------------------------------------

    /**
     * {@code UPDATE t SET status = :to WHERE <rows> AND status = :from}: the guard ("still in the
     * status the plan saw") is carried in the statement's own WHERE clause, and the executor checks
     * the affected count.
     *
     * @param step the step
     * @return the statement
     */
    public Query softRevert(PlanStep.SoftRevert step) {
        LogicalTable logical = requireNotLedger(step.table());
        Column column = model.binding()
                .statusColumn(logical, step.column())
                .orElseThrow(() -> new InvalidInputException(
                        "column", "a status column of " + model.qualified(logical), step.column()));
        Table<Record> table = model.table(logical);
        Field<String> status = model.text(table, column);
        UpdateSetMoreStep<Record> set = DSL.update(table).set(status, Model.value(planned(logical, step.toStatus())));
        if (step.note().isPresent() && logical == LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY) {
            // Path B records why the version was voided (seed 004, section 4).
            Field<JSONB> provenance = model.field(table, Column.DOCUMENT_VERSION_PROVENANCE, SQLDataType.JSONB);
            Field<JSONB> note = DSL.jsonbObject(
                    DSL.key("rollback_note").value(DSL.val(step.note().get(), SQLDataType.VARCHAR)));
            set = set.set(provenance, DSL.field("{0} || {1}", SQLDataType.JSONB, provenance, note));
        }
        return set.where(model.rows(logical, step.rows(), table))
                .and(status.eq(Model.value(planned(logical, step.fromStatus()))));
    }

    private String planned(LogicalTable table, String status) {
        return Model.unitStatusColumn(table).isPresent() ? model.physicalStatus(status) : status;
    }

    /**
     * {@code DELETE FROM t WHERE <rows> AND status = 'draft'}: never CASCADE; the draft guard is
     * carried in the WHERE clause (for a child table without a status column: its unit must be
     * draft).
     *
     * @param step the step
     * @return the statement
     */
    public Query hardDelete(PlanStep.HardDelete step) {
        LogicalTable logical = requireNotLedger(step.table());
        Table<Record> table = model.table(logical);
        return DSL.deleteFrom(table).where(model.deleted(logical, step.rows(), table));
    }

    /**
     * The values of the compensating decision row (compensation B) for an authority: decided by a
     * recorded decision's {@code decidedBy} at its time, or by {@value #AUTOMATIC} now; the note
     * names the plan's fingerprint and the decision id. Times are truncated to microseconds, as
     * PostgreSQL stores them, so the signed encoding matches the stored row.
     *
     * @param step the step
     * @param authority who decided
     * @param approved the fingerprint of the plan being executed
     * @param now the time for an automatic decision
     * @return the row's values
     */
    public DecisionRow decisionRow(PlanStep.LedgerAppend step, Authority authority, Fingerprint approved, Instant now) {
        CompensatingDecision decision = step.decision();
        String note = decision.note() + " [plan " + approved.value() + "]";
        return switch (authority) {
            case Authority.None none ->
                new DecisionRow(
                        decision,
                        model.binding().status(Status.REVERTED),
                        AUTOMATIC,
                        note,
                        now.truncatedTo(ChronoUnit.MICROS));
            case Authority.RecordedDecision recorded ->
                new DecisionRow(
                        decision,
                        model.binding().status(Status.REVERTED),
                        recorded.decidedBy(),
                        note + " [decision " + recorded.decisionId() + "]",
                        recorded.decidedAt().truncatedTo(ChronoUnit.MICROS));
            case Authority.SignedApprovals signed ->
                new DecisionRow(
                        decision,
                        model.binding().status(Status.REVERTED),
                        String.join(
                                ", ",
                                signed.approvals().stream()
                                        .map(approval -> approval.terms().approver())
                                        .toList()),
                        note + " [decision " + signed.decisionId() + "]",
                        signed.approvals().stream()
                                .map(approval -> approval.terms().issuedAt())
                                .max(Instant::compareTo)
                                .orElseThrow(),
                        Optional.of(signed.decisionId()),
                        Optional.of(Approval.ledgerForm(signed.approvals())));
        };
    }

    /**
     * Whether a decision id of signed approvals is already used in the ledger (a replay): {@code
     * SELECT count(*) FROM review_decision WHERE approval_decision_id = ?}.
     *
     * @param decisionId the approvals' decision id
     * @return the query
     */
    public Select<Record1<Integer>> approvalUses(String decisionId) {
        Table<Record> table = model.table(LogicalTable.REVIEW_DECISION);
        return DSL.selectCount()
                .from(table)
                .where(model.text(table, Column.DECISION_APPROVAL_ID).eq(Model.value(decisionId)));
    }

    /**
     * The values of a compensating decision row.
     *
     * @param decision the planned decision
     * @param value the decision value ({@code reverted})
     * @param decidedBy who decided
     * @param note the note
     * @param decidedAt when, in microseconds
     * @param approvalDecisionId the decision id of the signed approvals, when signed approvals
     *     authorised it
     * @param approvals the signed approvals' ledger form, when signed approvals authorised it
     */
    public record DecisionRow(
            CompensatingDecision decision,
            String value,
            String decidedBy,
            String note,
            Instant decidedAt,
            Optional<String> approvalDecisionId,
            Optional<String> approvals) {

        /**
         * A row not authorised by signed approvals.
         *
         * @param decision the planned decision
         * @param value the decision value
         * @param decidedBy who decided
         * @param note the note
         * @param decidedAt when
         */
        public DecisionRow(
                CompensatingDecision decision, String value, String decidedBy, String note, Instant decidedAt) {
            this(decision, value, decidedBy, note, decidedAt, Optional.empty(), Optional.empty());
        }

        /**
         * The encoding that is signed, for this row in the chain.
         *
         * @param keyId the signing key's id
         * @param prevHash the previous signed decision's hash
         * @return the canonical bytes
         */
        public byte[] canonical(String keyId, String prevHash) {
            return DecisionChain.canonical(
                    decision.changeSet(),
                    value,
                    decidedBy,
                    Optional.of(decision.revertRunId().value()),
                    note,
                    approvals,
                    decidedAt,
                    keyId,
                    prevHash);
        }
    }

    /**
     * A signature over a {@link DecisionRow}'s canonical encoding.
     *
     * @param keyId the key id
     * @param prevHash the previous signed decision's hash
     * @param signature the Base64 signature
     */
    public record DecisionSignature(String keyId, String prevHash, String signature) {}

    /**
     * Appends the compensating decision (compensation B): {@code INSERT INTO review_decision
     * (change_set_id, decision, decided_by, revert_run_id, note, decided_at[, key_id, prev_hash,
     * signature]) VALUES (?, ...)}. The only statement that touches the ledger, and it only appends.
     *
     * @param row the row's values
     * @param signature the signature, when signed
     * @return the statement
     */
    public Query ledgerAppend(DecisionRow row, Optional<DecisionSignature> signature) {
        Table<Record> table = model.table(LogicalTable.REVIEW_DECISION);
        List<Field<?>> fields = new ArrayList<>(List.of(
                model.changeSet(LogicalTable.REVIEW_DECISION, table),
                model.text(table, Column.DECISION),
                model.text(table, Column.DECIDED_BY),
                model.text(table, Column.REVERT_RUN_ID),
                model.text(table, Column.DECISION_NOTE),
                model.field(table, Column.DECIDED_AT, SQLDataType.TIMESTAMPWITHTIMEZONE)));
        List<Field<?>> values = new ArrayList<>(List.of(
                Model.value(row.decision().changeSet().value()),
                Model.value(row.value()),
                Model.value(row.decidedBy()),
                Model.value(row.decision().revertRunId().value()),
                Model.value(row.note()),
                DSL.val(OffsetDateTime.ofInstant(row.decidedAt(), ZoneOffset.UTC), SQLDataType.TIMESTAMPWITHTIMEZONE)));
        if (row.approvals().isPresent()) {
            fields.add(model.text(table, Column.DECISION_APPROVAL_ID));
            fields.add(model.text(table, Column.DECISION_APPROVALS));
            values.add(Model.value(row.approvalDecisionId().orElseThrow()));
            values.add(Model.value(row.approvals().get()));
        }
        signature.ifPresent(signed -> {
            fields.add(model.text(table, Column.DECISION_KEY_ID));
            fields.add(model.text(table, Column.DECISION_PREV_HASH));
            fields.add(model.text(table, Column.DECISION_SIGNATURE));
            values.add(Model.value(signed.keyId()));
            values.add(Model.value(signed.prevHash()));
            values.add(Model.value(signed.signature()));
        });
        return DSL.insertInto(table).columns(fields).values(values);
    }

    /**
     * The ledger's decisions in id order, signed or not: {@code SELECT id, change_set_id, ... FROM
     * review_decision ORDER BY id}.
     *
     * @return the query
     */
    public Select<Record> decisions() {
        Table<Record> table = model.table(LogicalTable.REVIEW_DECISION);
        return DSL.select(decisionColumns(table, false))
                .from(table)
                .orderBy(model.field(table, Column.DECISION_ID, SQLDataType.BIGINT));
    }

    /**
     * The decision chain's head, the last signed decision, with the columns of {@link #decisions()}.
     * They are read as expressions ({@code CASE WHEN true THEN id END}): the head is read in the
     * execution's first round trip (see {@link #timeoutsThen}), where a column straight from a table
     * would make pgjdbc look it up in the catalog with a query of its own.
     *
     * @return the query, no row when nothing is signed yet
     */
    public Select<Record> chainHead() {
        Table<Record> table = model.table(LogicalTable.REVIEW_DECISION);
        return DSL.select(decisionColumns(table, true))
                .from(table)
                .where(model.text(table, Column.DECISION_SIGNATURE).isNotNull())
                .orderBy(model.field(table, Column.DECISION_ID, SQLDataType.BIGINT)
                        .desc())
                .limit(DSL.inline(1));
    }

    private List<Field<?>> decisionColumns(Table<Record> table, boolean computed) {
        return List.of(
                column(computed, model.field(table, Column.DECISION_ID, SQLDataType.BIGINT), "id"),
                column(computed, model.changeSet(LogicalTable.REVIEW_DECISION, table), "change_set_id"),
                column(computed, model.text(table, Column.DECISION), "decision"),
                column(computed, model.text(table, Column.DECIDED_BY), "decided_by"),
                column(computed, model.text(table, Column.REVERT_RUN_ID), "revert_run_id"),
                column(computed, model.text(table, Column.DECISION_NOTE), "note"),
                column(
                        computed,
                        model.field(table, Column.DECIDED_AT, SQLDataType.TIMESTAMPWITHTIMEZONE),
                        "decided_at"),
                column(computed, model.text(table, Column.DECISION_KEY_ID), "key_id"),
                column(computed, model.text(table, Column.DECISION_PREV_HASH), "prev_hash"),
                column(computed, model.text(table, Column.DECISION_SIGNATURE), "signature"),
                column(computed, model.text(table, Column.DECISION_APPROVALS), "approvals"));
    }

    /** {@code column AS alias}, or {@code CASE WHEN true THEN column END AS alias}: no source column. */
    private static <T> Field<T> column(boolean computed, Field<T> column, String alias) {
        return computed ? DSL.when(DSL.trueCondition(), column).as(alias) : column.as(alias);
    }

    /**
     * Reads a row of {@link #decisions()} or {@link #chainHead()}.
     *
     * @param record the row
     * @return the decision
     */
    public static LedgerDecision decision(Record record) {
        return new LedgerDecision(
                record.get("id", Long.class),
                ChangeSetId.of(record.get("change_set_id", String.class)),
                record.get("decision", String.class),
                record.get("decided_by", String.class),
                Optional.ofNullable(record.get("revert_run_id", String.class)),
                Optional.ofNullable(record.get("note", String.class)).orElse(""),
                record.get("decided_at", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(record.get("key_id", String.class)),
                Optional.ofNullable(record.get("prev_hash", String.class)),
                Optional.ofNullable(record.get("signature", String.class)),
                Optional.ofNullable(record.get("approvals", String.class)));
    }

    private static LogicalTable requireNotLedger(LogicalTable table) {
        // The ledger is append-only (seed 000, compensation B): no UPDATE or DELETE is ever built for it.
        if (table.ledger()) {
            throw new InvalidInputException("table", "a non-ledger table (the ledger is append-only)", table.name());
        }
        return table;
    }
}
