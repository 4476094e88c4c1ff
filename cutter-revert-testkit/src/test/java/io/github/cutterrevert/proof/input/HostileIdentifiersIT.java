package io.github.cutterrevert.proof.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.InvalidPlanException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PlanKind;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Run ids, change set ids and status values as an attacker or a careless orchestrator would send
 * them: each is either refused with an {@link InvalidInputException} naming the field before
 * anything is read or written, or bound as a value from the cut to the signed decision. Either way
 * the schema is unchanged and no row outside the change set is touched.
 */
@CutterPostgres
class HostileIdentifiersIT {
    private static final Instant DECIDED_AT = Instant.parse("2026-05-21T10:00:00Z");

    private static TestDatabase db;
    private static DataSource superuser;
    private static PostgresTarget target;

    @BeforeAll
    static void baseline(TestDatabase database) {
        db = database;
        superuser = db.dataSource();
        ReferenceWorld.seedBaseline(superuser);
        target = PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
    }

    static Stream<Arguments> hostileButValidIds() {
        return Stream.of(
                Arguments.of("quotes", "run-'42'", "cs-'42'"),
                Arguments.of(
                        "statement injection",
                        "a;b'); DROP TABLE public.information_unit; --",
                        "x'; DELETE FROM cutter_governance.review_decision; --"),
                Arguments.of("backslashes", "back\\slash\\'", "cs\\\\'\\"),
                Arguments.of("double quotes", "\"quoted\" run", "\"cs\".\"x\""),
                Arguments.of("reserved words", "select", "from"),
                Arguments.of("unicode", "ünïcødé-运行-🚀", "変更-セット-ü-👨‍👩‍👧"),
                Arguments.of("dollar quoting", "$$; DROP SCHEMA cutter_governance CASCADE; $$", "$tag$ x $tag$"),
                Arguments.of("placeholders", "run {} %s %n ${jndi:ldap://x}", "cs :name ? $1 \\gset"),
                Arguments.of("the word null", "NULL", "null"),
                Arguments.of("paths", "../../etc/passwd", ".."),
                Arguments.of("longest", "r".repeat(199) + "'", "c".repeat(199) + "'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileButValidIds")
    void aCutWithHostileIdsIsCompensatedWithEveryValueBound(String label, String runId, String changeSetId) {
        CutScenario.forRun(runId)
                .changeSet(changeSetId)
                .units(2)
                .versionsPerUnit(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(superuser);
        List<String> catalogBefore = Probe.catalog(superuser);
        Map<String, Map<String, String>> rowsBefore = Probe.rows(superuser);
        Set<String> units = unitKeys(changeSetId);
        Set<String> versions = versionKeys(changeSetId);
        assertThat(units).hasSize(2);
        assertThat(versions).hasSize(4);

        // No changeSet(...): the change set is looked up by the hostile run id, bound.
        Compensator compensator = compensator(runId, TestGovernance.failClosed());
        CompensationPlan plan = compensator.plan();
        assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
        assertThat(plan.changeSet()).contains(ChangeSetId.of(changeSetId));
        CompensationResult result =
                compensator.authorizedBy(hostileApproval(plan)).execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(Probe.catalog(superuser)).as("the schema is unchanged").isEqualTo(catalogBefore);
        Map<String, Set<String>> changed = Probe.changed(rowsBefore, Probe.rows(superuser));
        String decision = PlainJdbc.text(
                superuser,
                "SELECT ROW(id)::text FROM cutter_governance.review_decision WHERE change_set_id = ?",
                changeSetId);
        assertThat(changed)
                .as("only the change set's units and versions changed, and one decision was appended")
                .isEqualTo(Map.of(
                        "public.information_unit", units,
                        "public.unit_version", versions,
                        "cutter_governance.review_decision", Set.of(decision)));
        assertThat(Probe.texts(
                        superuser,
                        "SELECT DISTINCT u.lifecycle_status FROM public.information_unit u"
                                + " JOIN cutter_governance.cut_change_set_affected_row a ON a.information_unit_id = u.id"
                                + " WHERE a.change_set_id = ?"
                                + " UNION SELECT DISTINCT v.lifecycle_status FROM public.unit_version v"
                                + " JOIN cutter_governance.cut_change_set_affected_row a"
                                + " ON a.information_unit_id = v.information_unit_id WHERE a.change_set_id = ?",
                        changeSetId,
                        changeSetId))
                .containsExactly("withdrawn");
        assertThat(Probe.texts(
                        superuser,
                        "SELECT unnest(ARRAY[decision, decided_by, revert_run_id, key_id])"
                                + " FROM cutter_governance.review_decision WHERE change_set_id = ?",
                        changeSetId))
                .as("every value arrived exactly as given")
                .containsExactly(
                        "reverted", "O'Brien \"the reviewer\"; --", revertRunIdOf(runId), TestGovernance.KEY_ID);
        assertThat(PlainJdbc.text(
                        superuser,
                        "SELECT note FROM cutter_governance.review_decision WHERE change_set_id = ?",
                        changeSetId))
                .contains("change set " + changeSetId + " of run " + runId)
                .contains("[decision DEC-'" + plan.fingerprint().shortForm() + "'; --]");
        assertThat(target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of(changeSetId))
                        .intact())
                .as("the signature covers the hostile values exactly")
                .isTrue();
    }

    static Stream<Arguments> rejectedInputs() {
        Supplier<Compensator> ok = () -> Compensator.forRun("run-ok");
        return Stream.of(
                rejected("null run id", "runId", () -> Compensator.forRun((String) null)),
                rejected("null typed run id", "runId", () -> Compensator.forRun((RunId) null)),
                rejected("empty run id", "runId", () -> Compensator.forRun("")),
                rejected("blank run id", "runId", () -> Compensator.forRun("   ")),
                rejected("leading space", "runId", () -> Compensator.forRun(" run-1")),
                rejected("newline (log forging)", "runId", () -> Compensator.forRun("run-1\nINFO forged line")),
                rejected("NUL", "runId", () -> Compensator.forRun("run-1\u0000; DROP TABLE x")),
                rejected("escape sequence", "runId", () -> Compensator.forRun("run\u001b[2J")),
                rejected("line separator inside", "runId", () -> Compensator.forRun("run-1\u2028INFO forged")),
                rejected("unpaired surrogate", "runId", () -> Compensator.forRun("run-\uD800")),
                rejected("201 characters", "runId", () -> Compensator.forRun("x".repeat(201))),
                rejected("a megabyte", "runId", () -> Compensator.forRun("x".repeat(1 << 20))),
                rejected("null change set", "changeSetId", () -> ok.get().changeSet((String) null)),
                rejected("null typed change set", "changeSet", () -> ok.get().changeSet((ChangeSetId) null)),
                rejected("empty change set", "changeSetId", () -> ok.get().changeSet("")),
                rejected("change set with CR", "changeSetId", () -> ok.get().changeSet("cs\r1")),
                rejected("change set of 201", "changeSetId", () -> ok.get().changeSet("c".repeat(201))),
                rejected("null revert run", "revertRunId", () -> ok.get().revertRunId(null)),
                rejected("null status", "softRevertStatus", () -> ok.get().softRevertTo(null)),
                rejected("empty status", "softRevertStatus", () -> ok.get().softRevertTo("")),
                rejected("status injection", "softRevertStatus", () -> ok.get()
                        .softRevertTo("withdrawn'; UPDATE public.information_unit SET x = 1; --")),
                rejected("status with quote", "softRevertStatus", () -> ok.get().softRevertTo("with'drawn")),
                rejected("status with backslash", "softRevertStatus", () -> ok.get()
                        .softRevertTo("with\\drawn")),
                rejected("status unicode", "softRevertStatus", () -> ok.get().softRevertTo("zurückgezogen")),
                rejected("status of 64", "softRevertStatus", () -> ok.get().softRevertTo("w".repeat(64))),
                rejected("status draft", "softRevertStatus", () -> ok.get().softRevertTo("draft")),
                rejected("status enacted", "softRevertStatus", () -> ok.get().softRevertTo("enacted")),
                rejected(
                        "null decider",
                        "decidedBy",
                        () -> Authority.decision(
                                null,
                                "DEC-1",
                                "why",
                                io.github.cutterrevert.Fingerprint.of("0".repeat(64)),
                                DECIDED_AT)),
                rejected(
                        "decider with newline",
                        "decidedBy",
                        () -> Authority.decision(
                                "a\nb",
                                "DEC-1",
                                "why",
                                io.github.cutterrevert.Fingerprint.of("0".repeat(64)),
                                DECIDED_AT)),
                rejected(
                        "empty key id",
                        "keyId",
                        () -> new DecisionSigner("", TestGovernance.signer().privateKey())),
                rejected("snapshot of no run", "runId", () -> target.snapshot(null, "pre")),
                rejected("snapshot kind injection", "kind", () -> target.snapshot(RunId.of("run-ok"), "pre'; --")));
    }

    private static Arguments rejected(String label, String field, Runnable call) {
        return Arguments.of(label, field, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedInputs")
    void malformedInputIsRefusedNamingTheFieldAndNothingIsTouched(String label, String field, Runnable call) {
        List<String> catalogBefore = Probe.catalog(superuser);
        Map<String, Map<String, String>> rowsBefore = Probe.rows(superuser);

        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage())
                    .startsWith(field + " must be ")
                    .as("no raw control or line-separator character reaches the message")
                    .doesNotContainPattern("[\\p{Cc}\\u2028\\u2029]")
                    .as("the value is shortened")
                    .hasSizeLessThan(300);
        });

        assertThat(Probe.catalog(superuser)).isEqualTo(catalogBefore);
        assertThat(Probe.changed(rowsBefore, Probe.rows(superuser))).isEmpty();
    }

    @Test
    void aWellFormedStatusTheSchemaDoesNotAllowIsRefusedAtPlanAndNothingIsWritten() {
        CutScenario.forRun("run-status")
                .changeSet("cs-status")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(superuser);
        Map<String, Map<String, String>> rowsBefore = Probe.rows(superuser);
        FailClosed failClosed = TestGovernance.failClosed();

        for (String status : List.of("WITHDRAWN", "retired", "withdrawn.", "_")) {
            Compensator compensator = compensator("run-status", failClosed).softRevertTo(status);
            assertThatThrownBy(compensator::execute)
                    .as(status)
                    .isInstanceOfSatisfying(InvalidPlanException.class, e -> assertThat(e.rule())
                            .isEqualTo("status-allowed"))
                    .hasMessageContaining("'" + status + "'");
        }

        assertThat(Probe.changed(rowsBefore, Probe.rows(superuser))).isEmpty();
        assertThat(failClosed.hold()).as("nothing was attempted, so no HOLD").isEmpty();
    }

    @Test
    void anAllowedStatusOtherThanTheDefaultIsBoundEndToEnd() {
        CutScenario.forRun("run-superseded")
                .changeSet("cs-superseded")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(superuser);
        Compensator compensator =
                compensator("run-superseded", TestGovernance.failClosed()).softRevertTo("superseded");

        assertThat(compensator
                        .authorizedBy(hostileApproval(compensator.plan()))
                        .execute()
                        .verdict())
                .isEqualTo(new Verdict.Compensated());
        assertThat(Probe.texts(
                        superuser,
                        "SELECT DISTINCT u.lifecycle_status FROM public.information_unit u"
                                + " JOIN cutter_governance.cut_change_set_affected_row a ON a.information_unit_id = u.id"
                                + " WHERE a.change_set_id = 'cs-superseded'"))
                .containsExactly("superseded");
    }

    @Test
    void aRecordedChangeSetIdTheLibraryCannotRepresentIsRefusedNamingTheFieldAndNothingIsWritten() {
        // The orchestrator may record any text; an id the library cannot name back (here 201
        // characters, and one with a line break) is refused, not truncated or cleaned.
        for (String[] ids : new String[][] {{"run-wide", "w".repeat(201)}, {"run-broken", "cs-broken\nline"}}) {
            CutScenario.forRun(ids[0])
                    .changeSet(ids[1])
                    .units(1)
                    .failingAt(Phase.WRITE_VERIFY)
                    .apply(superuser);
            Map<String, Map<String, String>> rowsBefore = Probe.rows(superuser);
            FailClosed failClosed = TestGovernance.failClosed();

            assertThatThrownBy(() -> compensator(ids[0], failClosed)
                            .authorizedBy(Authority.none())
                            .execute())
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                            .isEqualTo("changeSetId"))
                    .message()
                    .doesNotContainPattern("[\\p{Cc}]");

            assertThat(Probe.changed(rowsBefore, Probe.rows(superuser))).isEmpty();
            assertThat(failClosed.hold()).isEmpty();
        }
    }

    @Test
    void anUnpairedSurrogateIsRefusedInsteadOfAddressingTheRunItsReplacementCharacterNames() {
        // Regression: "run-\uD800" was a valid RunId, but UTF-8 has no encoding for an unpaired
        // surrogate, so the driver sent "run-?" and the compensator found and reverted the cut of
        // another run, "run-?". Its HOLD directory collided with that run's too.
        CutScenario.forRun("run-?")
                .changeSet("cs-?")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(superuser);
        Map<String, Map<String, String>> rowsBefore = Probe.rows(superuser);

        for (String lone : List.of("run-\uD800", "run-\uDC00", "run-\uDC00\uD800")) {
            assertThatThrownBy(() -> compensator(lone, TestGovernance.failClosed())
                            .authorizedBy(Authority.none())
                            .execute())
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                            .isEqualTo("runId"));
        }
        assertThatThrownBy(() -> ChangeSetId.of("cs-\uD83D"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("changeSetId"));
        assertThat(RunId.of("run-\uD83D\uDE80").value())
                .as("a paired surrogate is a character")
                .endsWith("🚀");

        assertThat(Probe.changed(rowsBefore, Probe.rows(superuser))).isEmpty();
        assertThat(Probe.texts(
                        superuser,
                        "SELECT DISTINCT u.lifecycle_status FROM public.information_unit u"
                                + " JOIN cutter_governance.cut_change_set_affected_row a ON a.information_unit_id = u.id"
                                + " WHERE a.change_set_id = 'cs-?'"))
                .containsExactly("draft");
    }

    @Test
    void aRefusalForAHostileRunIdKeepsItsFilesInsideTheRollbackDirectory() throws Exception {
        String runId = "../../../tmp/escape'; --";
        CutScenario.forRun(runId)
                .changeSet("cs-escape")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(superuser);
        PlainJdbc.count(
                superuser,
                "SELECT count(public.fn_iu_enact(information_unit_id)) FROM"
                        + " cutter_governance.cut_change_set_affected_row WHERE change_set_id = 'cs-escape'");
        Map<String, Map<String, String>> rowsBefore = Probe.rows(superuser);
        FailClosed failClosed = TestGovernance.failClosed();

        CompensationResult result =
                compensator(runId, failClosed).authorizedBy(Authority.none()).execute();

        assertThat(result.verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(Probe.changed(rowsBefore, Probe.rows(superuser))).isEmpty();
        java.nio.file.Path home = failClosed.rollbackDirectory().getParent();
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(home)) {
            assertThat(files.map(path -> path.toAbsolutePath().normalize()))
                    .allMatch(path -> path.startsWith(home.toAbsolutePath().normalize()));
        }
        assertThat(failClosed.runDirectory(RunId.of(runId)).resolve("post.json"))
                .exists()
                .hasParent(
                        failClosed.rollbackDirectory().resolve(RunId.of(runId).directoryName()));
        assertThat(failClosed.hold())
                .hasValueSatisfying(hold -> assertThat(hold.runId()).isEqualTo(RunId.of(runId)));
    }

    private static Compensator compensator(String runId, FailClosed failClosed) {
        return Compensator.forRun(runId)
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY);
    }

    /** A recorded decision whose decider and decision id are hostile too. */
    private static Authority hostileApproval(CompensationPlan plan) {
        return Authority.decision(
                "O'Brien \"the reviewer\"; --",
                "DEC-'" + plan.fingerprint().shortForm() + "'; --",
                "reviewed; DROP TABLE x; --",
                plan.fingerprint(),
                DECIDED_AT);
    }

    private static String revertRunIdOf(String runId) {
        String value = runId + ":revert";
        return value.length() <= 200 ? value : value.substring(value.length() - 200);
    }

    private static Set<String> unitKeys(String changeSetId) {
        return Probe.texts(
                        superuser,
                        "SELECT ROW(information_unit_id)::text FROM cutter_governance.cut_change_set_affected_row"
                                + " WHERE change_set_id = ?",
                        changeSetId)
                .stream()
                .collect(Collectors.toSet());
    }

    private static Set<String> versionKeys(String changeSetId) {
        return Probe.texts(
                        superuser,
                        "SELECT ROW(v.id)::text FROM public.unit_version v JOIN cutter_governance.cut_change_set_affected_row a"
                                + " ON a.information_unit_id = v.information_unit_id WHERE a.change_set_id = ?",
                        changeSetId)
                .stream()
                .collect(Collectors.toSet());
    }
}
