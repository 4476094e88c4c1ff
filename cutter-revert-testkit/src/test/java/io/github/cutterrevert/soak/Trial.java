package io.github.cutterrevert.soak;

import io.github.cutterrevert.Phase;
import java.util.SplittableRandom;

/**
 * One randomly drawn soak trial: a cut (or a seed delta), what happens around its compensation and
 * which fault is injected. A pure function of its seed, so a failing trial is reproduced exactly
 * by {@code -Dsoak.trial=<seed>}.
 *
 * @param seed the trial's own seed
 * @param kind a per-cut compensation or a seed-delta rollback
 * @param units units of the cut (1 to 4)
 * @param versionsPerUnit versions per unit (1 to 3)
 * @param shape how the orchestrator's run ended
 * @param phase the phase that failed (for {@link Shape#FAILED_AT}) or the last one that committed
 *     before the crash (for {@link Shape#CRASH_AFTER})
 * @param enactedBefore units enacted before the compensation (for {@link Shape#ENACTED})
 * @param hardDelete hard delete (with a decision) instead of the default soft revert
 * @param race what another session does while the compensation executes
 * @param raceDelayMillis how long after execute() starts the race begins
 * @param fault the injected fault
 * @param faultAt the statement the fault concerns (1-based; for the N-th statement faults)
 * @param downstream seed trials: downstream references to the seed's version
 * @param pathB seed trials: path B pre-approved
 */
record Trial(
        long seed,
        Kind kind,
        int units,
        int versionsPerUnit,
        Shape shape,
        Phase phase,
        int enactedBefore,
        boolean hardDelete,
        Race race,
        int raceDelayMillis,
        Fault fault,
        int faultAt,
        int downstream,
        boolean pathB) {

    /** What is compensated. */
    enum Kind {
        CUT,
        SEED
    }

    /** How the orchestrator's run ended. */
    enum Shape {
        /** The phase failed and rolled back; the ones before committed. */
        FAILED_AT,
        /** The orchestrator died after the phase committed; the next one never started. */
        CRASH_AFTER,
        /** The run enacted some (or all) units, and the orchestrator reports lifecycle_enact failed. */
        ENACTED
    }

    /** Another session during execute(). */
    enum Race {
        NONE,
        /** A unit of the change set is enacted through fn_iu_enact. */
        ENACT_DURING,
        /** An unrelated cut is written and enacted. */
        UNRELATED_WRITER,
        /** A second compensator executes the same approved plan. */
        SECOND_COMPENSATOR
    }

    /** The injected fault. */
    enum Fault {
        NONE,
        /** The N-th statement (or COMMIT) of the compensation fails with SQLSTATE XX000. */
        FAIL_NTH,
        /** The compensation's backend is terminated just before its N-th statement. */
        TERMINATE_AT_NTH,
        /** The backend is terminated just before COMMIT. */
        TERMINATE_BEFORE_COMMIT,
        /** COMMIT goes through, then the backend dies and the reply is lost. */
        COMMIT_REPLY_LOST,
        /** The network breaks before COMMIT leaves: the transaction stays open until the close. */
        COMMIT_LOST_OPEN,
        /** Another session holds a row lock on a unit past lock_timeout. */
        LOCK_TIMEOUT,
        /** Another session holds a row lock on a unit past statement_timeout. */
        STATEMENT_TIMEOUT
    }

    private static final Phase[] FAILING = {
        Phase.PRE_WRITE_BACKUP,
        Phase.CUT_LEG_A,
        Phase.LEG_B_RECORD,
        Phase.LEG_B_RECORD,
        Phase.WRITE_VERIFY,
        Phase.WRITE_VERIFY,
        Phase.WRITE_VERIFY,
        Phase.LIFECYCLE_ENACT,
        Phase.LIFECYCLE_ENACT
    };
    private static final Phase[] CRASHED_AFTER = {Phase.CUT_LEG_A, Phase.LEG_B_RECORD, Phase.WRITE_VERIFY};

    /**
     * Draws a trial.
     *
     * @param seed the trial's seed
     * @return the trial
     */
    static Trial draw(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Kind kind = random.nextInt(10) == 0 ? Kind.SEED : Kind.CUT;
        int units = 1 + random.nextInt(4);
        int versions = 1 + random.nextInt(3);
        int shapeDraw = random.nextInt(10);
        Shape shape = shapeDraw < 7 ? Shape.FAILED_AT : shapeDraw < 9 ? Shape.CRASH_AFTER : Shape.ENACTED;
        Phase phase =
                switch (shape) {
                    case FAILED_AT -> FAILING[random.nextInt(FAILING.length)];
                    case CRASH_AFTER -> CRASHED_AFTER[random.nextInt(CRASHED_AFTER.length)];
                    case ENACTED -> Phase.LIFECYCLE_ENACT;
                };
        int enacted = shape == Shape.ENACTED ? 1 + random.nextInt(units) : 0;
        boolean hard = random.nextInt(10) < 3;
        int raceDraw = random.nextInt(10);
        Race race = raceDraw < 6
                ? Race.NONE
                : raceDraw < 8 ? Race.ENACT_DURING : raceDraw < 9 ? Race.UNRELATED_WRITER : Race.SECOND_COMPENSATOR;
        int delay = random.nextInt(40);
        Fault fault = drawFault(random, kind);
        int faultAt = 1 + random.nextInt(36);
        int downstream = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0;
        boolean pathB = random.nextBoolean();
        if (kind == Kind.SEED) {
            return new Trial(
                    seed,
                    kind,
                    0,
                    0,
                    Shape.FAILED_AT,
                    Phase.WRITE_VERIFY,
                    0,
                    true,
                    Race.NONE,
                    0,
                    fault,
                    faultAt,
                    downstream,
                    pathB);
        }
        return new Trial(
                seed, kind, units, versions, shape, phase, enacted, hard, race, delay, fault, faultAt, 0, false);
    }

    private static Fault drawFault(SplittableRandom random, Kind kind) {
        if (random.nextInt(10) < 4) {
            return Fault.NONE;
        }
        Fault[] faults = kind == Kind.SEED
                ? new Fault[] {
                    Fault.FAIL_NTH, Fault.TERMINATE_AT_NTH, Fault.TERMINATE_BEFORE_COMMIT, Fault.COMMIT_REPLY_LOST
                }
                : new Fault[] {
                    Fault.FAIL_NTH,
                    Fault.FAIL_NTH,
                    Fault.FAIL_NTH,
                    Fault.TERMINATE_AT_NTH,
                    Fault.TERMINATE_AT_NTH,
                    Fault.TERMINATE_BEFORE_COMMIT,
                    Fault.COMMIT_REPLY_LOST,
                    Fault.COMMIT_REPLY_LOST,
                    Fault.COMMIT_LOST_OPEN,
                    Fault.LOCK_TIMEOUT,
                    Fault.STATEMENT_TIMEOUT
                };
        return faults[random.nextInt(faults.length)];
    }

    /** A one-line description a human can read and replay. */
    String describe() {
        if (kind == Kind.SEED) {
            return "seed delta rollback, downstream references " + downstream + ", path B "
                    + (pathB ? "approved" : "not approved") + ", fault " + fault
                    + (fault == Fault.FAIL_NTH || fault == Fault.TERMINATE_AT_NTH ? " at statement " + faultAt : "");
        }
        String how =
                switch (shape) {
                    case FAILED_AT -> "failed at " + phase.name().toLowerCase(java.util.Locale.ROOT);
                    case CRASH_AFTER ->
                        "orchestrator crashed after " + phase.name().toLowerCase(java.util.Locale.ROOT) + " committed";
                    case ENACTED ->
                        enactedBefore + " of " + units + " unit(s) enacted, lifecycle_enact reported failed";
                };
        return "cut of " + units + " unit(s) x " + versionsPerUnit + " version(s), " + how + ", "
                + (hardDelete ? "hard delete" : "soft revert") + ", race " + race
                + (race == Race.NONE ? "" : " after " + raceDelayMillis + " ms") + ", fault " + fault
                + (fault == Fault.FAIL_NTH || fault == Fault.TERMINATE_AT_NTH ? " at statement " + faultAt : "");
    }
}
