package io.github.cutterrevert.testkit.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresProviderTest {

    @Test
    void askingForTestcontainersWithoutItOnTheClasspathNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> PostgresProvider.requireOnClasspath("org.testcontainers.postgresql.NotThere"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cutter.test.database=testcontainers")
                .hasMessageContaining("org.testcontainers:testcontainers-postgresql")
                .hasMessageContaining("optional");
        assertThatCode(() -> PostgresProvider.requireOnClasspath(PostgresProvider.CONTAINER_CLASS))
                .as("present in this build")
                .doesNotThrowAnyException();
    }
}
