package io.github.cutterrevert.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.testkit.ReferenceWorld;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** An explicit JDBC URL points the testkit at a server it did not start. */
class ExternalServerIT {

    @Test
    void explicitUrlReachesAnAlreadyRunningServer() throws SQLException {
        PostgresServer running = PostgresProvider.shared();
        ServerChoice.External address = running.asExternal();
        System.setProperty(ServerChoice.JDBC_URL_PROPERTY, address.jdbcUrl());
        System.setProperty(ServerChoice.USER_PROPERTY, address.user());
        System.setProperty(ServerChoice.PASSWORD_PROPERTY, address.password());
        System.setProperty(ServerChoice.DATABASE_PROPERTY, "testcontainers");
        ServerChoice choice;
        try {
            choice = ServerChoice.fromEnvironment();
        } finally {
            System.clearProperty(ServerChoice.JDBC_URL_PROPERTY);
            System.clearProperty(ServerChoice.USER_PROPERTY);
            System.clearProperty(ServerChoice.PASSWORD_PROPERTY);
            System.clearProperty(ServerChoice.DATABASE_PROPERTY);
        }
        assertThat(choice).as("the URL wins over the testcontainers flag").isEqualTo(address);

        try (PostgresServer external = PostgresProvider.start(choice)) {
            String database = external.createDatabase("external");
            try {
                ReferenceWorld.seedBaseline(external.dataSource(database));

                assertThat(external.jdbcUrl(database)).isEqualTo(running.jdbcUrl(database));
                assertThat(databaseExists(running.dataSource(running.maintenanceDatabase()), database))
                        .as("the database was made on the running server")
                        .isTrue();
                try (Connection connection = external.dataSource(database).getConnection();
                        PreparedStatement query =
                                connection.prepareStatement("SELECT count(*) FROM public.information_unit");
                        ResultSet rows = query.executeQuery()) {
                    rows.next();
                    assertThat(rows.getLong(1)).isEqualTo(ReferenceWorld.UNITS);
                }
            } finally {
                external.dropDatabase(database);
            }
            assertThat(databaseExists(running.dataSource(running.maintenanceDatabase()), database))
                    .isFalse();
        }
        try (Connection connection =
                running.dataSource(running.maintenanceDatabase()).getConnection()) {
            assertThat(connection.isValid(5))
                    .as("closing an external server leaves it running")
                    .isTrue();
        }
    }

    private static boolean databaseExists(DataSource maintenance, String name) throws SQLException {
        try (Connection connection = maintenance.getConnection();
                PreparedStatement query =
                        connection.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1) == 1;
            }
        }
    }
}
