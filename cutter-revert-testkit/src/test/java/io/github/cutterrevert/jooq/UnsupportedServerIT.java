package io.github.cutterrevert.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.UnsupportedDatabaseException;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.TestGovernance;
import io.github.cutterrevert.testkit.internal.PostgresProvider;
import io.github.cutterrevert.testkit.internal.PostgresServer;
import io.github.cutterrevert.testkit.internal.ServerChoice;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL 13 (older than {@link PostgresTarget#MINIMUM_POSTGRES_MAJOR}) is refused with
 * a typed error naming the version, before any statement: nothing read, nothing written, no HOLD.
 */
class UnsupportedServerIT {
    private static PostgresServer postgres13;
    private static DataSource admin;

    @BeforeAll
    static void start() {
        postgres13 = PostgresProvider.start(new ServerChoice.Embedded(13));
        admin = postgres13.dataSource(postgres13.maintenanceDatabase());
        PlainJdbc.run(admin, "CREATE TABLE IF NOT EXISTS witness (n int)");
    }

    @AfterAll
    static void stop() {
        postgres13.close();
    }

    @Test
    void theServerIsReally13() {
        assertThat(postgres13.major()).isEqualTo(13);
    }

    @Test
    void planningOnPostgres13IsRefusedNamingTheVersionAndNothingIsWritten() throws Exception {
        var failClosed = TestGovernance.failClosed();
        Compensator compensator = Compensator.forRun("run-13")
                .on(PostgresTarget.of(admin))
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer());

        assertThatThrownBy(compensator::plan)
                .isInstanceOfSatisfying(UnsupportedDatabaseException.class, e -> {
                    assertThat(e.foundMajor()).isEqualTo(13);
                    assertThat(e.minimumMajor()).isEqualTo(14);
                    assertThat(e.foundVersion()).startsWith("\"13.");
                    assertThat(e.database()).isEqualTo("PostgreSQL");
                })
                .hasMessageContaining("expected PostgreSQL 14 or newer")
                .hasMessageContaining("PostgreSQL \"13.");
        assertThat(PlainJdbc.count(admin, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
                .as("tables in public: only the witness")
                .isEqualTo(1);
        assertThat(failClosed.hold()).as("HOLD").isEmpty();
        assertThat(Files.exists(failClosed.runDirectory(RunId.of("run-13")).resolve("post.json")))
                .isFalse();
    }

    @Test
    void executingOnPostgres13IsRefusedWithoutHoldingNorWriting() {
        var failClosed = TestGovernance.failClosed();
        Compensator compensator = Compensator.forRun("run-13-exec")
                .on(PostgresTarget.of(admin))
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer());

        assertThatThrownBy(compensator::execute).isInstanceOf(UnsupportedDatabaseException.class);
        assertThat(failClosed.hold())
                .as("HOLD: a refused server version is a configuration error")
                .isEmpty();
        assertThat(failClosed.killSwitch().executionEnabled()).isTrue();
        assertThat(PlainJdbc.count(admin, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
                .isEqualTo(1);
    }

    @Test
    void everyReadOfPostgresTargetIsRefusedOnPostgres13() {
        PostgresTarget target = PostgresTarget.of(admin);
        assertThatThrownBy(() -> target.snapshot(RunId.of("run-13"), "pre"))
                .isInstanceOf(UnsupportedDatabaseException.class);
        assertThatThrownBy(target::decisions).isInstanceOf(UnsupportedDatabaseException.class);
    }
}
