package io.github.cutterrevert.soak;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.CompensationTimeoutException;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.InvalidPlanException;
import io.github.cutterrevert.LockBusyException;
import io.github.cutterrevert.NotApprovedException;
import io.github.cutterrevert.OnHoldException;
import io.github.cutterrevert.OutcomeUnknownException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PhaseOutcome;
import io.github.cutterrevert.RunHistory;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.RunState;
import io.github.cutterrevert.SeedDelta;
import io.github.cutterrevert.SeedRollback;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.proof.fault.FaultyDataSource;
import io.github.cutterrevert.soak.Trial.Fault;
import io.github.cutterrevert.soak.Trial.Race;
import io.github.cutterrevert.soak.Trial.Shape;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.TestGovernance;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Runs one {@link Trial} against a database as an orchestrator would (plan, approve, execute;
 * release and re-run when held; run once more) and checks every invariant against the model.
 */
final class TrialRun {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Trial trial;
    private final DataSource admin;
    private final DataSource exec;
    private final ExecutorService sessions;
    private final String id;
    private final String run;
    private final String changeSet;
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean faultFired = new AtomicBoolean();

    /** What one execute() reported: a result or the exception it threw. */
    record Reported(CompensationResult result, RuntimeException failure) {
        boolean compensated() {
            return result != null && result.verdict() instanceof Verdict.Compensated;
        }

        /** Whether the library must have failed closed for it (a refusal, or a failure while executing). */
        boolean mustHold() {
            if (result != null) {
                return result.verdict() instanceof Verdict.Refused || result.verdict() instanceof Verdict.Failed;
            }
            return !(failure instanceof NotApprovedException
                    || failure instanceof LockBusyException
                    || failure instanceof OnHoldException
                    || failure instanceof InvalidInputException
                    || failure instanceof InvalidPlanException);
        }

        String describe() {
            return result != null
                    ? result.verdict().getClass().getSimpleName()
                    : failure.getClass().getSimpleName() + " (" + failure.getMessage() + ")";
        }
    }

    TrialRun(Trial trial, DataSource admin, DataSource exec, ExecutorService sessions) {
        this.trial = trial;
        this.admin = admin;
        this.exec = exec;
        this.sessions = sessions;
        this.id = HexFormat.of().toHexDigits(trial.seed());
        this.run = "soak-" + id;
        this.changeSet = "cs-soak-" + id;
    }

    /** Whether an injected fault actually fired. */
    boolean faultFired() {
        return faultFired.get();
    }

    /** Runs the trial; returns the violations of the model, empty when none. */
    List<String> run() {
        try {
            if (trial.kind() == Trial.Kind.SEED) {
                runSeed();
            } else {
                runCut();
            }
        } catch (RuntimeException | AssertionError e) {
            violations.add("the trial itself failed: " + e);
        }
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    // ---- per-cut compensation ---------------------------------------------------------------------

    private void runCut() throws RuntimeException {
        CutScenario cut = CutScenario.forRun(run)
                .changeSet(changeSet)
                .units(trial.units())
                .versionsPerUnit(trial.versionsPerUnit())
                .addressPrefix("soak/" + id);
        RunHistory history;
        Phase failedAt;
        switch (trial.shape()) {
            case FAILED_AT -> {
                cut.failingAt(trial.phase());
                failedAt = trial.phase();
                history = RunHistory.failedAt(failedAt);
            }
            case CRASH_AFTER -> {
                failedAt = Phase.values()[trial.phase().ordinal() + 1];
                cut.failingAt(failedAt); // the same rows as a crash before that phase: it never committed
                history = RunHistory.failedAt(failedAt).withOutcome(failedAt, PhaseOutcome.NOT_STARTED);
            }
            case ENACTED -> {
                cut.enactedUnits(trial.enactedBefore());
                failedAt = Phase.LIFECYCLE_ENACT;
                history = RunHistory.failedAt(failedAt);
            }
            default -> throw new IllegalStateException("unknown shape " + trial.shape());
        }
        cut.apply(admin);
        Expected expected = expected(failedAt);
        FailClosed failClosed = TestGovernance.failClosed();

        // Plan and approve on a healthy connection, as a reviewer would.
        PostgresTarget healthy = PostgresTarget.of(exec);
        CompensationPlan plan = compensator(healthy, failClosed, history, null).plan();
        Authority decision =
                Authority.decision("soak-reviewer", "DEC-" + id, "soak trial", plan.fingerprint(), Instant.now());

        WorldState before = WorldState.read(admin, changeSet);
        FaultyDataSource faulty = new FaultyDataSource(exec);
        Blocker blocker = arm(faulty);
        List<Reported> reported = new ArrayList<>();
        RaceResult race;
        try {
            Compensator first = compensator(target(faulty), failClosed, history, decision);
            Future<RaceResult> racer = startRace(healthy, failClosed, history, decision);
            reported.add(execute(first::execute));
            noteTimeouts(reported);
            // The row lock goes before the race is awaited: a racing enactment may wait on it.
            blocker.release();
            race = racer == null ? RaceResult.NONE : await(racer);
            if (race.second() != null) {
                reported.add(race.second());
            }
        } finally {
            blocker.release();
        }
        WorldState.ChangeSetRows after = changeSetRows();
        if (race.unrelatedFailure() != null) {
            violations.add("the unrelated writer failed: " + race.unrelatedFailure());
        }
        if (race.unrelatedRun() != null) {
            checkUnrelated(race.unrelatedRun());
        }
        boolean unknown = reported.stream().anyMatch(r -> r.failure() instanceof OutcomeUnknownException);
        checkOutcome("first execute", expected, before.changeSet(), after, reported, unknown);
        checkFailClosed("first execute", reported, failClosed);
        if (trial.fault() == Fault.NONE && trial.race() == Race.NONE) {
            checkVerdict("first execute (no fault, no race)", expected.verdict(), reported.getFirst());
        }

        // The orchestrator's human releases the HOLD and runs it again, without faults.
        release(failClosed);
        Reported again = execute(() -> compensator(healthy, failClosed, history, null)
                .authorizedBy(
                        approve(compensator(healthy, failClosed, history, null).plan()))
                .execute());
        WorldState.ChangeSetRows afterRerun = changeSetRows();
        long enactedNow = after.units().getOrDefault("enacted", 0L);
        boolean enactedByRace = enactedNow > before.changeSet().units().getOrDefault("enacted", 0L);
        String expectedAgain;
        if (compensated(expected, after)) {
            expectedAgain = "NothingToDo";
        } else if (enactedByRace) {
            // Enacted state is immutable: escalate, unless the run's last phase enacted every unit.
            expectedAgain =
                    failedAt == Phase.LIFECYCLE_ENACT && enactedNow == trial.units() ? "NothingToDo" : "Refused";
        } else {
            expectedAgain = expected.verdict();
        }
        checkVerdict("re-run after release", expectedAgain, again);
        checkOutcome("re-run after release", expected, after, afterRerun, List.of(again), false);
        checkFailClosed("re-run after release", List.of(again), failClosed);

        if (again.compensated()) {
            // Once more: nothing to do, nothing changes (idempotent).
            release(failClosed);
            Reported third = execute(() -> compensator(healthy, failClosed, history, null)
                    .authorizedBy(approve(
                            compensator(healthy, failClosed, history, null).plan()))
                    .execute());
            checkVerdict("third run", "NothingToDo", third);
            WorldState.ChangeSetRows afterThird = changeSetRows();
            if (!afterThird.equals(afterRerun)) {
                violations.add("third run changed the change set's rows: " + afterRerun + " -> " + afterThird);
            }
        }
        release(failClosed);
        violations.addAll(WorldState.onlyGrew(before, WorldState.read(admin, changeSet)));
        checkChain();
    }

    private WorldState.ChangeSetRows changeSetRows() {
        try (Connection connection = admin.getConnection()) {
            return WorldState.changeSet(connection, changeSet);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the change set (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    /** What the model says a clean execute() of this cut does. */
    private record Expected(String verdict, boolean appendsDecision) {}

    private Expected expected(Phase failedAt) {
        if (trial.shape() == Shape.ENACTED) {
            return new Expected(trial.enactedBefore() == trial.units() ? "NothingToDo" : "Refused", false);
        }
        return switch (failedAt) {
            case PRE_WRITE_BACKUP, CUT_LEG_A -> new Expected("Refused", false);
            case LEG_B_RECORD -> new Expected("Compensated", false);
            case WRITE_VERIFY, LIFECYCLE_ENACT -> new Expected("Compensated", true);
        };
    }

    private boolean compensated(Expected expected, WorldState.ChangeSetRows rows) {
        long decisions = expected.appendsDecision() ? 1 : 0;
        if (rows.reverted() != decisions || !expected.verdict().equals("Compensated")) {
            return false;
        }
        if (trial.hardDelete()) {
            return rows.unitCount() == 0 && rows.versionCount() == 0 && rows.logRows() == 0;
        }
        return rows.unitCount() == trial.units()
                && rows.units().getOrDefault("withdrawn", 0L) == trial.units()
                && rows.versions().getOrDefault("withdrawn", 0L) == (long) trial.units() * trial.versionsPerUnit();
    }

    private void checkOutcome(
            String when,
            Expected expected,
            WorldState.ChangeSetRows before,
            WorldState.ChangeSetRows after,
            List<Reported> reported,
            boolean unknown) {
        long compensations = reported.stream().filter(Reported::compensated).count();
        if (compensations > 1) {
            violations.add(when + ": " + compensations + " executions reported compensated");
        }
        if (after.reverted() > 1) {
            violations.add(when + ": " + after.reverted() + " 'reverted' decisions for " + changeSet);
        }
        boolean wasCompensated = compensated(expected, before);
        boolean isCompensated = compensated(expected, after);
        boolean changed = !before.equals(after);
        if (compensations == 1 && !isCompensated) {
            violations.add(when + ": reported compensated but the database shows " + after);
        }
        // Only the racing enactor may change the rows when nothing committed, and only by enacting
        // (also once an execution whose outcome was unknown has rolled back: its row locks are gone).
        boolean onlyEnacted = trial.race() == Race.ENACT_DURING
                && after.reverted() == before.reverted()
                && !after.units().containsKey("withdrawn")
                && after.unitCount() == before.unitCount()
                && after.versionCount() == before.versionCount();
        if (compensations == 0 && changed && !unknown) {
            if (!onlyEnacted) {
                violations.add(when + ": nothing reported compensated (" + describe(reported)
                        + ") but the change set's rows changed: " + before + " -> " + after);
            }
        }
        if (unknown && changed && !isCompensated && !onlyEnacted) {
            violations.add(when + ": outcome unknown and the rows are half-written: " + after);
        }
        if (wasCompensated && changed) {
            violations.add(when + ": an already compensated change set changed: " + before + " -> " + after);
        }
    }

    private void checkFailClosed(String when, List<Reported> reported, FailClosed failClosed) {
        boolean mustHold = reported.stream().anyMatch(Reported::mustHold);
        Optional<?> hold = failClosed.hold();
        if (mustHold) {
            if (hold.isEmpty()) {
                violations.add(when + ": " + describe(reported) + " but no HOLD");
            }
            Optional<RunState> state = failClosed.runState().read(RunId.of(run));
            if (state.isEmpty() || state.get().state() != RunState.State.STOPPED) {
                violations.add(when + ": " + describe(reported) + " but run state is " + state);
            }
            if (failClosed.killSwitch().executionEnabled()) {
                violations.add(when + ": " + describe(reported) + " but the kill switch is on");
            }
            if (!Files.exists(failClosed.runDirectory(RunId.of(run)).resolve("post.json"))) {
                violations.add(when + ": " + describe(reported) + " but no post.json");
            }
        } else if (hold.isPresent()) {
            violations.add(when + ": HOLD although " + describe(reported));
        }
    }

    private void checkVerdict(String when, String expected, Reported reported) {
        String found = reported.result() != null
                ? reported.result().verdict().getClass().getSimpleName()
                : reported.failure().getClass().getSimpleName();
        if (!expected.equals(found)) {
            violations.add(when + ": expected " + expected + " but got " + reported.describe());
        }
    }

    private static String describe(List<Reported> reported) {
        return String.join(" / ", reported.stream().map(Reported::describe).toList());
    }

    private void checkChain() {
        var chain = PostgresTarget.of(exec).verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of(changeSet));
        if (!chain.intact()) {
            violations.add("the signed chain does not verify for " + changeSet + ": " + chain.firstBad());
        }
    }

    private void checkUnrelated(String unrelatedChangeSet) {
        try (Connection connection = admin.getConnection()) {
            WorldState.ChangeSetRows rows = WorldState.changeSet(connection, unrelatedChangeSet);
            if (rows.units().getOrDefault("enacted", 0L) != 2 || rows.unitCount() != 2 || rows.reverted() != 0) {
                violations.add("the unrelated cut " + unrelatedChangeSet + " was touched: " + rows);
            }
        } catch (SQLException e) {
            violations.add("could not read the unrelated cut: SQLSTATE " + e.getSQLState());
        }
    }

    private Compensator compensator(
            PostgresTarget target, FailClosed failClosed, RunHistory history, Authority decision) {
        Compensator compensator = Compensator.forRun(run)
                .on(target)
                .changeSet(changeSet)
                .history(history)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer());
        if (trial.hardDelete()) {
            compensator.hardDelete();
        }
        if (decision != null) {
            compensator.authorizedBy(decision);
        }
        return compensator;
    }

    private Authority approve(CompensationPlan plan) {
        return Authority.decision(
                "soak-reviewer", "DEC-" + id + "-again", "re-run after release", plan.fingerprint(), Instant.now());
    }

    private static void release(FailClosed failClosed) {
        if (failClosed.hold().isPresent()) {
            failClosed.release("soak", "checked by the soak's model", true);
        }
    }

    private static Reported execute(Supplier<CompensationResult> execution) {
        try {
            return new Reported(execution.get(), null);
        } catch (RuntimeException e) {
            return new Reported(null, e);
        }
    }

    // ---- races --------------------------------------------------------------------------------

    private record RaceResult(Reported second, String unrelatedRun, String unrelatedFailure) {
        static final RaceResult NONE = new RaceResult(null, null, null);
    }

    private Future<RaceResult> startRace(
            PostgresTarget healthy, FailClosed failClosed, RunHistory history, Authority decision) {
        if (trial.race() == Race.NONE) {
            return null;
        }
        return sessions.submit(() -> {
            Thread.sleep(trial.raceDelayMillis());
            return switch (trial.race()) {
                case NONE -> RaceResult.NONE;
                case ENACT_DURING -> {
                    enactOneUnit();
                    yield RaceResult.NONE;
                }
                case UNRELATED_WRITER -> {
                    String unrelated = "cs-unrelated-" + id;
                    try {
                        CutScenario.forRun("unrelated-" + id)
                                .changeSet(unrelated)
                                .units(2)
                                .addressPrefix("unrelated/" + id)
                                .apply(admin);
                        yield new RaceResult(null, unrelated, null);
                    } catch (RuntimeException e) {
                        yield new RaceResult(null, null, e.toString());
                    }
                }
                case SECOND_COMPENSATOR ->
                    new RaceResult(execute(compensator(healthy, failClosed, history, decision)::execute), null, null);
            };
        });
    }

    private void enactOneUnit() {
        try (Connection connection = admin.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = '20s'");
            statement.execute("SELECT public.fn_iu_enact(min(iu.id)) FROM public.information_unit iu"
                    + " JOIN cutter_governance.cut_change_set_affected_row a ON a.information_unit_id = iu.id"
                    + " WHERE a.change_set_id = '" + changeSet + "' AND iu.lifecycle_status = 'draft'");
        } catch (SQLException e) {
            // CR003: the unit was no longer draft (compensated first); 40001: serialization; 40P01: the
            // enactment locks a unit before its versions, a soft revert the versions before the units, and
            // PostgreSQL chose the enactment as the deadlock's victim. All fine: the model checks the rows,
            // not who won. Anything else is a violation.
            if (!"CR003".equals(e.getSQLState())
                    && !"40001".equals(e.getSQLState())
                    && !"40P01".equals(e.getSQLState())
                    && !"22004".equals(e.getSQLState())
                    && !"23503".equals(e.getSQLState())) {
                synchronized (violations) {
                    violations.add("the racing enactment failed with SQLSTATE " + e.getSQLState());
                }
            }
        }
    }

    // ---- faults -------------------------------------------------------------------------------

    private PostgresTarget target(FaultyDataSource faulty) {
        PostgresTarget.Builder builder = PostgresTarget.builder(faulty);
        switch (trial.fault()) {
            case LOCK_TIMEOUT -> builder.lockTimeout(Duration.ofMillis(150));
            case STATEMENT_TIMEOUT ->
                builder.lockTimeout(Duration.ofSeconds(10)).statementTimeout(Duration.ofMillis(300));
            case COMMIT_LOST_OPEN -> builder.lockTimeout(Duration.ofMillis(300));
            default -> builder.lockTimeout(Duration.ofSeconds(5));
        }
        return builder.build();
    }

    /** Something that holds a row lock until released. */
    private interface Blocker {
        void release();
    }

    private Blocker arm(FaultyDataSource faulty) {
        switch (trial.fault()) {
            case NONE -> {}
            case FAIL_NTH -> faulty.failAt(trial.faultAt());
            case TERMINATE_AT_NTH ->
                faulty.atStatement(trial.faultAt(), real -> {
                    faultFired.set(true);
                    terminate(real.unwrap(PGConnection.class).getBackendPID());
                });
            case TERMINATE_BEFORE_COMMIT ->
                faulty.onCommit(real -> {
                    faultFired.set(true);
                    terminate(real.unwrap(PGConnection.class).getBackendPID());
                    real.commit();
                });
            case COMMIT_REPLY_LOST ->
                faulty.onCommit(real -> {
                    faultFired.set(true);
                    int pid = real.unwrap(PGConnection.class).getBackendPID();
                    real.commit();
                    terminate(pid);
                    throw new SQLException("An I/O error occurred while sending to the backend (reply lost)", "08006");
                });
            case COMMIT_LOST_OPEN ->
                faulty.onCommit(real -> {
                    faultFired.set(true);
                    faulty.sever(real);
                    throw new SQLException("An I/O error occurred while sending to the backend", "08006");
                });
            case LOCK_TIMEOUT, STATEMENT_TIMEOUT -> {
                return holdRowLock();
            }
        }
        return () -> {
            if (trial.fault() == Fault.FAIL_NTH && faulty.injected()) {
                faultFired.set(true);
            }
        };
    }

    private Blocker holdRowLock() {
        try {
            Connection connection = admin.getConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT iu.id FROM public.information_unit iu JOIN cutter_governance.cut_change_set_affected_row a"
                            + " ON a.information_unit_id = iu.id WHERE a.change_set_id = ? ORDER BY iu.id LIMIT 1"
                            + " FOR UPDATE OF iu")) {
                statement.setString(1, changeSet);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                }
            }
            AtomicBoolean released = new AtomicBoolean();
            return () -> {
                if (!released.compareAndSet(false, true)) {
                    return;
                }
                try (connection) {
                    connection.rollback();
                } catch (SQLException e) {
                    violations.add("could not release the row lock: SQLSTATE " + e.getSQLState());
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the row lock (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    /** Marks a timeout fault as fired when the library reported it. */
    void noteTimeouts(List<Reported> reported) {
        if (reported.stream().anyMatch(r -> r.failure() instanceof CompensationTimeoutException)) {
            faultFired.set(true);
        }
    }

    /** Terminates a backend from another session and waits until it is gone. */
    private void terminate(int pid) {
        PlainJdbc.text(admin, "SELECT pg_terminate_backend(?)", pid);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (PlainJdbc.count(admin, "SELECT count(*) FROM pg_stat_activity WHERE pid = ?", pid) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("backend " + pid + " did not exit");
            }
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a backend to exit", e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("a racing session did not finish: " + e, e);
        }
    }

    // ---- seed-delta rollback ------------------------------------------------------------------

    private void runSeed() {
        String ref = "soak-doc-" + id;
        String versionId = "soakv-" + id;
        String checksum = HexFormat.of().formatHex(new byte[32]).substring(0, 48) + id;
        PlainJdbc.run(
                admin,
                "INSERT INTO cutter_governance.source_document_registry (source_document_ref, address_docprefix,"
                        + " registered_by) VALUES (?, ?, 'soak-seed')",
                ref,
                "SOAK-" + id);
        PlainJdbc.run(
                admin,
                "INSERT INTO cutter_governance.source_document_version_registry (document_version_id,"
                        + " source_document_ref, content_checksum, registered_by) VALUES (?, ?, ?, 'soak-seed')",
                versionId,
                ref,
                checksum);
        if (trial.downstream() > 0) {
            PlainJdbc.run(
                    admin,
                    "WITH units AS (INSERT INTO public.information_unit (address) SELECT ?::text || '/downstream-' || g"
                            + " FROM generate_series(1, ?) AS g RETURNING id) INSERT INTO public.iu_provenance"
                            + " (information_unit_id, document_version_id) SELECT id, ? FROM units",
                    "soak-seed/" + id,
                    trial.downstream(),
                    versionId);
        }
        TreeMap<String, String> parent = new TreeMap<>();
        parent.put("source_document_ref", ref);
        parent.put("address_docprefix", "SOAK-" + id);
        parent.put("registered_by", "soak-seed");
        TreeMap<String, String> child = new TreeMap<>();
        child.put("source_document_ref", ref);
        child.put("content_checksum", checksum);
        child.put("document_version_id", versionId);
        child.put("registered_by", "soak-seed");
        SeedDelta delta = new SeedDelta(parent, child);
        FailClosed failClosed = TestGovernance.failClosed();
        PostgresTarget healthy = PostgresTarget.of(exec);
        String expected = trial.downstream() == 0 || trial.pathB() ? "Compensated" : "Refused";

        CompensationPlan plan = seed(delta, healthy, failClosed).plan();
        Authority decision =
                Authority.decision("soak-reviewer", "DEC-" + id, "soak seed", plan.fingerprint(), Instant.now());
        String before = seedRows(ref);
        FaultyDataSource faulty = new FaultyDataSource(exec);
        Blocker blocker = arm(faulty);
        Reported first;
        try {
            first = execute(seed(delta, target(faulty), failClosed).authorizedBy(decision)::execute);
            noteTimeouts(List.of(first));
        } finally {
            blocker.release();
        }
        String after = seedRows(ref);
        String done = trial.downstream() == 0 ? "absent" : "deprecated";
        checkSeedOutcome("first execute", first, before, after, done);
        checkFailClosed("first execute", List.of(first), failClosed);
        if (trial.fault() == Fault.NONE) {
            checkVerdict("first execute (no fault)", expected, first);
        }
        release(failClosed);
        Reported again = execute(() -> seed(delta, healthy, failClosed)
                .authorizedBy(approve(seed(delta, healthy, failClosed).plan()))
                .execute());
        String afterAgain = seedRows(ref);
        String expectedAgain = after.startsWith(done) ? "NothingToDo" : expected;
        checkVerdict("re-run after release", expectedAgain, again);
        checkSeedOutcome("re-run after release", again, after, afterAgain, done);
        checkFailClosed("re-run after release", List.of(again), failClosed);
        release(failClosed);
        Reported third = execute(() -> seed(delta, healthy, failClosed)
                .authorizedBy(approve(seed(delta, healthy, failClosed).plan()))
                .execute());
        String expectedThird = again.compensated() ? "NothingToDo" : expectedAgain;
        checkVerdict("third run", expectedThird, third);
        if (!seedRows(ref).equals(afterAgain)) {
            violations.add("third run changed the seed rows: " + afterAgain + " -> " + seedRows(ref));
        }
        release(failClosed);
    }

    private SeedRollback seed(SeedDelta delta, PostgresTarget target, FailClosed failClosed) {
        SeedRollback rollback = SeedRollback.of(delta).runId(run).on(target).failClosed(failClosed);
        if (trial.pathB()) {
            rollback.pathBApprovedBy("RB-B-" + id);
        }
        return rollback;
    }

    private void checkSeedOutcome(String when, Reported reported, String before, String after, String done) {
        boolean isDone = after.startsWith(done);
        if (reported.compensated() && !isDone) {
            violations.add(when + ": reported compensated but the seed rows are " + after);
        }
        boolean unknown = reported.failure() instanceof OutcomeUnknownException;
        if (!reported.compensated() && !unknown && !before.equals(after)) {
            violations.add(
                    when + ": " + reported.describe() + " but the seed rows changed: " + before + " -> " + after);
        }
        if (!after.equals("absent") && !after.endsWith("(documents 1, versions 1)")) {
            violations.add(when + ": the seed rows are half-written: " + after);
        }
    }

    /** "absent", or the document's lifecycle and whether its version is there. */
    private String seedRows(String ref) {
        long documents = PlainJdbc.count(
                admin,
                "SELECT count(*) FROM cutter_governance.source_document_registry WHERE source_document_ref = ?",
                ref);
        long versions = PlainJdbc.count(
                admin,
                "SELECT count(*) FROM cutter_governance.source_document_version_registry WHERE source_document_ref = ?",
                ref);
        if (documents == 0 && versions == 0) {
            return "absent";
        }
        String lifecycle = PlainJdbc.text(
                admin,
                "SELECT lifecycle FROM cutter_governance.source_document_registry WHERE source_document_ref = ?",
                ref);
        return lifecycle + " (documents " + documents + ", versions " + versions + ")";
    }
}
