package io.github.cutterrevert.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    private final PostgresServer unreachable = new PostgresServer(
            "a server nobody starts", JdbcUrl.parse("jdbc:postgresql://localhost:1/postgres?user=u"), "", "", () -> {});

    @Test
    void databaseNamesAreSafeIdentifiersCarryingTheHint() {
        String name = PostgresServer.databaseName("Ledger-Append OnlyIT");

        assertThat(name).matches("cutter_ledger_append_onlyit_[0-9a-f]{8}");
    }

    @Test
    void databaseNamesStayWithinPostgresIdentifierLength() {
        assertThat(PostgresServer.databaseName("x".repeat(200))).hasSizeLessThanOrEqualTo(63);
        assertThat(PostgresServer.databaseName("---")).matches("cutter_[0-9a-f]{8}");
    }

    @Test
    void twoDatabasesWithTheSameHintGetDifferentNames() {
        assertThat(PostgresServer.databaseName("SameIT")).isNotEqualTo(PostgresServer.databaseName("SameIT"));
    }

    @Test
    void jdbcUrlNamesTheDatabaseWithoutCredentials() {
        assertThat(unreachable.jdbcUrl("cutter_x")).isEqualTo("jdbc:postgresql://localhost:1/cutter_x");
    }

    @Test
    void refusesToDropADatabaseItDidNotCreate() {
        assertThatThrownBy(() -> unreachable.dropDatabase("postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was postgres");
        assertThatThrownBy(() -> unreachable.dropDatabase(PostgresServer.TEMPLATE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
