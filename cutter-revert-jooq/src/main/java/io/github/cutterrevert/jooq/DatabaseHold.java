package io.github.cutterrevert.jooq;

import io.github.cutterrevert.CannotFailClosedException;
import io.github.cutterrevert.HoldNotice;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.jooq.internal.HoldEvents;
import io.github.cutterrevert.spi.HoldStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.jooq.exception.DataAccessException;

/**
 * The HOLD kept in PostgreSQL, so that it stops every host: an append-only table of HOLD events in
 * the governance schema ({@link SchemaBinding#holdTable()}, default {@code
 * cutter_governance.cutter_hold_event}; create it with {@link #ddl()}). Placing a HOLD appends a
 * {@code placed} row, releasing it a {@code released} row; history is never updated or deleted, and
 * the current HOLD is the latest event when it is {@code placed}.
 *
 * <pre>{@code
 * PostgresTarget target = PostgresTarget.of(dataSource);
 * FailClosed failClosed = FailClosed.builder()
 *     .home(Path.of("/var/lib/cutter"))
 *     .sharedHold(DatabaseHold.of(target))      // the HOLD file and the HOLD row: both (recommended)
 *     .build();
 * Compensator.forRun("run-42").on(target).failClosed(failClosed)...
 * }</pre>
 *
 * <p>{@code execute()} reads the HOLD before it connects for the compensation and again inside the
 * transaction it writes in, when the compensator runs on the same {@link PostgresTarget} this store
 * was made from: a HOLD another host committed before that transaction's snapshot refuses it with
 * {@link io.github.cutterrevert.OnHoldException} and nothing is written. Placing a HOLD after a
 * failure takes a fresh connection (the failed transaction is rolled back first) and waits at most
 * the target's {@code lock_timeout} for another host placing or releasing one at the same moment.
 *
 * <p>Immutable and thread-safe.
 */
public final class DatabaseHold implements HoldStore {
    private static final String DDL_RESOURCE = "cutter-hold-event.sql";

    private final PostgresTarget target;
    private final HoldEvents events;
    private final String actor;

    private DatabaseHold(PostgresTarget target) {
        this.target = target;
        this.events = new HoldEvents(target.binding().holdTable());
        this.actor = "cutter-revert@" + host();
    }

    /**
     * The HOLD in the target's database, in the table its binding names.
     *
     * @param target the target the compensators execute on
     * @return the store
     * @throws InvalidInputException if {@code target} is null
     */
    public static DatabaseHold of(PostgresTarget target) {
        if (target == null) {
            throw new InvalidInputException("target", "a PostgresTarget", null);
        }
        return new DatabaseHold(target);
    }

    /**
     * The DDL of the table with its default name ({@code cutter_governance.cutter_hold_event}): the
     * table, the append-only triggers (SQLSTATE {@code CR002}, as the ledger's) and {@code SELECT,
     * INSERT} for {@code cutter_exec}. Shipped in this jar as {@code
     * io/github/cutterrevert/jooq/cutter-hold-event.sql}; the testkit's reference schema has it.
     *
     * @return the SQL script
     */
    public static String ddl() {
        try (InputStream in = DatabaseHold.class.getResourceAsStream(DDL_RESOURCE)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException(DDL_RESOURCE + " is missing from the jar"));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + DDL_RESOURCE, e);
        }
    }

    /**
     * The target this store reads and writes through.
     *
     * @return the target
     */
    public PostgresTarget target() {
        return target;
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code table <schema>.<name>}
     */
    @Override
    public String location() {
        return events.location();
    }

    /**
     * {@inheritDoc} Read in a READ ONLY transaction of its own.
     *
     * @throws DataAccessException if the table cannot be read (the caller counts that as a HOLD)
     */
    @Override
    public Optional<HoldNotice> current() {
        return target.session(true, events::current);
    }

    /**
     * {@inheritDoc} In a transaction of its own, under the HOLD's advisory lock: appends a {@code
     * placed} event unless the latest event is one.
     *
     * @throws DataAccessException if it cannot be appended (the caller holds in memory)
     */
    @Override
    public boolean place(RunId runId, String reason, Instant at) {
        return target.session(false, dsl -> {
            events.lock(dsl);
            if (events.current(dsl).isPresent()) {
                return false;
            }
            events.append(dsl, HoldEvents.PLACED, runId, reason, actor);
            return true;
        });
    }

    /**
     * {@inheritDoc} Appends a {@code released} event naming who and why, under the HOLD's lock,
     * if the HOLD is still placed.
     */
    @Override
    public void release(HoldNotice held, String releasedBy, String reason, Instant at) {
        target.session(false, dsl -> {
            events.lock(dsl);
            if (events.current(dsl).isPresent()) {
                events.append(dsl, HoldEvents.RELEASED, held.runId(), reason, releasedBy);
            }
            return null;
        });
    }

    /**
     * {@inheritDoc} Checks that the table can be read and that the role may read and append to it.
     *
     * @throws CannotFailClosedException naming the table and the SQLSTATE or missing privilege
     */
    @Override
    public void probe() {
        boolean allowed;
        try {
            allowed = target.session(true, dsl -> {
                events.current(dsl);
                return Boolean.TRUE.equals(
                        dsl.fetchSingle(events.mayReadAndAppend()).value1());
            });
        } catch (DataAccessException e) {
            throw new CannotFailClosedException(
                    null, location(), "the database refused (SQLSTATE " + e.sqlState() + ")", e);
        }
        if (!allowed) {
            throw new CannotFailClosedException(
                    null, location(), "the role may not SELECT and INSERT there (has_table_privilege)", null);
        }
    }

    /** Whether a target runs on this store's database, so its executions can check it in-transaction. */
    boolean servedBy(PostgresTarget executing) {
        return executing == target;
    }

    /** The HOLD events, for the in-transaction check of {@link PostgresTarget#execute}. */
    HoldEvents events() {
        return events;
    }

    private static String host() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException e) {
                name = "unknown-host";
            }
        }
        return name;
    }
}
