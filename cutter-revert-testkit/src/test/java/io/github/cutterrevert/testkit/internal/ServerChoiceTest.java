package io.github.cutterrevert.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerChoiceTest {

    private static final Map<String, String> NONE = Map.of();

    private static ServerChoice select(Map<String, String> properties, Map<String, String> environment) {
        return ServerChoice.select(properties::get, environment::get);
    }

    @Test
    void embeddedIsTheDefault() {
        assertThat(select(NONE, NONE)).isEqualTo(new ServerChoice.Embedded());
    }

    @Test
    void embeddedCanBeAskedForExplicitly() {
        assertThat(select(Map.of("cutter.test.database", "embedded"), NONE)).isEqualTo(new ServerChoice.Embedded());
    }

    @Test
    void aRequestedMajorChoosesThatMajorsEmbeddedBinariesOrImage() {
        assertThat(select(Map.of("cutter.test.postgres", "14"), NONE)).isEqualTo(new ServerChoice.Embedded(14));
        assertThat(select(NONE, Map.of("CUTTER_TEST_POSTGRES", "16"))).isEqualTo(new ServerChoice.Embedded(16));
        assertThat(select(Map.of("cutter.test.postgres", "15"), Map.of("CUTTER_TEST_POSTGRES", "16")))
                .isEqualTo(new ServerChoice.Embedded(15));
        assertThat(select(Map.of("cutter.test.postgres", "17", "cutter.test.database", "testcontainers"), NONE))
                .isEqualTo(new ServerChoice.Containerized("postgres:17"));
    }

    @Test
    void aMajorThatIsNoNumberIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> select(Map.of("cutter.test.postgres", "latest"), NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cutter.test.postgres must be a PostgreSQL major such as 14 or 18 but was latest");
        assertThatThrownBy(() -> select(Map.of("cutter.test.postgres", "3"), NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was 3");
    }

    @Test
    void testcontainersFlagChoosesAPostgres18Container() {
        assertThat(select(Map.of("cutter.test.database", "testcontainers"), NONE))
                .isEqualTo(new ServerChoice.Containerized("postgres:18"));
        assertThat(select(NONE, Map.of("CUTTER_TEST_DATABASE", "Testcontainers")))
                .isEqualTo(new ServerChoice.Containerized("postgres:18"));
    }

    @Test
    void urlWinsOverTheTestcontainersFlag() {
        ServerChoice choice = select(
                Map.of("cutter.test.database", "testcontainers"),
                Map.of(
                        "CUTTER_TEST_JDBC_URL", "jdbc:postgresql://db.example:5433/postgres",
                        "CUTTER_TEST_USER", "admin",
                        "CUTTER_TEST_PASSWORD", "s3cret"));

        assertThat(choice)
                .isEqualTo(new ServerChoice.External("jdbc:postgresql://db.example:5433/postgres", "admin", "s3cret"));
    }

    @Test
    void urlPropertyWinsOverEnvironmentAndFlagInTheEnvironment() {
        ServerChoice choice = select(
                Map.of("cutter.test.jdbc-url", "jdbc:postgresql://from-property/postgres", "cutter.test.user", "p"),
                Map.of(
                        "CUTTER_TEST_JDBC_URL", "jdbc:postgresql://from-env/postgres",
                        "CUTTER_TEST_USER", "e",
                        "CUTTER_TEST_DATABASE", "testcontainers"));

        assertThat(choice).isEqualTo(new ServerChoice.External("jdbc:postgresql://from-property/postgres", "p", ""));
    }

    @Test
    void blankUrlIsIgnored() {
        assertThat(select(Map.of("cutter.test.jdbc-url", "  "), NONE)).isEqualTo(new ServerChoice.Embedded());
    }

    @Test
    void userDefaultsToPostgresUnlessTheUrlNamesOne() {
        assertThat(select(Map.of("cutter.test.jdbc-url", "jdbc:postgresql://h/db"), NONE))
                .isEqualTo(new ServerChoice.External("jdbc:postgresql://h/db", "postgres", ""));
        assertThat(select(Map.of("cutter.test.jdbc-url", "jdbc:postgresql://h/db?user=admin&password=x"), NONE))
                .isEqualTo(new ServerChoice.External("jdbc:postgresql://h/db?user=admin&password=x", "", ""));
    }

    @Test
    void unknownDatabaseKindIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> select(Map.of("cutter.test.database", "docker"), NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cutter.test.database must be one of embedded, testcontainers but was docker");
    }

    @Test
    void nonPostgresUrlIsRefusedWithoutEchoingCredentials() {
        assertThatThrownBy(() -> select(Map.of("cutter.test.jdbc-url", "jdbc:mysql://h/db?password=s3cret"), NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with jdbc:postgresql://")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void externalChoiceDoesNotShowThePassword() {
        ServerChoice choice = new ServerChoice.External("jdbc:postgresql://h/db?password=s3cret", "u", "s3cret");

        assertThat(choice.toString()).doesNotContain("s3cret").contains("jdbc:postgresql://h/db");
    }
}
