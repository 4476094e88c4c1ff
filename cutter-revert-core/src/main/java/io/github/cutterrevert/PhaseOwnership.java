package io.github.cutterrevert;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which phase of a cut writes each governance ledger table: the orchestrator's side of the
 * contract. The planner uses it to tell whether the evidence agrees with the reported history: a
 * table written by a phase that did not commit must hold no row of the change set.
 *
 * <p>{@link #defaults()} is the reading of seed 000 the reference schema follows: {@code
 * cut_change_set} and {@code cut_change_set_affected_row} in {@code cut_leg_a} (through {@code
 * fn_iu_create}), {@code manifest_envelope} and {@code dot_pair_signature} in {@code
 * leg_b_record}, {@code verify_result} in {@code write_verify}. A ledger table with no entry (by
 * default {@code review_decision}, which reviewers and compensation B append to) is not evidence of
 * any phase.
 *
 * <pre>{@code
 * PhaseOwnership ownership = PhaseOwnership.defaults()
 *     .withWriter(LogicalTable.MANIFEST_ENVELOPE, Phase.CUT_LEG_A);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param writers ledger table to the phase that writes its rows of a change set
 */
public record PhaseOwnership(Map<LogicalTable, Phase> writers) {

    /**
     * Checks that only ledger tables are owned, by a phase that writes to the database, and that
     * the change set and its affected rows belong to {@code cut_leg_a}: the units of a change set
     * are found through its affected rows, which {@code fn_iu_create} writes.
     */
    public PhaseOwnership {
        EnumMap<LogicalTable, Phase> copy = new EnumMap<>(LogicalTable.class);
        Checks.entries("writers", writers).forEach((table, phase) -> {
            if (!table.ledger()) {
                throw new InvalidInputException("writers." + table.name(), "a ledger table", table.name());
            }
            if (phase == Phase.PRE_WRITE_BACKUP) {
                throw new InvalidInputException(
                        "writers." + table.name(),
                        "a phase that writes to the database (pre_write_backup writes nothing)",
                        phase.runbookName());
            }
            copy.put(table, phase);
        });
        for (LogicalTable table : EnumSet.of(LogicalTable.CUT_CHANGE_SET, LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW)) {
            Phase phase = copy.get(table);
            if (phase != Phase.CUT_LEG_A) {
                throw new InvalidInputException(
                        "writers." + table.name(),
                        "cut_leg_a (the change set's units are found through its affected rows)",
                        phase == null ? null : phase.runbookName());
            }
        }
        writers = Collections.unmodifiableMap(copy);
    }

    /**
     * The reference reading of seed 000 (see the type's description).
     *
     * @return the default ownership
     */
    public static PhaseOwnership defaults() {
        return new PhaseOwnership(Map.of(
                LogicalTable.CUT_CHANGE_SET, Phase.CUT_LEG_A,
                LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, Phase.CUT_LEG_A,
                LogicalTable.MANIFEST_ENVELOPE, Phase.LEG_B_RECORD,
                LogicalTable.DOT_PAIR_SIGNATURE, Phase.LEG_B_RECORD,
                LogicalTable.VERIFY_RESULT, Phase.WRITE_VERIFY));
    }

    /**
     * Returns a copy in which {@code phase} writes {@code table}.
     *
     * @param table a ledger table
     * @param phase the phase writing its rows
     * @return the new ownership
     * @throws InvalidInputException if the table is not a ledger table, the phase is {@code
     *     pre_write_backup}, or the change set or its affected rows would leave {@code cut_leg_a}
     */
    public PhaseOwnership withWriter(LogicalTable table, Phase phase) {
        EnumMap<LogicalTable, Phase> copy = new EnumMap<>(writers);
        copy.put(Checks.nonNull("table", table), Checks.nonNull("phase", phase));
        return new PhaseOwnership(copy);
    }

    /**
     * Returns a copy in which no phase writes {@code table}: its rows are evidence of no phase.
     *
     * @param table a ledger table
     * @return the new ownership
     * @throws InvalidInputException if the table is the change set or its affected rows
     */
    public PhaseOwnership withoutWriter(LogicalTable table) {
        EnumMap<LogicalTable, Phase> copy = new EnumMap<>(writers);
        copy.remove(Checks.nonNull("table", table));
        return new PhaseOwnership(copy);
    }

    /**
     * The phase that writes a table.
     *
     * @param table a table
     * @return the phase, empty when no phase of a cut writes it
     */
    public Optional<Phase> writer(LogicalTable table) {
        return Optional.ofNullable(writers.get(table));
    }

    /**
     * The tables written by {@code phase} or by any phase after it: the tables that must hold no
     * row of the change set when {@code phase} did not commit.
     *
     * @param phase the first phase that did not commit
     * @return the tables, in declaration order
     */
    public Set<LogicalTable> writtenFrom(Phase phase) {
        EnumSet<LogicalTable> tables = EnumSet.noneOf(LogicalTable.class);
        writers.forEach((table, writer) -> {
            if (writer.compareTo(phase) >= 0) {
                tables.add(table);
            }
        });
        return Collections.unmodifiableSet(tables);
    }
}
