package io.github.cutterrevert;

import static io.github.cutterrevert.Fixtures.afterLegB;
import static io.github.cutterrevert.Fixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.internal.PlanText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The plan fingerprint: what a reviewer approves, so it must be stable and complete. */
class FingerprintTest {

    private static CompensationPlan writeVerifyPlan() {
        return Fixtures.writeVerifyPlan();
    }

    /**
     * The fingerprint of {@link #writeVerifyPlan()}, computed once and written here.
     *
     * <p>If this test fails, the canonical encoding (or what the planner puts into this plan)
     * changed: every approval recorded against an old fingerprint no longer matches, so plans
     * reviewed before the upgrade are refused. That may be intended, but then bump
     * {@code PlanText.ENCODING_VERSION}, say so in the release notes, and update this value.
     */
    static final String GOLDEN = "190db846ab73b8526c8a544025c93d2fbc45ebbb10700b30df6537a1d24cbbbf";

    @Test
    void isStableAcrossJvmRuns() {
        assertThat(writeVerifyPlan().fingerprint().value())
                .as("golden fingerprint: a change breaks every recorded approval (see the Javadoc of GOLDEN)")
                .isEqualTo(GOLDEN);
    }

    /** Same rule as {@link #GOLDEN}, for the seed 004 path A plan (identity encoding). */
    static final String GOLDEN_SEED_PATH_A = "df29c529e8b4355e7e22fd8c9ee2a1a6a97036510d6c36e5746ee9b9fae624b0";

    @Test
    void isStableAcrossJvmRunsForASeedRollback() {
        assertThat(pathA(Fixtures.constitutionSeed()).fingerprint().value())
                .as("golden fingerprint of seed path A (see the Javadoc of GOLDEN)")
                .isEqualTo(GOLDEN_SEED_PATH_A);
    }

    @Test
    void theEncodingIsVersionedAndLengthPrefixed() {
        String canonical = PlanText.canonical(writeVerifyPlan());

        assertThat(canonical).startsWith("encoding:20:cutter-revert-plan/1\nrun:6:run-42\n");
        assertThat(canonical).as("the rationale is not encoded").doesNotContain("compensation A");
    }

    @Test
    void equalPlansHaveEqualFingerprints() {
        CompensationPlan a = writeVerifyPlan();
        CompensationPlan b = writeVerifyPlan();

        assertThat(a).isNotSameAs(b).isEqualTo(b);
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(copy(a, a.steps(), a.rationale()).fingerprint()).isEqualTo(a.fingerprint());
    }

    @Test
    void eachPlanKeepsItsOwnFingerprintWhenManyAreAskedForInTurn() {
        // fingerprint() remembers the last two plans by identity: asking for three different plans
        // in turn, again and again, must always give each its own value.
        List<CompensationPlan> plans = List.of(
                writeVerifyPlan(),
                plan(Phase.WRITE_VERIFY, Mode.HARD_DELETE, afterLegB(300, 2).build()),
                plan(Phase.WRITE_VERIFY, Mode.SOFT_REVERT, afterLegB(301, 2).build()));
        List<String> expected = plans.stream()
                .map(PlanText::canonical)
                .map(FingerprintTest::sha256)
                .toList();

        for (int round = 0; round < 3; round++) {
            for (int i : new int[] {0, 1, 2, 1, 0, 2, 2, 0}) {
                assertThat(plans.get(i).fingerprint().value())
                        .as("plan %d, round %d", i, round)
                        .isEqualTo(expected.get(i));
            }
        }
        assertThat(new HashSet<>(expected)).hasSize(3);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void changesWhenTheModeChanges() {
        assertThat(plan(Phase.WRITE_VERIFY, Mode.HARD_DELETE, afterLegB(300, 2).build())
                        .fingerprint())
                .isNotEqualTo(writeVerifyPlan().fingerprint());
    }

    @Test
    void changesWhenTheSoftRevertStatusChanges() {
        CompensationPlan superseded = CompensationPlanner.plan(
                Fixtures.request(RunHistory.failedAt(Phase.WRITE_VERIFY), Mode.SOFT_REVERT, "superseded"),
                afterLegB(300, 2).build());

        assertThat(superseded.fingerprint()).isNotEqualTo(writeVerifyPlan().fingerprint());
    }

    @Test
    void changesWhenACountChanges() {
        assertThat(plan(Phase.WRITE_VERIFY, Mode.SOFT_REVERT, afterLegB(301, 2).build())
                        .fingerprint())
                .as("one more unit")
                .isNotEqualTo(writeVerifyPlan().fingerprint());
        assertThat(plan(
                                Phase.WRITE_VERIFY,
                                Mode.SOFT_REVERT,
                                afterLegB(300, 2).versions("draft", 601).build())
                        .fingerprint())
                .as("one more version")
                .isNotEqualTo(writeVerifyPlan().fingerprint());
    }

    @Test
    void changesWhenTheRevertRunChanges() {
        CompensationPlan other = CompensationPlanner.plan(
                new PlanRequest(
                        Fixtures.RUN,
                        Fixtures.CS,
                        RunHistory.failedAt(Phase.WRITE_VERIFY),
                        Mode.SOFT_REVERT,
                        "withdrawn",
                        RunId.of("run-42:revert-2")),
                afterLegB(300, 2).build());

        assertThat(other.fingerprint()).isNotEqualTo(writeVerifyPlan().fingerprint());
    }

    @Test
    void changesWhenTheChangeSetChanges() {
        ChangeSetId other = ChangeSetId.of("cs-43");
        CutEvidence evidence = afterLegB(300, 2).build();
        CompensationPlan plan = CompensationPlanner.plan(
                new PlanRequest(
                        Fixtures.RUN,
                        other,
                        RunHistory.failedAt(Phase.WRITE_VERIFY),
                        Mode.SOFT_REVERT,
                        "withdrawn",
                        Fixtures.REVERT_RUN),
                new CutEvidence(
                        other,
                        true,
                        evidence.unitsByStatus(),
                        evidence.versionsByStatus(),
                        evidence.lifecycleLogRows(),
                        evidence.ledgerRows(),
                        0,
                        true,
                        SchemaFacts.intact()));

        assertThat(plan.fingerprint()).isNotEqualTo(writeVerifyPlan().fingerprint());
    }

    @Test
    void changesWhenTheStepOrderChanges() {
        CompensationPlan plan = writeVerifyPlan();
        List<PlanStep> reordered = new ArrayList<>(plan.steps());
        Collections.swap(reordered, reordered.size() - 2, reordered.size() - 3);

        assertThat(copy(plan, reordered, plan.rationale()).fingerprint()).isNotEqualTo(plan.fingerprint());
    }

    @Test
    void changesWhenAnyBehaviourRelevantFieldChanges() {
        CompensationPlan p = writeVerifyPlan();
        Map<LogicalTable, Long> deltas = new EnumMap<>(p.expectedDeltas());
        deltas.put(LogicalTable.REVIEW_DECISION, 2L);
        List<Precondition> fewer =
                p.preconditions().subList(1, p.preconditions().size());
        List<CompensationPlan> variants = List.of(
                new CompensationPlan(
                        RunId.of("run-43"),
                        p.revertRunId(),
                        p.subject(),
                        p.changeSet(),
                        p.kind(),
                        p.mode(),
                        p.preconditions(),
                        p.steps(),
                        p.expectedDeltas(),
                        p.rationale()),
                new CompensationPlan(
                        p.runId(),
                        p.revertRunId(),
                        "change set other",
                        p.changeSet(),
                        p.kind(),
                        p.mode(),
                        p.preconditions(),
                        p.steps(),
                        p.expectedDeltas(),
                        p.rationale()),
                new CompensationPlan(
                        p.runId(),
                        p.revertRunId(),
                        p.subject(),
                        Optional.empty(),
                        p.kind(),
                        p.mode(),
                        p.preconditions(),
                        p.steps(),
                        p.expectedDeltas(),
                        p.rationale()),
                new CompensationPlan(
                        p.runId(),
                        p.revertRunId(),
                        p.subject(),
                        p.changeSet(),
                        PlanKind.ESCALATE,
                        p.mode(),
                        p.preconditions(),
                        p.steps(),
                        p.expectedDeltas(),
                        p.rationale()),
                new CompensationPlan(
                        p.runId(),
                        p.revertRunId(),
                        p.subject(),
                        p.changeSet(),
                        p.kind(),
                        p.mode(),
                        fewer,
                        p.steps(),
                        p.expectedDeltas(),
                        p.rationale()),
                new CompensationPlan(
                        p.runId(),
                        p.revertRunId(),
                        p.subject(),
                        p.changeSet(),
                        p.kind(),
                        p.mode(),
                        p.preconditions(),
                        p.steps(),
                        deltas,
                        p.rationale()));

        for (CompensationPlan variant : variants) {
            assertThat(variant.fingerprint()).as("%s", variant).isNotEqualTo(p.fingerprint());
        }
    }

    @Test
    void ignoresTheRationale() {
        // The rationale is prose for the reviewer: rewording it (or fixing a typo in a later
        // release) changes nothing the plan does, so it must not invalidate recorded approvals.
        // Everything the executor acts on is encoded; the prose is not.
        CompensationPlan plan = writeVerifyPlan();

        assertThat(copy(plan, plan.steps(), "reworded for the reviewer").fingerprint())
                .isEqualTo(plan.fingerprint());
    }

    @Test
    void doesNotDependOnTheDefaultLocale() {
        // Regression: the deltas were formatted with the default locale, so a JVM running with,
        // e.g., ar-EG wrote Arabic-Indic digits into the canonical encoding and computed another
        // fingerprint for the same plan: an approval given on one machine failed on another.
        Locale before = Locale.getDefault();
        try {
            for (String tag : List.of("ar-EG", "fa-IR", "th-TH-u-nu-thai", "hi-IN-u-nu-deva", "de-DE")) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                CompensationPlan plan = writeVerifyPlan();

                assertThat(plan.fingerprint().value())
                        .as("fingerprint under %s", tag)
                        .isEqualTo(GOLDEN);
                assertThat(plan.summary())
                        .as("summary under %s", tag)
                        .contains("+1\n")
                        .contains("expect exactly 600 row(s)");
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void identityValuesThatLookLikeSeparatorsDoNotMakeTwoPlansAlike() {
        // Regression: identities were encoded with Map.toString, so {docprefix="ICX, registered_by=x"}
        // and {docprefix="ICX", registered_by="x"} encoded alike: one approval fitted both plans.
        SortedMap<String, String> child = identity("document_version_id", "v1");
        SeedDelta oneColumn = new SeedDelta(identity("address_docprefix", "ICX, registered_by=x"), child);
        SeedDelta twoColumns = new SeedDelta(identity("address_docprefix", "ICX", "registered_by", "x"), child);

        CompensationPlan a = pathA(oneColumn);
        CompensationPlan b = pathA(twoColumns);

        assertThat(a).isNotEqualTo(b);
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
        assertThat(b.summary()).contains("rows where {address_docprefix='ICX', registered_by='x'}");
        assertThat(a.summary()).contains("rows where {address_docprefix='ICX, registered_by=x'}");
    }

    @Test
    void quotesInStatusesAndNotesDoNotMakeTwoPlansAlike() {
        RowSelector rows = new RowSelector.ByIdentity(identity("id", "1"));
        PlanStep a = new PlanStep.SoftRevert(
                LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY,
                rows,
                "version_status",
                "a' -> 'b",
                "c",
                1,
                Optional.empty());
        PlanStep b = new PlanStep.SoftRevert(
                LogicalTable.SOURCE_DOCUMENT_VERSION_REGISTRY,
                rows,
                "version_status",
                "a",
                "b' -> 'c",
                1,
                Optional.empty());
        CompensationPlan plan = writeVerifyPlan();

        assertThat(copy(plan, List.of(a), "").fingerprint())
                .isNotEqualTo(copy(plan, List.of(b), "").fingerprint());
    }

    private static CompensationPlan pathA(SeedDelta delta) {
        return CompensationPlanner.plan(
                new SeedRollbackRequest(RunId.of("rollback-1"), delta, Optional.empty(), Optional.empty()),
                Fixtures.seedClean());
    }

    @Test
    void isLowerCaseHexOfSha256() {
        assertThat(writeVerifyPlan().fingerprint().value()).matches("[0-9a-f]{64}");
        assertThat(writeVerifyPlan().fingerprint().shortForm()).hasSize(12);
        assertThat(writeVerifyPlan().fingerprint())
                .hasToString(writeVerifyPlan().fingerprint().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"})
    void rejectsAnythingButSha256Hex(String value) {
        assertThatThrownBy(() -> Fingerprint.of(value))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("fingerprint"));
    }

    static CompensationPlan copy(CompensationPlan p, List<PlanStep> steps, String rationale) {
        return new CompensationPlan(
                p.runId(),
                p.revertRunId(),
                p.subject(),
                p.changeSet(),
                p.kind(),
                p.mode(),
                p.preconditions(),
                steps,
                p.expectedDeltas(),
                rationale);
    }

    static SortedMap<String, String> identity(String... columnsAndValues) {
        SortedMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            map.put(columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return map;
    }
}
