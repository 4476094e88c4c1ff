package io.github.cutterrevert.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.exception.DataAccessException;

/**
 * Builds the seed's baseline world (seed 000, section 2): exactly {@value #UNITS} information
 * units, {@value #VERSIONS} unit versions and {@value #LIFECYCLE_LOG_ROWS} lifecycle log rows,
 * with both immutability triggers enabled and both orchestrator functions present.
 *
 * <p>The baseline is one committed cut, {@value #CHANGE_SET_ID} of run {@value #RUN_ID}: units
 * {@code baseline/iu-001} to {@code baseline/iu-158} made through {@code fn_iu_create}, the first
 * {@value #UNITS_WITH_TWO_VERSIONS} with two versions, the first {@value #ENACTED_UNITS} enacted
 * through {@code fn_iu_enact} (which writes the log rows). No other governance rows are written.
 *
 * <pre>{@code
 * ReferenceWorld.Baseline baseline = ReferenceWorld.seedBaseline(db.dataSource());
 * }</pre>
 *
 * Stateless and thread-safe.
 */
public final class ReferenceWorld {

    /** {@code public.information_unit} rows at the baseline. */
    public static final long UNITS = 158;
    /** {@code public.unit_version} rows at the baseline. */
    public static final long VERSIONS = 165;
    /** {@code public.iu_lifecycle_log} rows at the baseline. */
    public static final long LIFECYCLE_LOG_ROWS = 60;
    /** Units enacted at the baseline, one lifecycle log row each. */
    public static final int ENACTED_UNITS = 60;
    /** Units having two versions rather than one. */
    public static final int UNITS_WITH_TWO_VERSIONS = 7;
    /** The run id of the baseline cut. */
    public static final String RUN_ID = "run-baseline";
    /** The change set id of the baseline cut. */
    public static final String CHANGE_SET_ID = "cs-baseline";

    private ReferenceWorld() {}

    /**
     * What {@link #seedBaseline(DataSource)} created.
     *
     * @param runId the baseline run id, {@value ReferenceWorld#RUN_ID}
     * @param changeSetId the baseline change set id, {@value ReferenceWorld#CHANGE_SET_ID}
     * @param units information units created
     * @param versions unit versions created
     * @param lifecycleLogRows lifecycle log rows written
     * @param enactedUnits units enacted
     */
    public record Baseline(
            String runId, String changeSetId, long units, long versions, long lifecycleLogRows, long enactedUnits) {
        /** Rejects null ids. */
        public Baseline {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(changeSetId, "changeSetId");
        }
    }

    /**
     * Seeds the baseline into a database holding the reference schema and no units, in one
     * transaction.
     *
     * @param dataSource a data source whose user may run {@code fn_iu_create}/{@code fn_iu_enact}
     *     and insert into {@code cut_change_set} (the superuser or {@code cutter_exec})
     * @return what was created: {@code 158 / 165 / 60}
     * @throws IllegalStateException if the database already holds information units, or the counts
     *     came out wrong (nothing is committed then)
     * @throws DataAccessException if the database refuses
     */
    public static Baseline seedBaseline(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long existing = Jdbc.count(connection, "SELECT count(*) FROM public.information_unit");
                if (existing != 0) {
                    throw new IllegalStateException(
                            "seedBaseline needs a database without information units but found " + existing);
                }
                Jdbc.update(
                        connection,
                        "INSERT INTO cutter_governance.cut_change_set (change_set_id, run_id) VALUES (?, ?)",
                        CHANGE_SET_ID,
                        RUN_ID);
                Jdbc.count(
                        connection,
                        "SELECT count(public.fn_iu_create(?, 'baseline/iu-' || lpad(g::text, 3, '0'),"
                                + " CASE WHEN g <= ? THEN 2 ELSE 1 END)) FROM generate_series(1, ?) AS g",
                        CHANGE_SET_ID,
                        UNITS_WITH_TWO_VERSIONS,
                        UNITS);
                Jdbc.count(
                        connection,
                        "SELECT count(public.fn_iu_enact(id)) FROM (SELECT iu.id FROM public.information_unit iu"
                                + " ORDER BY iu.id LIMIT ?) AS first_units",
                        ENACTED_UNITS);
                Baseline baseline = new Baseline(
                        RUN_ID,
                        CHANGE_SET_ID,
                        Jdbc.count(connection, "SELECT count(*) FROM public.information_unit"),
                        Jdbc.count(connection, "SELECT count(*) FROM public.unit_version"),
                        Jdbc.count(connection, "SELECT count(*) FROM public.iu_lifecycle_log"),
                        Jdbc.count(
                                connection,
                                "SELECT count(*) FROM public.information_unit WHERE lifecycle_status = 'enacted'"));
                if (baseline.units() != UNITS
                        || baseline.versions() != VERSIONS
                        || baseline.lifecycleLogRows() != LIFECYCLE_LOG_ROWS
                        || baseline.enactedUnits() != ENACTED_UNITS) {
                    throw new IllegalStateException("baseline must be " + UNITS + " / " + VERSIONS + " / "
                            + LIFECYCLE_LOG_ROWS + " with " + ENACTED_UNITS + " enacted but was " + baseline.units()
                            + " / " + baseline.versions() + " / " + baseline.lifecycleLogRows() + " with "
                            + baseline.enactedUnits() + " enacted");
                }
                connection.commit();
                return baseline;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("could not seed the baseline world", e);
        }
    }
}
