package io.github.cutterrevert.proof.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.StepFailedException;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.CapturedStderr;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the library says while it works, captured from the log (slf4j-simple writes to {@code
 * System.err}, which is swapped for the test) and from its exceptions and fail-closed files: run id
 * and change set id, never the password of a data source whose URL carries it, never that URL,
 * never a row's contents ({@code unit_version.body}) or an address.
 */
@CutterPostgres
class LogHygieneIT {
    private static final String ROLE =
            "cutter_logprobe_" + HexFormat.of().toHexDigits(UUID.randomUUID().hashCode());
    private static final String PASSWORD =
            "Hunter2" + UUID.randomUUID().toString().replace("-", "");
    private static final String ADDRESS_MARK =
            "addr" + UUID.randomUUID().toString().replace("-", "");

    private static TestDatabase db;
    private static DataSource superuser;
    private static String urlWithPassword;
    private static PostgresTarget target;

    @BeforeAll
    static void aRoleWhosePasswordIsInTheUrl(TestDatabase database) {
        db = database;
        superuser = db.dataSource();
        ReferenceWorld.seedBaseline(superuser);
        PlainJdbc.run(superuser, "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "' IN ROLE cutter_exec");
        urlWithPassword =
                db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + ROLE + "&password=" + PASSWORD;
        target = PostgresTarget.of(dataSource(urlWithPassword));
    }

    @AfterAll
    static void dropTheRole() {
        PlainJdbc.run(superuser, "DROP ROLE IF EXISTS " + ROLE);
    }

    @Test
    void aFullCompensationLogsItsIdsAndNoSecretOrRowContent() throws Exception {
        cut("run-log-ok", "cs-log-ok");
        FailClosed failClosed = TestGovernance.failClosed();

        String log = captured(() -> {
            Compensator compensator = compensator("run-log-ok", failClosed);
            CompensationPlan plan = compensator.plan();
            CompensationResult result = compensator.authorizedBy(approve(plan)).execute();
            assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
            return null;
        });

        assertThat(log).contains("run run-log-ok").contains("change set cs-log-ok");
        assertClean("log", log);
        assertClean("fail-closed files", files(failClosed));
        assertThat(Probe.texts(
                        superuser,
                        "SELECT DISTINCT u.lifecycle_status FROM public.information_unit u"
                                + " JOIN cutter_governance.cut_change_set_affected_row a ON a.information_unit_id = u.id"
                                + " WHERE a.change_set_id = 'cs-log-ok'"))
                .containsExactly("withdrawn");
    }

    @Test
    void aRefusalLogsItsIdsAndNoSecretOrRowContent() throws Exception {
        cut("run-log-refused", "cs-log-refused");
        PlainJdbc.count(
                superuser,
                "SELECT count(public.fn_iu_enact(information_unit_id)) FROM (SELECT information_unit_id"
                        + " FROM cutter_governance.cut_change_set_affected_row WHERE change_set_id = 'cs-log-refused'"
                        + " ORDER BY information_unit_id LIMIT 1) AS first_unit");
        var before = Probe.rows(superuser);
        FailClosed failClosed = TestGovernance.failClosed();
        CompensationResult[] result = new CompensationResult[1];

        String log = captured(() -> {
            result[0] = compensator("run-log-refused", failClosed)
                    .authorizedBy(Authority.none())
                    .execute();
            return null;
        });

        assertThat(result[0].verdict()).isInstanceOf(Verdict.Refused.class);
        assertThat(log).contains("run-log-refused").contains("cs-log-refused");
        assertClean("log", log);
        assertClean("refusal reason", ((Verdict.Refused) result[0].verdict()).reason());
        String files = files(failClosed);
        assertThat(files).contains("run-log-refused");
        assertClean("fail-closed files", files);
        assertThat(Probe.changed(before, Probe.rows(superuser))).isEmpty();
    }

    @Test
    void aFailureWithAPasswordInTheUrlNamesRunAndTableButNoSecretOrRowContent() throws Exception {
        cut("run-log-fail", "cs-log-fail");
        // A trigger, not a REVOKE: a missing privilege is refused by the schema contract before the
        // transaction; this failure must happen inside a step.
        PlainJdbc.run(
                superuser,
                "CREATE FUNCTION public.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " RAISE EXCEPTION 'refused' USING ERRCODE = 'insufficient_privilege'; END $$");
        PlainJdbc.run(
                superuser,
                "CREATE TRIGGER refuse BEFORE UPDATE ON public.information_unit FOR EACH ROW EXECUTE FUNCTION public.refuse()");
        var before = Probe.rows(superuser);
        FailClosed failClosed = TestGovernance.failClosed();
        Throwable[] thrown = new Throwable[1];
        try {
            String log = captured(() -> {
                Compensator compensator = compensator("run-log-fail", failClosed);
                CompensationPlan plan = compensator.plan();
                thrown[0] = catchThrowable(
                        () -> compensator.authorizedBy(approve(plan)).execute());
                return null;
            });

            assertThat(thrown[0]).isInstanceOfSatisfying(StepFailedException.class, e -> {
                assertThat(e.sqlState()).contains("42501");
                assertThat(e.table()).isEqualTo("public.information_unit");
            });
            assertThat(thrown[0].getMessage()).contains("run run-log-fail");
            assertThat(log)
                    .as("the log names the change set of the failed run")
                    .contains("run run-log-fail")
                    .contains("change set cs-log-fail");
            assertClean("log", log);
            assertClean("exception", everything(thrown[0]));
            assertClean("fail-closed files", files(failClosed));
            assertThat(failClosed.hold()).isPresent();
            assertThat(Probe.changed(before, Probe.rows(superuser))).isEmpty();
        } finally {
            PlainJdbc.run(superuser, "DROP TRIGGER refuse ON public.information_unit");
            PlainJdbc.run(superuser, "DROP FUNCTION public.refuse()");
        }
    }

    @Test
    void aDatabaseThatRefusesTheConnectionDoesNotEchoTheUrlOrPassword() throws Exception {
        String wrongDatabase = urlWithPassword.replace("/" + db.name(), "/no_such_database_" + ROLE);
        PostgresTarget unreachable = PostgresTarget.of(dataSource(wrongDatabase));
        Throwable[] thrown = new Throwable[1];

        String log = captured(() -> {
            thrown[0] = catchThrowable(() -> Compensator.forRun("run-log-down")
                    .failClosed(TestGovernance.failClosed())
                    .on(unreachable)
                    .failedAt(Phase.WRITE_VERIFY)
                    .plan());
            return null;
        });

        assertThat(thrown[0]).isNotNull();
        assertClean("log", log);
        assertClean("exception", everything(thrown[0]));
        assertThat(everything(thrown[0])).doesNotContain("no_such_database_" + ROLE + "?");
    }

    private static void assertClean(String what, String text) {
        assertThat(text)
                .as(what + " never carries the password")
                .doesNotContain(PASSWORD)
                .as(what + " never carries a URL with credentials")
                .doesNotContain("password=")
                .doesNotContain(urlWithPassword)
                .as(what + " never carries an address or a version body")
                .doesNotContain(ADDRESS_MARK)
                .doesNotContainPattern("#v[0-9]");
    }

    private static void cut(String runId, String changeSet) {
        CutScenario.forRun(runId)
                .changeSet(changeSet)
                .units(2)
                .versionsPerUnit(2)
                .addressPrefix(ADDRESS_MARK + "/" + changeSet + "/iu-")
                .failingAt(Phase.WRITE_VERIFY)
                .apply(superuser);
        assertThat(Probe.texts(
                        superuser,
                        "SELECT v.body FROM public.unit_version v JOIN cutter_governance.cut_change_set_affected_row a"
                                + " ON a.information_unit_id = v.information_unit_id WHERE a.change_set_id = ?"
                                + " ORDER BY v.body",
                        changeSet))
                .as("the row contents the library must never print")
                .first()
                .asString()
                .startsWith(ADDRESS_MARK)
                .endsWith("#v1");
    }

    private static Compensator compensator(String runId, FailClosed failClosed) {
        return Compensator.forRun(runId)
                .failClosed(failClosed)
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

    private static DataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        return dataSource;
    }

    /** Runs the work with System.err (where slf4j-simple writes) copied into a buffer. */
    private static String captured(Supplier<Void> work) {
        return CapturedStderr.during(work::get);
    }

    /** The exception's text as a log would print it: messages, causes, suppressed, stack. */
    private static String everything(Throwable thrown) {
        StringWriter out = new StringWriter();
        thrown.printStackTrace(new PrintWriter(out));
        List<String> parts = new ArrayList<>(List.of(out.toString()));
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            parts.add(String.valueOf(t));
        }
        return String.join("\n", parts);
    }

    /** The text of every file the fail-closed procedure wrote. */
    private static String files(FailClosed failClosed) throws IOException {
        Path home = failClosed.rollbackDirectory().getParent();
        StringBuilder text = new StringBuilder();
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                text.append(path).append('\n').append(Files.readString(path)).append('\n');
            }
        }
        return text.toString();
    }
}
