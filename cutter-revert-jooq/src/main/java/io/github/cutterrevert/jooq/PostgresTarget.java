package io.github.cutterrevert.jooq;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.ChainVerification;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.CutEvidence;
import io.github.cutterrevert.DatabaseReadException;
import io.github.cutterrevert.DecisionChain;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.LedgerDecision;
import io.github.cutterrevert.Observability;
import io.github.cutterrevert.Precondition;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.SchemaContractException;
import io.github.cutterrevert.SeedDelta;
import io.github.cutterrevert.SeedEvidence;
import io.github.cutterrevert.Snapshot;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.TrustStore;
import io.github.cutterrevert.UnsupportedDatabaseException;
import io.github.cutterrevert.jooq.SchemaBinding.TableName;
import io.github.cutterrevert.jooq.internal.Catalog;
import io.github.cutterrevert.jooq.internal.Catalog.ForeignKey;
import io.github.cutterrevert.jooq.internal.EvidenceReader;
import io.github.cutterrevert.jooq.internal.Executor;
import io.github.cutterrevert.jooq.internal.HoldEvents;
import io.github.cutterrevert.jooq.internal.Model;
import io.github.cutterrevert.jooq.internal.SchemaContract;
import io.github.cutterrevert.jooq.internal.Script;
import io.github.cutterrevert.jooq.internal.Sessions;
import io.github.cutterrevert.jooq.internal.SnapshotReader;
import io.github.cutterrevert.jooq.internal.Statements;
import io.github.cutterrevert.spi.CompensationTarget;
import io.github.cutterrevert.spi.Execution;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL database as a {@link CompensationTarget}: reads the evidence, takes snapshots,
 * renders, previews and executes compensation plans with jOOQ, every plan in one transaction.
 *
 * <pre>{@code
 * PostgresTarget target = PostgresTarget.builder(dataSource)
 *     .lockTimeout(Duration.ofSeconds(2))
 *     .build();
 * CompensationResult result = Compensator.forRun("run-42")
 *     .on(target)
 *     .failedAt(Phase.WRITE_VERIFY)
 *     .authorizedBy(decision)
 *     .execute();
 * }</pre>
 *
 * <p><b>Transactions.</b> Every call takes its own connection (from the data source, or from the
 * {@link DSLContext}'s {@link ConnectionProvider}; within {@link #withSession} the session's one
 * connection) and runs its own REPEATABLE READ transaction; the
 * connection must be in autocommit mode when handed out (as pools do by default), so that a
 * caller's open transaction is never committed by accident. Autocommit, isolation level and
 * read-only flag are restored before the connection is released. Reads ({@link #cutEvidence},
 * {@link #snapshot}, ...) run READ ONLY and roll back. {@link #execute} takes the subject's
 * transaction-scoped advisory lock without waiting, sets {@code lock_timeout} and {@code
 * statement_timeout} for the transaction, checks the reviewed plan inside it (by the plan's own
 * statements when the execution carries the evidence the plan was made from, else by re-planning
 * from evidence read there; a check that differs re-plans from a full read), runs every step with
 * its guard in its own WHERE clause and its exact expected row count, re-counts every table before
 * COMMIT, and logs the transaction id. Why REPEATABLE READ, and how the guard is kept at the moment of the write, is
 * explained on {@code io.github.cutterrevert.jooq.internal.Executor}.
 *
 * <p><b>SQL.</b> Built with jOOQ from the {@link SchemaBinding}: names always quoted, values
 * always bound, dialect {@code POSTGRES}; the settings of a given {@link DSLContext} are not used
 * (only its connection provider). Nothing ever renders CASCADE, TRUNCATE, DROP, ALTER, GRANT or
 * REVOKE, nor UPDATE or DELETE of a ledger table. The number of statements does not depend on the
 * number of units, and unit ids are never loaded into the JVM.
 *
 * <p><b>Errors.</b> {@link #execute} and {@link #preview} roll back and throw the core's typed
 * exceptions: SQLSTATE {@code 55P03}/{@code 57014} become {@link
 * io.github.cutterrevert.CompensationTimeoutException}, any other database error or count
 * mismatch a {@link io.github.cutterrevert.StepFailedException} naming step, table, expected and
 * actual (and SQLSTATE). When COMMIT itself fails (a broken connection, a terminated backend),
 * the outcome is asked of {@code pg_xact_status} on a fresh connection from the same source, using
 * the transaction id read before COMMIT: committed is reported as compensated, aborted as a {@link
 * io.github.cutterrevert.StepFailedException} on {@code (commit)}, and only a transaction still in
 * progress after {@code lock_timeout} (or a status that cannot be read, e.g. because the source
 * has no other connection) becomes an {@link io.github.cutterrevert.OutcomeUnknownException}
 * carrying the transaction id. No jOOQ {@link DataAccessException} leaves a public method: a
 * failed read becomes a {@link DatabaseReadException} carrying the SQLSTATE with the driver's
 * exception as its cause, a database that does not meet the binding a {@link
 * SchemaContractException} (see {@link #validate()}). Every call refuses a server older than
 * PostgreSQL {@value #MINIMUM_POSTGRES_MAJOR} with {@link UnsupportedDatabaseException} before it
 * sends a statement.
 *
 * <p>Immutable and thread-safe: one target may serve many compensators at once.
 */
public final class PostgresTarget implements CompensationTarget {
    private static final Logger LOG = LoggerFactory.getLogger(Observability.LOGGER_EXECUTION);

    /**
     * The oldest PostgreSQL major the library supports (and tests); an older server is refused with
     * {@link UnsupportedDatabaseException} before anything is read or written.
     */
    public static final int MINIMUM_POSTGRES_MAJOR = 14;

    /** The default {@code lock_timeout}: 5 seconds. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

    /** The default {@code statement_timeout}: 60 seconds. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

    private final Connections connections;
    private final SchemaBinding binding;
    private final Duration lockTimeout;
    private final Duration statementTimeout;
    private final Statements statements;
    /**
     * The sets of needs a contract check passed for (structure and SELECT: the empty list); a check
     * for needs that one of them contains is not repeated.
     */
    private final Set<List<SchemaContract.Need>> checked;
    /**
     * The foreign keys last read for the tables a hard delete's downstream guard protects: the
     * executor builds that guard from them into its first statement and reads them again there, so
     * the guard counts only when they are still the same.
     */
    private final Map<List<TableName>, List<ForeignKey>> foreignKeys;

    /** The target this one is a session of ({@link #withSession}), or itself. */
    private final PostgresTarget base;

    private PostgresTarget(Builder builder) {
        this.connections = builder.connections;
        this.binding = builder.binding;
        this.lockTimeout = builder.lockTimeout;
        this.statementTimeout = builder.statementTimeout;
        this.statements = new Statements(new Model(binding));
        this.checked = ConcurrentHashMap.newKeySet();
        this.foreignKeys = new ConcurrentHashMap<>();
        this.base = this;
    }

    /** A session of {@code base}: every call uses the session's one connection. */
    private PostgresTarget(PostgresTarget base, Connections session) {
        this.connections = session;
        this.binding = base.binding;
        this.lockTimeout = base.lockTimeout;
        this.statementTimeout = base.statementTimeout;
        this.statements = base.statements;
        this.checked = base.checked;
        this.foreignKeys = base.foreignKeys;
        this.base = base;
    }

    /**
     * {@inheritDoc} Takes one connection from the data source (or the context's connection
     * provider) and gives {@code work} a target whose every call runs its own transaction on it, so
     * that {@code Compensator.execute()} reads, plans and writes on one connection. The outcome of a
     * COMMIT whose reply was lost is still asked on a fresh connection, and a session is released
     * before anything fails closed.
     *
     * @throws DatabaseReadException if no connection can be had
     */
    @Override
    public <T> T withSession(Function<CompensationTarget, T> work) {
        if (base != this) {
            return work.apply(this);
        }
        Connection connection;
        try {
            connection = connections.acquire.get();
        } catch (SQLException e) {
            throw new DatabaseReadException(null, "a database connection", e.getSQLState(), e);
        }
        if (connection == null) {
            throw new InvalidInputException("dsl", "a DSLContext with a connection provider", "no connection");
        }
        try {
            return work.apply(new PostgresTarget(this, new Connections(() -> connection, released -> {})));
        } finally {
            try {
                connections.release.accept(connection);
            } catch (SQLException e) {
                LOG.warn("could not release a database connection (SQLSTATE {})", e.getSQLState());
            }
        }
    }

    /**
     * A target on a data source, with the default binding and timeouts.
     *
     * @param dataSource the data source; its connections must be in autocommit mode
     * @return the target
     * @throws InvalidInputException if {@code dataSource} is null
     */
    public static PostgresTarget of(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /**
     * A target on a jOOQ context's connections, with the default binding and timeouts.
     *
     * @param dsl the context; only its connection provider is used
     * @return the target
     * @throws InvalidInputException if {@code dsl} is null
     */
    public static PostgresTarget of(DSLContext dsl) {
        return builder(dsl).build();
    }

    /**
     * A builder for a target on a data source.
     *
     * @param dataSource the data source; its connections must be in autocommit mode
     * @return a new builder
     * @throws InvalidInputException if {@code dataSource} is null
     */
    public static Builder builder(DataSource dataSource) {
        if (dataSource == null) {
            throw new InvalidInputException("dataSource", "a data source", null);
        }
        return new Builder(new Connections(dataSource::getConnection, Connection::close));
    }

    /**
     * A builder for a target on a jOOQ context's connections.
     *
     * @param dsl the context; only its connection provider is used
     * @return a new builder
     * @throws InvalidInputException if {@code dsl} is null
     */
    public static Builder builder(DSLContext dsl) {
        if (dsl == null) {
            throw new InvalidInputException("dsl", "a DSLContext", null);
        }
        ConnectionProvider provider = dsl.configuration().connectionProvider();
        return new Builder(new Connections(provider::acquire, provider::release));
    }

    /**
     * The names this target uses.
     *
     * @return the binding
     */
    public SchemaBinding binding() {
        return binding;
    }

    /**
     * The {@code lock_timeout} of every transaction.
     *
     * @return the timeout
     */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /**
     * The {@code statement_timeout} of every transaction.
     *
     * @return the timeout
     */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    // ---- schema contract -----------------------------------------------------------------------

    /**
     * Checks the database against the binding, reading the catalog once, and reports every
     * problem at once: each bound schema, table and column exists with a compatible type; the
     * immutability triggers and orchestrator functions exist; the unit and version status columns
     * allow the bound draft and enacted values and the decision column the reverted value; the
     * compensating decision can be inserted (no other NOT NULL column without a default); and the
     * current role may SELECT every bound column, UPDATE the unit and version status columns and
     * INSERT every column of the compensating decision.
     *
     * <p>Runs implicitly (structure and SELECT only, so that a read-only reviewer can plan) before
     * the first read of evidence, once per target; {@link #execute} and {@link #preview} check the
     * privileges of the plan's own writes before their transaction begins, once per kind of plan.
     * Call this method to check everything, or again after changing the schema or the grants: it
     * always reads the catalog and forgets earlier results.
     *
     * <pre>{@code
     * PostgresTarget target = PostgresTarget.builder(dataSource).binding(binding).build();
     * target.validate();   // at startup: fail fast, nothing written, no HOLD
     * }</pre>
     *
     * @throws SchemaContractException listing every problem, each as {@code table.column: expected
     *     …, found …}
     * @throws DatabaseReadException if the catalog cannot be read
     */
    public void validate() {
        checked.clear();
        requireContract(null, SchemaContract.compensationNeeds());
        checked.add(List.of());
    }

    /** Checks structure and SELECT plus the given needs, unless a check for them passed before. */
    private void requireContract(RunId runId, List<SchemaContract.Need> needs) {
        if (checked.stream().anyMatch(passed -> passed.containsAll(needs))) {
            return;
        }
        List<SchemaContractException.Problem> problems = readWith(
                runId,
                "the catalog for the schema contract",
                connection -> SchemaContract.check(connection, statements.model(), needs));
        if (!problems.isEmpty()) {
            throw new SchemaContractException(runId, problems, null, null);
        }
        checked.add(needs);
    }

    // ---- evidence ----------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * @throws io.github.cutterrevert.InvalidPlanException if the run recorded more than one change
     *     set
     * @throws SchemaContractException if the database does not meet the binding (checked once)
     * @throws DatabaseReadException if the database refuses
     */
    @Override
    public Optional<ChangeSetId> changeSetOf(RunId runId) {
        return read(runId, "the change set of the run", reader -> reader.changeSetOf(runId));
    }

    /**
     * {@inheritDoc} Reads in one READ ONLY snapshot: units and versions per status, the change
     * set's log, ledger and reverted-decision counts, the immutability triggers, the orchestrator
     * functions, the statuses the status columns allow and the hard-delete blockers.
     *
     * @throws io.github.cutterrevert.InvalidPlanException if the change set is recorded for another
     *     run
     * @throws SchemaContractException if the database does not meet the binding (checked once)
     * @throws DatabaseReadException if the database refuses (e.g. SQLSTATE 42501 for a role that
     *     cannot read the ledger)
     */
    @Override
    public CutEvidence cutEvidence(RunId runId, ChangeSetId changeSet) {
        return read(
                runId,
                "the evidence of change set " + changeSet.value(),
                reader -> reader.cutEvidence(runId, changeSet));
    }

    /**
     * {@inheritDoc} Identity columns are compared as bound values; downstream references are found
     * through every foreign key referencing the two registry tables.
     *
     * @throws SchemaContractException if the database does not meet the binding (checked once)
     * @throws DatabaseReadException if the database refuses
     */
    @Override
    public SeedEvidence seedEvidence(SeedDelta delta) {
        return read(null, "the evidence of the " + delta.subject(), reader -> reader.seedEvidence(delta));
    }

    // ---- snapshots ---------------------------------------------------------------------------

    /**
     * {@inheritDoc} Counts {@code information_unit}, {@code unit_version}, {@code
     * iu_lifecycle_log} and the six ledger tables in one READ ONLY snapshot, keyed by {@code
     * schema.table}; a table the role may not read (SQLSTATE 42501; or a missing table, 42P01) is
     * {@link Snapshot.TableCount.Unreadable}, never 0. Keep it with {@link SnapshotFiles}.
     *
     * @throws InvalidInputException if the kind is neither {@code pre} nor {@code post}
     * @throws DatabaseReadException if the database refuses anything but a table's privilege
     */
    @Override
    public Snapshot snapshot(RunId runId, String kind) {
        if (runId == null) {
            throw new InvalidInputException("runId", "a run id", null);
        }
        if (!"pre".equals(kind) && !"post".equals(kind)) {
            throw new InvalidInputException("kind", "\"pre\" or \"post\"", kind);
        }
        return readWith(
                runId,
                "the " + kind + " snapshot",
                connection -> SnapshotReader.take(connection, statements, runId, kind));
    }

    // ---- plans -------------------------------------------------------------------------------

    /**
     * {@inheritDoc} The compensating decision names {@code cutter-revert:automatic} as its decider;
     * use {@link #render(CompensationPlan, Authority)} to render it for a recorded decision.
     *
     * @throws DatabaseReadException if the catalog cannot be read (for downstream-reference guards)
     */
    @Override
    public String render(CompensationPlan plan) {
        return render(plan, Authority.none());
    }

    /**
     * Renders the plan as a psql script, naming the decision's decider in the compensating
     * decision exactly as {@link #execute} will. An excerpt:
     *
     * <pre>{@code
     * \set ON_ERROR_STOP on
     * BEGIN ISOLATION LEVEL REPEATABLE READ;
     * select case when pg_catalog.pg_try_advisory_xact_lock(...) then (...) else -1 end as "stale"
     * \gset
     * SELECT 1 AS lock_taken WHERE :stale = 0 \gset
     * ...
     * -- step 5/7: soft revert public.unit_version rows of change set cs-1: lifecycle_status 'draft' -> 'withdrawn'
     * -- expect: 3 rows
     * update "public"."unit_version" set "lifecycle_status" = 'withdrawn' where (... and "lifecycle_status" = 'draft');
     * SELECT 1 AS step5_ok WHERE :ROW_COUNT = 3 \gset
     * ...
     * COMMIT;
     * }</pre>
     *
     * <p>A check that fails returns no row, psql stops with {@code no rows returned for \gset}
     * (exit status 3) and nothing commits.
     *
     * @param plan the plan
     * @param authority the authority it will be executed with
     * @return the script
     * @throws DatabaseReadException if the catalog cannot be read (for downstream-reference guards)
     */
    @Override
    public String render(CompensationPlan plan, Authority authority) {
        if (plan == null || authority == null) {
            throw new InvalidInputException("plan/authority", "a plan and an authority", null);
        }
        List<TableName> referenced = referencedTables(plan);
        List<ForeignKey> keys = referenced.isEmpty()
                ? List.of()
                : readWith(
                        plan.runId(),
                        "the foreign keys of the plan's tables",
                        connection -> Catalog.readForeignKeys(Sessions.on(connection), referenced));
        return new Script(statements, lockTimeout, statementTimeout).render(plan, authority, keys);
    }

    /**
     * {@inheritDoc} The same code path as {@link #execute}: the re-plan inside the transaction,
     * every guard, every write and the compensating decision signed with the execution's signer;
     * then ROLLBACK instead of COMMIT. Write counts are reported as they are, even when they differ
     * from the plan's expectation.
     *
     * @throws io.github.cutterrevert.LockBusyException if another session holds the subject's lock
     * @throws io.github.cutterrevert.NotApprovedException if the re-plan differs from the plan
     * @throws io.github.cutterrevert.PreconditionFailedException if a guard does not hold
     * @throws io.github.cutterrevert.StepFailedException if the database refuses a statement
     */
    @Override
    public Preview preview(Execution execution) {
        if (execution == null) {
            throw new InvalidInputException("execution", "a plan to preview", null);
        }
        CompensationPlan plan = execution.reviewed();
        String sql = render(plan, execution.authority());
        if (!plan.writes()) {
            return new Preview(plan, Map.of(), sql);
        }
        requireContract(plan.runId(), SchemaContract.needs(binding, plan));
        return writeWith(
                plan.runId(), connection -> executor(connection, plan.runId()).preview(execution, sql));
    }

    /** The executor of one call, on the transaction's connection. */
    private Executor executor(Connection connection, RunId runId) {
        return new Executor(
                connection, statements, lockTimeout, statementTimeout, runId, base::transactionStatus, foreignKeys);
    }

    /**
     * {@inheritDoc}
     *
     * @throws io.github.cutterrevert.LockBusyException if another session holds the subject's lock
     * @throws io.github.cutterrevert.NotApprovedException if the re-plan's fingerprint differs from
     *     the reviewed one and the re-plan is not "nothing to do"
     * @throws io.github.cutterrevert.PreconditionFailedException if a guard does not hold
     * @throws io.github.cutterrevert.StepFailedException if a statement affects another number of
     *     rows than planned, the re-count differs, or the database refuses a statement
     * @throws io.github.cutterrevert.CompensationTimeoutException on {@code lock_timeout} or {@code
     *     statement_timeout}
     * @throws io.github.cutterrevert.StepFailedException on {@code (commit)} if COMMIT failed and a
     *     fresh connection reports the transaction aborted
     * @throws io.github.cutterrevert.OutcomeUnknownException if COMMIT failed and a fresh
     *     connection cannot tell whether the transaction committed
     */
    @Override
    public CompensationResult execute(Execution execution) {
        if (execution == null) {
            throw new InvalidInputException("execution", "a reviewed plan to execute", null);
        }
        CompensationPlan reviewed = execution.reviewed();
        requireContract(reviewed.runId(), SchemaContract.needs(binding, reviewed));
        LOG.info(
                "run {}: executing plan {} for {}",
                reviewed.runId().value(),
                reviewed.fingerprint().shortForm(),
                reviewed.subject());
        // A HOLD kept in this database is read again inside the transaction that writes: one another
        // host committed before our snapshot refuses the execution.
        List<HoldEvents> holds = execution.holds().stream()
                .filter(store -> store instanceof DatabaseHold hold && hold.servedBy(base))
                .map(store -> ((DatabaseHold) store).events())
                .toList();
        return writeWith(reviewed.runId(), connection -> executor(connection, reviewed.runId())
                .checkingHolds(holds)
                .execute(execution));
    }

    /**
     * Runs work on a session of its own in a REPEATABLE READ transaction with this target's
     * timeouts; a write session commits when the work returns, a read session rolls back.
     */
    <T> T session(boolean readOnly, Function<DSLContext, T> work) {
        return transaction(readOnly, connection -> {
            DSLContext dsl = Sessions.on(connection);
            dsl.fetch(statements.timeouts(lockTimeout, statementTimeout));
            T value = work.apply(dsl);
            if (!readOnly) {
                connection.commit();
            }
            return value;
        });
    }

    /**
     * {@inheritDoc} Written as JSON by {@link SnapshotFiles}.
     */
    @Override
    public Path writeSnapshot(Snapshot snapshot, Path rollbackDirectory) {
        return SnapshotFiles.in(rollbackDirectory).write(snapshot);
    }

    /**
     * Every {@code review_decision} row in ledger order, signed or not.
     *
     * @return the decisions
     */
    public List<LedgerDecision> decisions() {
        return readWith(
                null,
                "the decision ledger",
                connection -> Sessions.on(connection).fetch(statements.decisions()).stream()
                        .map(Statements::decision)
                        .toList());
    }

    /**
     * Verifies the whole signed decision chain.
     *
     * <pre>{@code
     * ChainVerification check = target.verifyDecisions(Map.of("revert-2026", publicKey));
     * }</pre>
     *
     * @param keys key id to Ed25519 public key
     * @return the verification, naming the first bad entry
     */
    public ChainVerification verifyDecisions(Map<String, PublicKey> keys) {
        return DecisionChain.verify(decisions(), Map.copyOf(keys));
    }

    /**
     * Verifies the signed decision chain and reports the first bad entry of one change set.
     *
     * @param keys key id to Ed25519 public key
     * @param changeSet the change set
     * @return the verification
     */
    public ChainVerification verifyDecisions(Map<String, PublicKey> keys, ChangeSetId changeSet) {
        return DecisionChain.verify(decisions(), Map.copyOf(keys), changeSet);
    }

    /**
     * Verifies the whole signed decision chain and every recorded approval against one trust
     * store, which holds both the service's signing key(s) and the approvers' keys.
     *
     * <pre>{@code
     * ChainVerification check = target.verifyDecisions(TrustStore.fromDirectory(Path.of("/etc/cutter/keys")));
     * }</pre>
     *
     * @param trust the service's and the approvers' public keys
     * @return the verification, naming the first bad entry
     */
    public ChainVerification verifyDecisions(TrustStore trust) {
        if (trust == null) {
            throw new InvalidInputException("trust", "a trust store", null);
        }
        return DecisionChain.verify(decisions(), trust.keys());
    }

    /**
     * Verifies the whole chain and every recorded approval, and reports the first bad entry of one
     * change set.
     *
     * @param trust the service's and the approvers' public keys
     * @param changeSet the change set
     * @return the verification
     */
    public ChainVerification verifyDecisions(TrustStore trust, ChangeSetId changeSet) {
        if (trust == null) {
            throw new InvalidInputException("trust", "a trust store", null);
        }
        return DecisionChain.verify(decisions(), trust.keys(), changeSet);
    }

    private List<TableName> referencedTables(CompensationPlan plan) {
        List<TableName> tables = new ArrayList<>();
        for (Precondition precondition : plan.preconditions()) {
            if (precondition instanceof Precondition.NoDownstreamReferences p) {
                tables.add(binding.table(p.table()));
            }
        }
        return tables;
    }

    // ---- connections -------------------------------------------------------------------------

    /** {@code pg_xact_status} of a transaction, on a connection of its own. */
    private Optional<String> transactionStatus(long txid) {
        return Optional.ofNullable(transaction(true, connection -> Sessions.on(connection)
                .fetchSingle(statements.transactionStatus(txid))
                .value1()));
    }

    private <T> T read(RunId runId, String what, Function<EvidenceReader, T> work) {
        // The contract first: a missing table or column is a configuration problem, reported
        // whole and typed, never a raw 42P01 or 42703 in the middle of reading evidence.
        requireContract(runId, List.of());
        return readWith(runId, what, connection -> {
            var dsl = Sessions.on(connection);
            dsl.fetch(statements.timeouts(lockTimeout, statementTimeout));
            return work.apply(new EvidenceReader(dsl, statements));
        });
    }

    /**
     * A read in a READ ONLY transaction; a database failure becomes a {@link
     * DatabaseReadException} carrying its SQLSTATE and the driver's exception.
     */
    private <T> T readWith(RunId runId, String what, Work<T> work) {
        try {
            return transaction(true, work);
        } catch (DataAccessException e) {
            throw new DatabaseReadException(runId, what, sqlState(e), e);
        }
    }

    /**
     * A writing transaction; a connection that cannot be had or set up fails the transaction's
     * start as a {@link StepFailedException}, like any other failure before the first step.
     */
    private <T> T writeWith(RunId runId, Work<T> work) {
        try {
            return transaction(false, work);
        } catch (DataAccessException e) {
            throw new StepFailedException(runId, -1, "(transaction start)", -1, -1, sqlState(e), e);
        }
    }

    private static String sqlState(DataAccessException e) {
        String state = e.sqlState();
        return state == null || state.isEmpty() ? null : state;
    }

    /** Work on a connection inside a REPEATABLE READ transaction the work ends (or that is rolled back). */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs work in a REPEATABLE READ transaction on a connection of its own, restoring the
     * connection's settings before releasing it; an unended transaction is rolled back.
     */
    private <T> T transaction(boolean readOnly, Work<T> work) {
        Connection connection;
        try {
            connection = connections.acquire.get();
        } catch (SQLException e) {
            throw new DataAccessException("expected a database connection but could not get one", e);
        }
        if (connection == null) {
            throw new InvalidInputException("dsl", "a DSLContext with a connection provider", "no connection");
        }
        Throwable failure = null;
        try {
            requireSupportedServer(connection);
            if (!connection.getAutoCommit()) {
                throw new InvalidInputException(
                        "connection",
                        "a connection in autocommit mode (each compensation runs its own transaction)",
                        "autocommit off");
            }
            int isolation = connection.getTransactionIsolation();
            boolean wasReadOnly = connection.isReadOnly();
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(readOnly);
            connection.setAutoCommit(false);
            try {
                return work.run(connection);
            } catch (RuntimeException | Error | SQLException e) {
                failure = e;
                throw e;
            } finally {
                restore(connection, isolation, wasReadOnly, failure);
            }
        } catch (SQLException e) {
            throw new DataAccessException("the database connection failed", e);
        } finally {
            try {
                connections.release.accept(connection);
            } catch (SQLException e) {
                LOG.warn("could not release a database connection (SQLSTATE {})", e.getSQLState());
            }
        }
    }

    /**
     * Refuses a server older than {@link #MINIMUM_POSTGRES_MAJOR}. The driver knows the version from
     * the connection's start-up, so this sends no statement.
     */
    private static void requireSupportedServer(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        int major = meta.getDatabaseMajorVersion();
        if (major < MINIMUM_POSTGRES_MAJOR) {
            throw new UnsupportedDatabaseException(
                    "PostgreSQL", major, meta.getDatabaseProductVersion(), MINIMUM_POSTGRES_MAJOR);
        }
    }

    private static void restore(Connection connection, int isolation, boolean readOnly, Throwable failure) {
        try {
            connection.rollback(); // no-op after COMMIT; ends a read transaction
            connection.setAutoCommit(true);
            connection.setTransactionIsolation(isolation);
            connection.setReadOnly(readOnly);
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                // The work is done (and possibly committed): report, do not turn success into failure.
                LOG.warn("could not restore the connection's settings (SQLSTATE {})", e.getSQLState());
            }
        }
    }

    @FunctionalInterface
    private interface SqlSupplier<T> {
        T get() throws SQLException;
    }

    @FunctionalInterface
    private interface SqlConsumer<T> {
        void accept(T value) throws SQLException;
    }

    private record Connections(SqlSupplier<Connection> acquire, SqlConsumer<Connection> release) {}

    /**
     * Builds a {@link PostgresTarget}. Mutable and not thread-safe; every method validates its
     * argument at once; {@link #build()} copies everything into the immutable target.
     */
    public static final class Builder {
        private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

        private final Connections connections;
        private SchemaBinding binding = SchemaBinding.defaults();
        private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;

        private Builder(Connections connections) {
            this.connections = connections;
        }

        /**
         * The names of the database's tables, columns, statuses, triggers and functions (default:
         * {@link SchemaBinding#defaults()}).
         *
         * @param binding the binding
         * @return this builder
         * @throws InvalidInputException if {@code binding} is null
         */
        public Builder binding(SchemaBinding binding) {
            if (binding == null) {
                throw new InvalidInputException("binding", "a schema binding", null);
            }
            this.binding = binding;
            return this;
        }

        /**
         * How long a statement may wait for a lock: {@code lock_timeout} for the transaction
         * (default: 5 s).
         *
         * @param timeout at least 1 ms and at most {@code Integer.MAX_VALUE} ms
         * @return this builder
         * @throws InvalidInputException if the timeout is null or out of range
         */
        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = requireTimeout("lockTimeout", timeout);
            return this;
        }

        /**
         * How long one statement may run: {@code statement_timeout} for the transaction (default:
         * 60 s).
         *
         * @param timeout at least 1 ms and at most {@code Integer.MAX_VALUE} ms
         * @return this builder
         * @throws InvalidInputException if the timeout is null or out of range
         */
        public Builder statementTimeout(Duration timeout) {
            this.statementTimeout = requireTimeout("statementTimeout", timeout);
            return this;
        }

        private static Duration requireTimeout(String field, Duration timeout) {
            if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new InvalidInputException(
                        field, "at least 1 ms and at most " + Integer.MAX_VALUE + " ms", String.valueOf(timeout));
            }
            return timeout;
        }

        /**
         * Builds the immutable, thread-safe target.
         *
         * @return the target
         */
        public PostgresTarget build() {
            return new PostgresTarget(this);
        }
    }
}
