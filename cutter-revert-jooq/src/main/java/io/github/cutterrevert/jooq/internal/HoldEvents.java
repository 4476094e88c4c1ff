package io.github.cutterrevert.jooq.internal;

import io.github.cutterrevert.HoldNotice;
import io.github.cutterrevert.OnHoldException;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.jooq.SchemaBinding.TableName;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The statements of the shared HOLD: the append-only table of HOLD events ({@code placed}, {@code
 * released}); the current HOLD is the latest event when it is {@code placed}. Placing and releasing
 * are serialised by one transaction-scoped advisory lock, so event order is commit order. Stateless
 * and thread-safe.
 */
public final class HoldEvents {
    /** The event that places a HOLD. */
    public static final String PLACED = "placed";

    /** The event that releases it. */
    public static final String RELEASED = "released";

    private static final String LOCK = "cutter-revert hold";

    private final TableName name;
    private final Table<Record> table;
    private final Field<Long> id;
    private final Field<String> event;
    private final Field<String> runId;
    private final Field<String> reason;
    private final Field<String> actor;
    private final Field<OffsetDateTime> at;

    /**
     * The statements on one table.
     *
     * @param name the table
     */
    public HoldEvents(TableName name) {
        this.name = name;
        this.table = DSL.table(DSL.name(name.schema(), name.name()));
        this.id = field("id", SQLDataType.BIGINT);
        this.event = field("event", UntypedText.TYPE);
        this.runId = field("run_id", UntypedText.TYPE);
        this.reason = field("reason", UntypedText.TYPE);
        this.actor = field("actor", UntypedText.TYPE);
        this.at = field("at", SQLDataType.TIMESTAMPWITHTIMEZONE);
    }

    private static Field<Boolean> privilege(Field<String> table, String privilege) {
        return DSL.function(
                DSL.unquotedName("pg_catalog", "has_table_privilege"),
                SQLDataType.BOOLEAN,
                table,
                DSL.inline(privilege));
    }

    private <T> Field<T> field(String column, org.jooq.DataType<T> type) {
        return DSL.field(DSL.name(name.schema(), name.name(), column), type);
    }

    /**
     * Where the HOLD is kept, for messages.
     *
     * @return e.g. {@code table cutter_governance.cutter_hold_event}
     */
    public String location() {
        return "table " + name.qualified();
    }

    /**
     * The current HOLD, read in the caller's transaction.
     *
     * @param dsl the session
     * @return the HOLD, empty when the latest event is a release or there is none
     */
    public Optional<HoldNotice> current(DSLContext dsl) {
        Record latest = dsl.select(event, runId, reason, at)
                .from(table)
                .orderBy(id.desc())
                .limit(DSL.inline(1))
                .fetchOne();
        if (latest == null || !PLACED.equals(latest.get(event))) {
            return Optional.empty();
        }
        RunId run;
        try {
            run = RunId.of(latest.get(runId));
        } catch (RuntimeException e) {
            run = RunId.of("unknown");
        }
        OffsetDateTime when = latest.get(at);
        return Optional.of(
                new HoldNotice(run, latest.get(reason), when == null ? Instant.EPOCH : when.toInstant(), location()));
    }

    /**
     * The latest event's kind as a scalar sub-query, to be read with other facts in one statement:
     * {@link #PLACED} means the HOLD is placed (then {@link #requireNone} tells by whom and why).
     *
     * @return {@code (SELECT event FROM hold ORDER BY id DESC LIMIT 1)}
     */
    public Field<String> latestEvent() {
        return DSL.field(DSL.select(event).from(table).orderBy(id.desc()).limit(DSL.inline(1)));
    }

    /**
     * Refuses when the HOLD is placed, read in the execution's own transaction.
     *
     * @param dsl the execution's session
     * @param executing the run being executed
     * @throws OnHoldException if the latest event places a HOLD
     */
    public void requireNone(DSLContext dsl, RunId executing) {
        Optional<HoldNotice> hold = current(dsl);
        if (hold.isPresent()) {
            throw new OnHoldException(executing, hold.get());
        }
    }

    /**
     * Takes the lock that serialises placing and releasing, waiting at most {@code lock_timeout}.
     *
     * @param dsl the session, inside a transaction
     */
    public void lock(DSLContext dsl) {
        dsl.fetch(DSL.select(DSL.function(
                DSL.unquotedName("pg_catalog", "pg_advisory_xact_lock"),
                SQLDataType.OTHER,
                DSL.function(
                        DSL.unquotedName("pg_catalog", "hashtextextended"),
                        SQLDataType.BIGINT,
                        DSL.inline(LOCK, SQLDataType.VARCHAR),
                        DSL.inline(0L)))));
    }

    /**
     * Appends one event.
     *
     * @param dsl the session, inside a transaction holding {@link #lock}
     * @param kind {@link #PLACED} or {@link #RELEASED}
     * @param run the held run
     * @param why the reason
     * @param who who placed or released it
     */
    public void append(DSLContext dsl, String kind, RunId run, String why, String who) {
        dsl.insertInto(table)
                .columns(event, runId, reason, actor)
                .values(kind, run.value(), why, who)
                .execute();
    }

    /**
     * Whether the session's role may read and append to the table.
     *
     * @return the query: {@code true} when both privileges are held
     */
    public org.jooq.Select<Record1<Boolean>> mayReadAndAppend() {
        Field<String> qualified = DSL.val(DSL.name(name.schema(), name.name()).toString(), SQLDataType.VARCHAR);
        return DSL.select(
                DSL.field(DSL.condition(privilege(qualified, "SELECT")).and(privilege(qualified, "INSERT"))));
    }
}
