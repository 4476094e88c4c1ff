package io.github.cutterrevert.testkit;

import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Phase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one orchestrated cut against a database, phase by phase, optionally failing at a phase,
 * to leave exactly the state a half-failed run leaves (seed 000, section 3).
 *
 * <p>Each phase runs in its own transaction, in {@link Phase} order. Every phase before the
 * failing one commits; the failing one does its writes and then rolls back, as the adapter does;
 * later phases do not run. What the phases write:
 *
 * <ul>
 *   <li>{@code pre_write_backup}: nothing in the database;
 *   <li>{@code cut_leg_a}: one {@code cut_change_set} row and, set-based, {@code fn_iu_create} for
 *       every unit (draft units, their versions, their affected rows);
 *   <li>{@code leg_b_record}: one {@code manifest_envelope} and one {@code dot_pair_signature} row;
 *   <li>{@code write_verify}: one {@code verify_result} row;
 *   <li>(each of these three ledger rows in the phase the {@linkplain #schema(SchemaVariant)
 *       schema}'s binding says writes it: {@link SchemaVariant#RENAMED} writes the envelope in
 *       {@code cut_leg_a});
 *   <li>{@code lifecycle_enact}: {@code fn_iu_enact} for the change set's units (all, or the
 *       first {@link #enactedUnits(int)} by id).
 * </ul>
 *
 * <pre>{@code
 * CutScenarioResult cut = CutScenario.forRun("run-1")
 *     .changeSet("cs-1")
 *     .units(300)
 *     .versionsPerUnit(2)
 *     .failingAt(Phase.WRITE_VERIFY)
 *     .apply(db.dataSource());
 * }</pre>
 *
 * <p>Mutable and not thread-safe; {@link #apply(DataSource)} may be called again after changing
 * the ids (ids and addresses must be unique in the database).
 */
public final class CutScenario {

    private static final Logger LOG = LoggerFactory.getLogger(CutScenario.class);

    private final String runId;
    private String changeSetId;
    private int units = 3;
    private int versionsPerUnit = 1;
    private Phase failingAt;
    private Integer enactedUnits;
    private String addressPrefix;
    private SchemaVariant schema = SchemaVariant.REFERENCE;

    private CutScenario(String runId) {
        this.runId = runId;
    }

    /**
     * Starts a scenario for a run.
     *
     * @param runId the orchestrator run id, e.g. {@code run-1}
     * @return a new builder
     * @throws IllegalArgumentException if {@code runId} is blank
     */
    public static CutScenario forRun(String runId) {
        return new CutScenario(requireText(runId, "runId"));
    }

    /**
     * Names the change set (default: {@code cs-} followed by the run id).
     *
     * @param id the change set id
     * @return this builder
     * @throws IllegalArgumentException if {@code id} is blank
     */
    public CutScenario changeSet(String id) {
        this.changeSetId = requireText(id, "changeSet");
        return this;
    }

    /**
     * Sets how many units {@code cut_leg_a} creates (default: 3).
     *
     * @param count at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public CutScenario units(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("units must be > 0 but was " + count);
        }
        this.units = count;
        return this;
    }

    /**
     * Sets how many versions each unit gets (default: 1).
     *
     * @param count at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public CutScenario versionsPerUnit(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("versionsPerUnit must be > 0 but was " + count);
        }
        this.versionsPerUnit = count;
        return this;
    }

    /**
     * Makes the run fail at a phase (default: no failure, every phase commits).
     *
     * @param phase the phase that rolls back; the ones before it commit, the ones after do not run
     * @return this builder
     */
    public CutScenario failingAt(Phase phase) {
        this.failingAt = Objects.requireNonNull(phase, "phase");
        return this;
    }

    /**
     * Makes {@code lifecycle_enact} enact only the first {@code count} units by id (default: all),
     * e.g. to build a change set the enacted-unit guard must refuse to revert. Needs {@code
     * lifecycle_enact} to commit, so it cannot be combined with {@link #failingAt(Phase)}.
     *
     * @param count between 0 and the number of units
     * @return this builder
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public CutScenario enactedUnits(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("enactedUnits must be >= 0 but was " + count);
        }
        this.enactedUnits = count;
        return this;
    }

    /**
     * Sets the prefix of unit addresses; unit {@code n} (from 1) gets the address prefix + {@code n}
     * (default: the change set id followed by {@code /iu-}).
     *
     * @param prefix the prefix
     * @return this builder
     * @throws IllegalArgumentException if {@code prefix} is blank
     */
    public CutScenario addressPrefix(String prefix) {
        this.addressPrefix = requireText(prefix, "addressPrefix");
        return this;
    }

    /**
     * Writes into one of the testkit's schemas (default: {@link SchemaVariant#REFERENCE}), with its
     * names and its phase ownership.
     *
     * @param variant the schema the database holds
     * @return this builder
     */
    public CutScenario schema(SchemaVariant variant) {
        this.schema = Objects.requireNonNull(variant, "variant");
        return this;
    }

    /**
     * Runs the phases against a database holding the {@linkplain #schema(SchemaVariant) schema}.
     *
     * @param dataSource a data source whose user may run the orchestrator functions and insert into
     *     the ledger (the superuser or {@code cutter_exec})
     * @return what committed
     * @throws IllegalStateException if {@link #enactedUnits(int)} exceeds {@link #units(int)} or is
     *     combined with {@link #failingAt(Phase)}
     * @throws DataAccessException if the database refuses a phase's writes (e.g. a change set id or
     *     an address already used); the phases before it stay committed
     */
    public CutScenarioResult apply(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        String changeSet = changeSetId != null ? changeSetId : "cs-" + runId;
        String prefix = addressPrefix != null ? addressPrefix : changeSet + "/iu-";
        if (enactedUnits != null && enactedUnits > units) {
            throw new IllegalStateException("enactedUnits must be <= units (" + units + ") but was " + enactedUnits);
        }
        if (enactedUnits != null && failingAt != null) {
            throw new IllegalStateException("enactedUnits needs lifecycle_enact to commit, but the scenario fails at "
                    + failingAt.runbookName());
        }
        int toEnact = enactedUnits != null ? enactedUnits : units;

        List<Phase> committed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (Phase phase : Phase.values()) {
                try {
                    long started = System.nanoTime();
                    run(phase, connection, changeSet, prefix, toEnact);
                    LOG.debug(
                            "cut scenario {}: {} ran in {} ms",
                            runId,
                            phase.runbookName(),
                            (System.nanoTime() - started) / 1_000_000);
                    if (phase == failingAt) {
                        connection.rollback();
                        break;
                    }
                    connection.commit();
                    committed.add(phase);
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw new DataAccessException(
                            "cut scenario " + runId + " failed unexpectedly in " + phase.runbookName()
                                    + " after committing " + committed,
                            e);
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("cut scenario " + runId + " could not use its connection", e);
        }

        boolean cut = committed.contains(Phase.CUT_LEG_A);
        boolean enacted = committed.contains(Phase.LIFECYCLE_ENACT);
        return new CutScenarioResult(
                runId,
                changeSet,
                Optional.ofNullable(failingAt),
                committed,
                cut ? units : 0,
                cut ? (long) units * versionsPerUnit : 0,
                enacted ? toEnact : 0,
                written(LogicalTable.MANIFEST_ENVELOPE, committed),
                written(LogicalTable.DOT_PAIR_SIGNATURE, committed),
                written(LogicalTable.VERIFY_RESULT, committed));
    }

    /** One row of a ledger table when the phase that writes it committed. */
    private long written(LogicalTable table, List<Phase> committed) {
        return schema.binding().writtenIn(table).filter(committed::contains).isPresent() ? 1 : 0;
    }

    private void run(Phase phase, Connection connection, String changeSet, String prefix, int toEnact)
            throws SQLException {
        SchemaVariant.ScenarioSql sql = schema.scenarioSql();
        switch (phase) {
            case PRE_WRITE_BACKUP -> {
                // The backup artifact lives outside the database.
            }
            case CUT_LEG_A -> {
                Jdbc.update(connection, sql.changeSet(), changeSet, runId);
                long created = Jdbc.count(connection, sql.createUnits(), changeSet, prefix, versionsPerUnit, units);
                requireCount("fn_iu_create", units, created);
            }
            case LEG_B_RECORD, WRITE_VERIFY -> {
                // Written below, by ownership.
            }
            case LIFECYCLE_ENACT -> {
                long enacted = Jdbc.count(connection, sql.enact(), changeSet, toEnact);
                requireCount("fn_iu_enact", toEnact, enacted);
            }
        }
        for (LogicalTable table :
                List.of(LogicalTable.MANIFEST_ENVELOPE, LogicalTable.DOT_PAIR_SIGNATURE, LogicalTable.VERIFY_RESULT)) {
            if (schema.binding().writtenIn(table).filter(phase::equals).isPresent()) {
                Jdbc.update(connection, sql.ledger().get(table), changeSet);
            }
        }
    }

    private static void requireCount(String function, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException(function + " must have run " + expected + " times but ran " + actual);
        }
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
