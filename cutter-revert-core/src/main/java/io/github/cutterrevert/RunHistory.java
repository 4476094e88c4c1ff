package io.github.cutterrevert;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of every phase of one run, as the orchestrator reports it.
 *
 * <p>Missing phases are {@link PhaseOutcome#NOT_STARTED}. Whether the history is consistent (the
 * committed phases form a prefix, at most one phase rolled back, nothing after it started) is
 * checked when a plan is made, not here, so that any report can be represented and refused with a
 * reason.
 *
 * @param outcomes the outcome per phase
 */
public record RunHistory(Map<Phase, PhaseOutcome> outcomes) {

    /** Copies the map and fills missing phases with {@code NOT_STARTED}. */
    public RunHistory {
        if (outcomes == null) {
            throw new InvalidInputException("outcomes", "a map of phase outcomes", null);
        }
        EnumMap<Phase, PhaseOutcome> copy = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            PhaseOutcome outcome = outcomes.get(phase);
            copy.put(phase, outcome == null ? PhaseOutcome.NOT_STARTED : outcome);
        }
        outcomes = Map.copyOf(copy);
    }

    /**
     * The usual report: every phase before {@code phase} committed, {@code phase} rolled back, the
     * rest never started.
     *
     * @param phase the phase that failed
     * @return the history
     */
    public static RunHistory failedAt(Phase phase) {
        if (phase == null) {
            throw new InvalidInputException("phase", "one of " + java.util.Arrays.toString(Phase.values()), null);
        }
        EnumMap<Phase, PhaseOutcome> map = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            int order = Integer.compare(p.ordinal(), phase.ordinal());
            map.put(
                    p,
                    order < 0
                            ? PhaseOutcome.COMMITTED
                            : order == 0 ? PhaseOutcome.ROLLED_BACK : PhaseOutcome.NOT_STARTED);
        }
        return new RunHistory(map);
    }

    /**
     * A run whose every phase committed.
     *
     * @return the history
     */
    public static RunHistory succeeded() {
        EnumMap<Phase, PhaseOutcome> map = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            map.put(p, PhaseOutcome.COMMITTED);
        }
        return new RunHistory(map);
    }

    /**
     * The outcome of one phase.
     *
     * @param phase the phase
     * @return its outcome
     */
    public PhaseOutcome outcome(Phase phase) {
        return outcomes.get(phase);
    }

    /**
     * Returns a copy with one phase's outcome replaced.
     *
     * @param phase the phase
     * @param outcome its new outcome
     * @return the new history
     */
    public RunHistory withOutcome(Phase phase, PhaseOutcome outcome) {
        EnumMap<Phase, PhaseOutcome> map = new EnumMap<>(outcomes);
        map.put(phase, outcome);
        return new RunHistory(map);
    }

    /**
     * The first phase that rolled back.
     *
     * @return the failed phase, empty when none rolled back
     */
    public Optional<Phase> failedPhase() {
        for (Phase p : Phase.values()) {
            if (outcomes.get(p) == PhaseOutcome.ROLLED_BACK) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
