package io.github.cutterrevert.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.testkit.ReferenceWorld;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;

/** The Testcontainers path, where a Docker engine is reachable. */
@EnabledIf(
        value = "dockerAvailable",
        disabledReason = "the Testcontainers path needs a Docker engine and none is reachable from this JVM")
class TestcontainersServerIT {

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @Test
    void containerServesTheReferenceSchemaAndBaseline() throws SQLException {
        try (PostgresServer server =
                PostgresProvider.start(new ServerChoice.Containerized(ServerChoice.DEFAULT_IMAGE))) {
            String database = server.createDatabase("testcontainers");
            ReferenceWorld.seedBaseline(server.dataSource(database));

            try (Connection connection = server.dataSource(database).getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT current_setting('server_version_num')::int / 10000,"
                            + " (SELECT count(*) FROM public.information_unit)")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(18);
                assertThat(rows.getLong(2)).isEqualTo(ReferenceWorld.UNITS);
            }
            assertThat(server.toString()).contains("postgres:18");
        }
    }
}
