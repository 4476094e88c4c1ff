package io.github.cutterrevert.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlTest {

    @Test
    void splitsHostsDatabaseAndParameters() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://a:5432,b:5433/postgres?sslmode=require&user=x");

        assertThat(url.hosts()).isEqualTo("a:5432,b:5433");
        assertThat(url.database()).isEqualTo("postgres");
        assertThat(url.parameters()).containsExactly("sslmode=require", "user=x");
    }

    @Test
    void swapsTheDatabaseKeepingParameters() {
        assertThat(JdbcUrl.parse("jdbc:postgresql://h:5432/postgres?sslmode=require")
                        .withDatabase("cutter_x")
                        .toString())
                .isEqualTo("jdbc:postgresql://h:5432/cutter_x?sslmode=require");
    }

    @Test
    void addsADatabaseToAUrlWithoutOne() {
        assertThat(JdbcUrl.parse("jdbc:postgresql://h:5432?ssl=true")
                        .withDatabase("d")
                        .toString())
                .isEqualTo("jdbc:postgresql://h:5432/d?ssl=true");
    }

    @Test
    void dropsCredentialsOnly() {
        assertThat(JdbcUrl.parse("jdbc:postgresql://h/db?User=u&ssl=true&password=p")
                        .withoutCredentials()
                        .toString())
                .isEqualTo("jdbc:postgresql://h/db?ssl=true");
    }

    @Test
    void redactsCredentialValues() {
        assertThat(JdbcUrl.redact("jdbc:postgresql://h/db?user=u&password=p"))
                .isEqualTo("jdbc:postgresql://h/db?user=***&password=***");
        assertThat(JdbcUrl.redact("jdbc:mysql://h/db?password=p")).isEqualTo("<not a PostgreSQL JDBC URL>");
    }

    @Test
    void refusesOtherDrivers() {
        assertThatThrownBy(() -> JdbcUrl.parse("jdbc:h2:mem:x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with jdbc:postgresql:");
    }
}
