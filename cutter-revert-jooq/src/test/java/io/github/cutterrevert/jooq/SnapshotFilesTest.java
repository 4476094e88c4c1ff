package io.github.cutterrevert.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.Snapshot;
import io.github.cutterrevert.Snapshot.TableCount;
import io.github.cutterrevert.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFilesTest {
    @TempDir
    Path root;

    private static Snapshot snapshot(String runId, String kind) {
        return new Snapshot(
                RunId.of(runId),
                kind,
                Instant.parse("2026-05-21T10:15:30.123456Z"),
                "query_pg",
                Map.of(
                        "public.information_unit", new TableCount.Counted(158),
                        "cutter_governance.review_decision", new TableCount.Unreadable("42501")),
                Map.of("trg_iu_enacted_immut", "O", "trg_uv_enacted_immut", "D"),
                Map.of("fn_iu_create", true, "fn_iu_enact", false));
    }

    @Test
    void writesOnceAndReadsBackEqual() throws Exception {
        SnapshotFiles files = SnapshotFiles.in(root);
        Snapshot pre = snapshot("run-1", "pre");

        Path written = files.write(pre);

        assertThat(written).isEqualTo(root.resolve("run-1").resolve("pre.json"));
        assertThat(files.read(RunId.of("run-1"), "pre")).isEqualTo(pre);
        String json = Files.readString(written);
        assertThat(json)
                .contains("\"format\" : \"cutter-revert-snapshot/1\"")
                .contains("\"taken_at\" : \"2026-05-21T10:15:30.123456Z\"")
                .contains("\"unreadable\" : \"42501\"");
        assertThatThrownBy(() -> files.write(snapshot("run-1", "pre")))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.path()).isEqualTo(written))
                .hasMessageContaining("write-once");
        assertThat(Files.readString(written)).isEqualTo(json);
    }

    @Test
    void directoryNamesAreSafeForAnyPrintableRunId() {
        assertThat(RunId.of("run-1_a.b").directoryName()).isEqualTo("run-1_a.b");
        assertThat(RunId.of("../etc/passwd").directoryName()).isEqualTo("%2E.%2Fetc%2Fpasswd");
        assertThat(RunId.of("..").directoryName()).isEqualTo("%2E.");
        assertThat(RunId.of("a b:c\\d*\"ü").directoryName()).isEqualTo("a%20b%3Ac%5Cd%2A%22%C3%BC");
        String longName = RunId.of("ü".repeat(200)).directoryName();
        assertThat(longName).hasSizeLessThanOrEqualTo(120).contains("~").doesNotContain("/");
        assertThat(longName).isNotEqualTo(RunId.of("ü".repeat(199) + "x").directoryName());
        assertThat(longName.substring(0, longName.indexOf('~'))).matches("(%[0-9A-F]{2})+");
    }

    @Test
    void runIdsThatLookLikePathsStayInsideTheRoot() {
        SnapshotFiles files = SnapshotFiles.in(root);
        Path written = files.write(snapshot("../../escape", "post"));
        assertThat(written.normalize().startsWith(root)).isTrue();
        assertThat(files.read(RunId.of("../../escape"), "post").kind()).isEqualTo("post");
    }

    @Test
    void readRefusesMissingEmptyForeignAndMismatchedFiles() throws Exception {
        SnapshotFiles files = SnapshotFiles.in(root);
        assertThatThrownBy(() -> files.read(RunId.of("run-2"), "pre"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("does not exist");

        Files.createDirectories(root.resolve("run-2"));
        Files.writeString(root.resolve("run-2").resolve("pre.json"), "");
        assertThatThrownBy(() -> files.read(RunId.of("run-2"), "pre"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("empty");

        Files.writeString(root.resolve("run-2").resolve("post.json"), "{\"format\": \"other/9\"}");
        assertThatThrownBy(() -> files.read(RunId.of("run-2"), "post"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("expected format cutter-revert-snapshot/1");

        files.write(snapshot("run-3", "pre"));
        Files.move(root.resolve("run-3"), root.resolve("run-4"));
        assertThatThrownBy(() -> files.read(RunId.of("run-4"), "pre"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("holds the pre snapshot of run run-3");
    }

    @Test
    void onlyPreAndPostAreKinds() {
        assertThatThrownBy(() -> SnapshotFiles.in(root).path(RunId.of("run-1"), "mid"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("kind"));
    }
}
