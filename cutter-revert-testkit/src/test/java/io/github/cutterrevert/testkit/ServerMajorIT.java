package io.github.cutterrevert.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.internal.PostgresProvider;
import io.github.cutterrevert.testkit.internal.ServerChoice;
import org.junit.jupiter.api.Test;

/**
 * The server the tests run on is the PostgreSQL major the run asked for ({@code
 * cutter.test.postgres}), read from the server itself, and one the library supports.
 */
class ServerMajorIT {

    @Test
    void theServerRunsTheRequestedSupportedMajor() {
        try (TestDatabase db = TestDatabase.create("server-major")) {
            long versionNum = PlainJdbc.count(db.dataSource(), "SELECT current_setting('server_version_num')::bigint");
            int major = (int) (versionNum / 10_000);
            String requested = System.getProperty(ServerChoice.MAJOR_PROPERTY);
            if (requested != null && !requested.isBlank()) {
                assertThat(major)
                        .as("server_version_num %d with %s=%s", versionNum, ServerChoice.MAJOR_PROPERTY, requested)
                        .isEqualTo(Integer.parseInt(requested.strip()));
            }
            assertThat(major)
                    .as("server_version_num %d", versionNum)
                    .isGreaterThanOrEqualTo(PostgresTarget.MINIMUM_POSTGRES_MAJOR);
            assertThat(PostgresProvider.shared().major()).isEqualTo(major);
            System.out.println("PostgreSQL under test: " + PlainJdbc.text(db.dataSource(), "SHOW server_version")
                    + " (server_version_num " + versionNum + ")");
        }
    }
}
