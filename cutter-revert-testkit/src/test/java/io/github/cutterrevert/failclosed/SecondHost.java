package io.github.cutterrevert.failclosed;

import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.OnHoldException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.jooq.DatabaseHold;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.TestGovernance;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh JVM of {@link SharedHoldIT}: another host with its own, empty fail-closed directory and
 * the same database. It executes a compensation of {@code <run>} and prints what happened: {@code
 * ON_HOLD <held run> <where>} or {@code EXECUTED <verdict>}.
 *
 * <p>Arguments: {@code <jdbc url> <home> <run>}; it logs in as {@code cutter_exec}.
 */
public final class SecondHost {
    private SecondHost() {}

    /**
     * Entry point.
     *
     * @param args the JDBC URL, the fail-closed home and the run
     */
    public static void main(String[] args) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(args[0]);
        dataSource.setUser("cutter_exec");
        dataSource.setPassword("cutter_exec");
        PostgresTarget target = PostgresTarget.of(dataSource);
        FailClosed failClosed = FailClosed.builder()
                .home(Path.of(args[1]))
                .sharedHold(DatabaseHold.of(target))
                .build();
        Compensator compensator = Compensator.forRun(args[2])
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer());
        try {
            compensator.authorizedBy(Approvals.approve(compensator.plan()));
            System.out.println("EXECUTED " + compensator.execute().verdict());
        } catch (OnHoldException e) {
            System.out.println(
                    "ON_HOLD " + e.heldRunId().value() + " " + e.hold().location());
        }
    }
}
