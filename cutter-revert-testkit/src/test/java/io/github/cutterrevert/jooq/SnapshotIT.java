package io.github.cutterrevert.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.RunId;
import io.github.cutterrevert.Snapshot;
import io.github.cutterrevert.Snapshot.TableCount;
import io.github.cutterrevert.StoreException;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Before-run and post-failure snapshots (seed 000, section 2), on the seed baseline. */
@CutterPostgres
class SnapshotIT {
    private static final RunId RUN = RunId.of("run/42 ü");

    @BeforeAll
    static void baseline(DataSource dataSource) {
        ReferenceWorld.seedBaseline(dataSource);
    }

    @Test
    void theOrchestratorsRoleCountsEveryTableAndSeesTriggersAndFunctions(TestDatabase db) {
        Snapshot pre =
                PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC)).snapshot(RUN, "pre");

        assertThat(pre.runId()).isEqualTo(RUN);
        assertThat(pre.kind()).isEqualTo("pre");
        assertThat(pre.role()).isEqualTo("cutter_exec");
        assertThat(pre.counts())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "public.information_unit", new TableCount.Counted(158),
                        "public.unit_version", new TableCount.Counted(165),
                        "public.iu_lifecycle_log", new TableCount.Counted(60),
                        "cutter_governance.cut_change_set", new TableCount.Counted(1),
                        "cutter_governance.cut_change_set_affected_row", new TableCount.Counted(158),
                        "cutter_governance.manifest_envelope", new TableCount.Counted(0),
                        "cutter_governance.review_decision", new TableCount.Counted(0),
                        "cutter_governance.verify_result", new TableCount.Counted(0),
                        "cutter_governance.dot_pair_signature", new TableCount.Counted(0)));
        assertThat(pre.triggers())
                .containsExactlyInAnyOrderEntriesOf(Map.of("trg_iu_enacted_immut", "O", "trg_uv_enacted_immut", "O"));
        assertThat(pre.functions())
                .containsExactlyInAnyOrderEntriesOf(Map.of("fn_iu_create", true, "fn_iu_enact", true));
    }

    @Test
    void theReadOnlyRoleRecordsTheLedgerAsUnreadableNeverAsZero(TestDatabase db) {
        Snapshot pre = PostgresTarget.of(db.dataSourceAs(TestDatabase.QUERY_PG)).snapshot(RUN, "pre");

        assertThat(pre.role()).isEqualTo("query_pg");
        assertThat(pre.count("public.information_unit")).contains(158L);
        assertThat(pre.count("public.unit_version")).contains(165L);
        assertThat(pre.count("public.iu_lifecycle_log")).contains(60L);
        for (String table : new String[] {
            "cut_change_set",
            "cut_change_set_affected_row",
            "manifest_envelope",
            "review_decision",
            "verify_result",
            "dot_pair_signature"
        }) {
            assertThat(pre.counts().get("cutter_governance." + table))
                    .as(table)
                    .isEqualTo(new TableCount.Unreadable("42501"));
        }
        assertThat(pre.triggers()).containsEntry("trg_iu_enacted_immut", "O");
        assertThat(pre.functions()).containsEntry("fn_iu_enact", true);
    }

    @Test
    void snapshotsAreWrittenOnceAndReadBack(TestDatabase db, @TempDir Path dir) throws Exception {
        PostgresTarget target = PostgresTarget.of(db.dataSourceAs(TestDatabase.QUERY_PG));
        SnapshotFiles files = SnapshotFiles.in(dir);
        Snapshot pre = target.snapshot(RUN, "pre");

        Path written = files.write(pre);

        assertThat(written).isEqualTo(dir.resolve("run%2F42%20%C3%BC").resolve("pre.json"));
        assertThat(Files.readString(written))
                .contains("\"cutter_governance.review_decision\" : {\n      \"unreadable\" : \"42501\"")
                .contains("\"public.information_unit\" : 158");
        assertThat(files.read(RUN, "pre")).isEqualTo(pre);
        byte[] first = Files.readAllBytes(written);
        assertThatThrownBy(() -> files.write(target.snapshot(RUN, "pre")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("expected no pre.json (snapshots are write-once) but it already exists");
        assertThat(Files.readAllBytes(written)).isEqualTo(first);

        Snapshot post = target.snapshot(RUN, "post");
        files.write(post);
        assertThat(files.read(RUN, "post")).isEqualTo(post);
        try (var entries = Files.list(written.getParent())) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("no temporary files are left behind")
                    .containsExactlyInAnyOrder("pre.json", "post.json");
        }
    }
}
