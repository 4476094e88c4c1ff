package io.github.cutterrevert.proof.input;

import static io.github.cutterrevert.proof.input.Probe.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PlanKind;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.jooq.SchemaBinding.CatalogObject;
import io.github.cutterrevert.jooq.SchemaBinding.Column;
import io.github.cutterrevert.jooq.SchemaBinding.Status;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configured names as hostile as PostgreSQL allows: the reference schema is renamed (schema,
 * tables, columns, triggers, functions) and its status values changed to quotes, semicolons,
 * backslashes, reserved words, placeholders and Unicode, and a {@link SchemaBinding} names them.
 * Every name is rendered quoted and every status bound, so soft revert, hard delete and the psql
 * script work on them and nothing else changes. Malformed names are refused naming the field.
 */
@CutterPostgres
class HostileBindingIT {
    private static final String GOV = "gov'; DROP SCHEMA public CASCADE; --";
    private static final String UNITS = "select";
    private static final String VERSIONS = "Unit \"Version\" ü 🚀";
    private static final String AFFECTED = "affected\\row;";
    private static final String UNIT_ID = "$1 ?";
    private static final String UNIT_STATUS = "user";
    private static final String VERSION_UNIT = "unit:id";
    private static final String VERSION_STATUS = "status'); --";
    private static final String CHANGE_SET = "change set ?ü";
    private static final String DECISION = "decision\"); --";
    private static final String DECIDED_BY = "?";
    private static final String NOTE = "$1";
    private static final String TRIGGER = "trg\"; DROP TRIGGER x; --";
    private static final String ENACT = "enact$$;";
    private static final String CREATE = "create'; --";
    private static final String DRAFT = "dr'aft\\;--";
    private static final String REVERTED = "re\"verted' ?";
    private static final List<String> SCHEMAS = List.of("public", GOV);

    private static DataSource superuser;
    private static TestDatabase db;
    private static SchemaBinding binding;
    private static PostgresTarget target;

    @TempDir
    static Path dir;

    @BeforeAll
    static void hostileSchema(TestDatabase database) {
        db = database;
        superuser = db.dataSource();
        ReferenceWorld.seedBaseline(superuser);
        for (String cs : List.of("cs-soft", "cs-hard", "cs-script", "cs-unsigned")) {
            CutScenario.forRun("run-" + cs.substring(3))
                    .changeSet(cs)
                    .units(2)
                    .versionsPerUnit(2)
                    .failingAt(Phase.WRITE_VERIFY)
                    .apply(superuser);
        }
        // The cuts ran on the reference names; now rename everything the library reads or writes.
        for (String table : List.of(
                "cut_change_set",
                "cut_change_set_affected_row",
                "manifest_envelope",
                "review_decision",
                "verify_result",
                "dot_pair_signature")) {
            PlainJdbc.run(
                    superuser,
                    "ALTER TABLE cutter_governance." + table + " RENAME COLUMN change_set_id TO " + quote(CHANGE_SET));
        }
        for (String check : List.of("information_unit", "unit_version")) {
            PlainJdbc.run(
                    superuser, "ALTER TABLE public." + check + " DROP CONSTRAINT " + check + "_lifecycle_status_check");
            PlainJdbc.run(
                    superuser,
                    "UPDATE public." + check + " SET lifecycle_status = ? WHERE lifecycle_status = 'draft'",
                    DRAFT);
            PlainJdbc.run(
                    superuser,
                    "ALTER TABLE public." + check + " ADD CONSTRAINT " + check + "_lifecycle_status_check"
                            + " CHECK (lifecycle_status IN (" + literal(DRAFT)
                            + ", 'enacted', 'superseded', 'withdrawn'))");
        }
        PlainJdbc.run(
                superuser,
                "ALTER TABLE cutter_governance.review_decision DROP CONSTRAINT review_decision_decision_check");
        PlainJdbc.run(
                superuser,
                "ALTER TABLE cutter_governance.review_decision ADD CONSTRAINT review_decision_decision_check"
                        + " CHECK (decision IN ('approved', 'rejected', " + literal(REVERTED) + ", 'hold_released'))");
        PlainJdbc.run(
                superuser,
                "ALTER TABLE cutter_governance.review_decision RENAME COLUMN decision TO " + quote(DECISION));
        PlainJdbc.run(
                superuser,
                "ALTER TABLE cutter_governance.review_decision RENAME COLUMN decided_by TO " + quote(DECIDED_BY));
        PlainJdbc.run(superuser, "ALTER TABLE cutter_governance.review_decision RENAME COLUMN note TO " + quote(NOTE));
        PlainJdbc.run(
                superuser, "ALTER TABLE cutter_governance.cut_change_set_affected_row RENAME TO " + quote(AFFECTED));
        PlainJdbc.run(superuser, "ALTER SCHEMA cutter_governance RENAME TO " + quote(GOV));
        PlainJdbc.run(superuser, "ALTER TABLE public.information_unit RENAME COLUMN id TO " + quote(UNIT_ID));
        PlainJdbc.run(
                superuser,
                "ALTER TABLE public.information_unit RENAME COLUMN lifecycle_status TO " + quote(UNIT_STATUS));
        PlainJdbc.run(superuser, "ALTER TABLE public.information_unit RENAME TO " + quote(UNITS));
        PlainJdbc.run(
                superuser,
                "ALTER TABLE public.unit_version RENAME COLUMN information_unit_id TO " + quote(VERSION_UNIT));
        PlainJdbc.run(
                superuser,
                "ALTER TABLE public.unit_version RENAME COLUMN lifecycle_status TO " + quote(VERSION_STATUS));
        PlainJdbc.run(superuser, "ALTER TABLE public.unit_version RENAME TO " + quote(VERSIONS));
        PlainJdbc.run(
                superuser,
                "ALTER TRIGGER trg_iu_enacted_immut ON public." + quote(UNITS) + " RENAME TO " + quote(TRIGGER));
        PlainJdbc.run(superuser, "ALTER FUNCTION public.fn_iu_enact(bigint) RENAME TO " + quote(ENACT));
        PlainJdbc.run(superuser, "ALTER FUNCTION public.fn_iu_create(text, text, integer) RENAME TO " + quote(CREATE));

        binding = SchemaBinding.builder()
                .schema("cutter_governance", GOV)
                .table(LogicalTable.INFORMATION_UNIT, "public", UNITS)
                .table(LogicalTable.UNIT_VERSION, "public", VERSIONS)
                .table(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, GOV, AFFECTED)
                .column(Column.UNIT_ID, UNIT_ID)
                .column(Column.UNIT_STATUS, UNIT_STATUS)
                .column(Column.VERSION_UNIT_ID, VERSION_UNIT)
                .column(Column.VERSION_STATUS, VERSION_STATUS)
                .column(Column.CHANGE_SET_ID, CHANGE_SET)
                .column(Column.DECISION, DECISION)
                .column(Column.DECIDED_BY, DECIDED_BY)
                .column(Column.DECISION_NOTE, NOTE)
                .status(Status.DRAFT, DRAFT)
                .status(Status.REVERTED, REVERTED)
                .catalogObject(CatalogObject.UNIT_IMMUTABILITY_TRIGGER, TRIGGER)
                .catalogObject(CatalogObject.ENACT_FUNCTION, ENACT)
                .catalogObject(CatalogObject.CREATE_FUNCTION, CREATE)
                .build();
        target = PostgresTarget.builder(db.dataSourceAs(TestDatabase.CUTTER_EXEC))
                .binding(binding)
                .build();
    }

    @Test
    void aSoftRevertOnHostileNamesWritesOnlyTheChangeSetsRowsAndOneSignedDecision() {
        List<String> catalog = Probe.catalog(superuser, SCHEMAS);
        Map<String, Map<String, String>> before = Probe.rows(superuser, SCHEMAS);

        Compensator compensator = compensator("cs-soft");
        CompensationPlan plan = compensator.plan();
        assertThat(plan.kind()).isEqualTo(PlanKind.COMPENSATE);
        assertThat(compensator.authorizedBy(approve(plan)).execute().verdict()).isEqualTo(new Verdict.Compensated());

        assertThat(Probe.catalog(superuser, SCHEMAS)).isEqualTo(catalog);
        Map<String, Set<String>> changed = Probe.changed(before, Probe.rows(superuser, SCHEMAS));
        assertThat(changed)
                .isEqualTo(Map.of(
                        "public." + UNITS, unitKeys("cs-soft"),
                        "public." + VERSIONS, versionKeys("cs-soft"),
                        GOV + ".review_decision", Set.copyOf(decisionKeys("cs-soft"))));
        assertThat(statuses("cs-soft")).containsExactly("withdrawn");
        assertThat(Probe.texts(
                        superuser,
                        "SELECT unnest(ARRAY[" + quote(DECISION) + ", " + quote(DECIDED_BY) + "]) FROM " + quote(GOV)
                                + ".review_decision WHERE " + quote(CHANGE_SET) + " = 'cs-soft'"))
                .containsExactly(REVERTED, "sovereign@example.org");
        assertThat(target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-soft"))
                        .intact())
                .isTrue();
    }

    @Test
    void aHardDeleteOnHostileNamesDeletesOnlyTheChangeSetsRows() {
        List<String> catalog = Probe.catalog(superuser, SCHEMAS);
        Map<String, Map<String, String>> before = Probe.rows(superuser, SCHEMAS);
        Set<String> units = unitKeys("cs-hard");
        Set<String> versions = versionKeys("cs-hard");

        Compensator compensator = compensator("cs-hard").hardDelete();
        CompensationPlan plan = compensator.plan();
        assertThat(plan.hardDeletes()).as(plan.rationale()).isTrue();
        assertThat(compensator.authorizedBy(approve(plan)).execute().verdict()).isEqualTo(new Verdict.Compensated());

        assertThat(Probe.catalog(superuser, SCHEMAS)).isEqualTo(catalog);
        Map<String, Map<String, String>> after = Probe.rows(superuser, SCHEMAS);
        assertThat(Probe.changed(before, after))
                .isEqualTo(Map.of(
                        "public." + UNITS, units,
                        "public." + VERSIONS, versions,
                        GOV + ".review_decision", Set.copyOf(decisionKeys("cs-hard"))));
        assertThat(after.get("public." + UNITS)).doesNotContainKeys(units.toArray(String[]::new));
        assertThat(after.get("public." + VERSIONS)).doesNotContainKeys(versions.toArray(String[]::new));
    }

    @Test
    void theRenderedScriptOnHostileNamesRunsInPsqlAndWritesWhatTheExecutorWould() throws Exception {
        Assumptions.assumeTrue(psqlAvailable(), "psql is not on the PATH");
        List<String> catalog = Probe.catalog(superuser, SCHEMAS);
        Map<String, Map<String, String>> before = Probe.rows(superuser, SCHEMAS);
        Set<String> units = unitKeys("cs-script");
        Set<String> versions = versionKeys("cs-script");
        Compensator compensator = compensator("cs-script");
        CompensationPlan plan = compensator.plan();

        String script = target.render(plan, approve(plan));
        assertThat(script).contains(quote(UNITS)).contains(quote(VERSION_STATUS));
        Psql run = psql(script);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(Probe.catalog(superuser, SCHEMAS)).isEqualTo(catalog);
        assertThat(Probe.changed(before, Probe.rows(superuser, SCHEMAS)))
                .isEqualTo(Map.of(
                        "public." + UNITS, units,
                        "public." + VERSIONS, versions,
                        GOV + ".review_decision", Set.copyOf(decisionKeys("cs-script"))));
        assertThat(statuses("cs-script")).containsExactly("withdrawn");
        assertThat(Probe.texts(
                        superuser,
                        "SELECT unnest(ARRAY[" + quote(DECISION) + ", " + quote(DECIDED_BY) + "]) FROM " + quote(GOV)
                                + ".review_decision WHERE " + quote(CHANGE_SET) + " = 'cs-script'"))
                .containsExactly(REVERTED, "sovereign@example.org");
    }

    @Test
    void anUnsignedCompensatingDecisionUnderACustomRevertedValueIsReportedAsUnsigned() {
        // Regression: the verifier recognised a compensating decision only by the runbook's value
        // "reverted", so under a binding whose REVERTED is another value an unsigned one (as a
        // hand-run script appends) passed as an ordinary decision and the chain looked intact.
        Compensator compensator = compensator("cs-unsigned");
        CompensationPlan plan = compensator.plan();
        assertThat(compensator.authorizedBy(approve(plan)).execute().verdict()).isEqualTo(new Verdict.Compensated());
        PlainJdbc.run(
                superuser,
                "INSERT INTO " + quote(GOV) + ".review_decision (" + quote(CHANGE_SET) + ", " + quote(DECISION) + ", "
                        + quote(DECIDED_BY) + ", revert_run_id, " + quote(NOTE)
                        + ") VALUES (?, ?, 'intruder', 'run-x', '')",
                "cs-unsigned",
                REVERTED);
        long unsigned =
                Long.parseLong(PlainJdbc.text(superuser, "SELECT max(id) FROM " + quote(GOV) + ".review_decision"));

        var check = target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-unsigned"));

        assertThat(check.firstBad()).hasValueSatisfying(bad -> {
            assertThat(bad.id()).isEqualTo(unsigned);
            assertThat(bad.problem()).isEqualTo(io.github.cutterrevert.ChainVerification.Problem.UNSIGNED);
        });
        assertThat(PlainJdbc.count(
                        superuser,
                        "SELECT count(*) FROM " + quote(GOV) + ".review_decision WHERE " + quote(CHANGE_SET)
                                + " = 'cs-unsigned'"))
                .isEqualTo(2);
    }

    static Stream<Arguments> malformedNames() {
        Supplier<SchemaBinding.Builder> builder = SchemaBinding::builder;
        return Stream.of(
                malformed("empty table", "table", () -> builder.get().table(LogicalTable.UNIT_VERSION, "public", "")),
                malformed("null schema", "schema", () -> builder.get().table(LogicalTable.UNIT_VERSION, null, "t")),
                malformed("64 bytes", "table", () -> builder.get()
                        .table(LogicalTable.UNIT_VERSION, "public", "é".repeat(31) + "xx")),
                malformed("NUL", "column UNIT_ID", () -> builder.get().column(Column.UNIT_ID, "id\u0000")),
                malformed("newline", "column DECISION_NOTE", () -> builder.get()
                        .column(Column.DECISION_NOTE, "note\n; DROP")),
                malformed("unpaired surrogate", "column DECIDED_BY", () -> builder.get()
                        .column(Column.DECIDED_BY, "decided_by\uD800")),
                malformed("null column", "column", () -> builder.get().column(null, "x")),
                malformed("null status", "status DRAFT", () -> builder.get().status(Status.DRAFT, null)),
                malformed("empty status", "status REVERTED", () -> builder.get().status(Status.REVERTED, "")),
                malformed("status with escape", "status DRAFT", () -> builder.get()
                        .status(Status.DRAFT, "draft\u001b[0m")),
                malformed("status unpaired surrogate", "status DRAFT", () -> builder.get()
                        .status(Status.DRAFT, "draft\uDC00")),
                malformed("draft equals enacted", "status ENACTED", () -> builder.get()
                        .status(Status.ENACTED, "draft")
                        .build()),
                malformed("empty trigger", "catalogObject UNIT_IMMUTABILITY_TRIGGER", () -> builder.get()
                        .catalogObject(CatalogObject.UNIT_IMMUTABILITY_TRIGGER, "")),
                malformed("function schema tab", "functionSchema", () -> builder.get()
                        .functionSchema("pub\tlic")),
                malformed("schema move to empty", "to", () -> builder.get().schema("public", "")),
                malformed("declared statuses with null", "allowedStatuses.UNIT_STATUS", () -> builder.get()
                        .allowedStatuses(Column.UNIT_STATUS, new HashSet<>(java.util.Arrays.asList("draft", null)))),
                malformed("a ledger table bound as the lifecycle log", "tables.IU_LIFECYCLE_LOG", () -> builder.get()
                        .table(LogicalTable.IU_LIFECYCLE_LOG, "cutter_governance", "cut_change_set_affected_row")
                        .build()));
    }

    private static Arguments malformed(String label, String field, Runnable call) {
        return Arguments.of(label, field, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedNames")
    void aMalformedNameIsRefusedNamingTheFieldBeforeAnySqlIsSent(String label, String field, Runnable call) {
        List<String> catalog = Probe.catalog(superuser, SCHEMAS);
        Map<String, Map<String, String>> before = Probe.rows(superuser, SCHEMAS);

        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .message()
                .doesNotContainPattern("[\\p{Cc}\\uD800-\\uDFFF]");

        assertThat(Probe.catalog(superuser, SCHEMAS)).isEqualTo(catalog);
        assertThat(Probe.changed(before, Probe.rows(superuser, SCHEMAS))).isEmpty();
    }

    private static Compensator compensator(String changeSet) {
        return Compensator.forRun("run-" + changeSet.substring(3))
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .on(target)
                .failedAt(Phase.WRITE_VERIFY);
    }

    private static Authority approve(CompensationPlan plan) {
        return Authority.decision(
                "sovereign@example.org",
                "DEC-" + plan.fingerprint().shortForm(),
                "reviewed",
                plan.fingerprint(),
                Instant.parse("2026-05-21T10:00:00Z"));
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static Set<String> unitKeys(String changeSet) {
        return Set.copyOf(Probe.texts(
                superuser,
                "SELECT ROW(information_unit_id)::text FROM " + quote(GOV) + "." + quote(AFFECTED) + " WHERE "
                        + quote(CHANGE_SET) + " = ?",
                changeSet));
    }

    private static Set<String> versionKeys(String changeSet) {
        return Set.copyOf(Probe.texts(
                superuser,
                "SELECT ROW(v.id)::text FROM public." + quote(VERSIONS) + " v JOIN " + quote(GOV) + "."
                        + quote(AFFECTED)
                        + " a ON a.information_unit_id = v." + quote(VERSION_UNIT) + " WHERE a." + quote(CHANGE_SET)
                        + " = ?",
                changeSet));
    }

    private static List<String> decisionKeys(String changeSet) {
        return Probe.texts(
                superuser,
                "SELECT ROW(id)::text FROM " + quote(GOV) + ".review_decision WHERE " + quote(CHANGE_SET) + " = ?",
                changeSet);
    }

    private static List<String> statuses(String changeSet) {
        return Probe.texts(
                superuser,
                "SELECT DISTINCT u." + quote(UNIT_STATUS) + " FROM public." + quote(UNITS) + " u JOIN " + quote(GOV)
                        + "." + quote(AFFECTED) + " a ON a.information_unit_id = u." + quote(UNIT_ID) + " WHERE a."
                        + quote(CHANGE_SET) + " = ? UNION SELECT DISTINCT v." + quote(VERSION_STATUS) + " FROM public."
                        + quote(VERSIONS) + " v JOIN " + quote(GOV) + "." + quote(AFFECTED)
                        + " a ON a.information_unit_id = v." + quote(VERSION_UNIT) + " WHERE a." + quote(CHANGE_SET)
                        + " = ?",
                changeSet,
                changeSet);
    }

    private record Psql(int exitCode, String output) {}

    private static Psql psql(String script) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("hostile-binding.sql"), script, StandardCharsets.UTF_8);
        URI url = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        "psql",
                        "-X",
                        "--no-password",
                        "-h",
                        url.getHost(),
                        "-p",
                        Integer.toString(url.getPort()),
                        "-U",
                        TestDatabase.CUTTER_EXEC,
                        "-d",
                        url.getPath().substring(1),
                        "-f",
                        file.toString()))
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", TestDatabase.CUTTER_EXEC);
        builder.environment().put("PGCLIENTENCODING", "UTF8");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("psql did not finish: " + output);
        }
        return new Psql(process.exitValue(), output);
    }

    static boolean psqlAvailable() {
        try {
            Process process = new ProcessBuilder("psql", "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
