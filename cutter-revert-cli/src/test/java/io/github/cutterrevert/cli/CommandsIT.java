package io.github.cutterrevert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.cli.Operator.Result;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.SeedScenario;
import io.github.cutterrevert.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command in-process against the testkit's PostgreSQL, as {@code cutter_exec}: what it
 * prints, its exit code, and the database afterwards read on a fresh connection.
 */
@CutterPostgres
class CommandsIT {
    private static TestDatabase db;

    @TempDir
    Path home;

    @BeforeAll
    static void world(TestDatabase database) {
        db = database;
        ReferenceWorld.seedBaseline(db.dataSource());
    }

    private static long count(String sql, Object... parameters) {
        return PlainJdbc.count(db.dataSource(), sql, parameters);
    }

    private static long units(String changeSet, String status) {
        return count(
                "SELECT count(*) FROM public.information_unit iu JOIN cutter_governance.cut_change_set_affected_row a"
                        + " ON a.information_unit_id = iu.id WHERE a.change_set_id = ? AND iu.lifecycle_status = ?",
                changeSet,
                status);
    }

    private static long decisions(String changeSet) {
        return count("SELECT count(*) FROM cutter_governance.review_decision WHERE change_set_id = ?", changeSet);
    }

    @Test
    void theOperatorWalksFromSnapshotToAVerifiedChain() throws Exception {
        Operator operator = Operator.on(db, home);
        Result snapshot = operator.run("snapshot", "--run", "run-walk");
        assertThat(snapshot.exit()).as(snapshot.toString()).isZero();
        assertThat(snapshot.out()).contains("public.information_unit", "158");
        Path pre = home.resolve("cutter/rollback/run-walk/pre.json");
        assertThat(pre).exists();
        CutScenario.forRun("run-walk")
                .units(3)
                .versionsPerUnit(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());

        Result plan = operator.run("plan", "--run", "run-walk", "--failed-at", "write_verify");
        assertThat(plan.exit()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("Compensation plan for run run-walk", "SOFT_REVERT", "--fingerprint");
        String fingerprint = operator.json("plan", "--run", "run-walk", "--failed-at", "write_verify")
                .json()
                .path("fingerprint")
                .asText();
        assertThat(fingerprint).hasSize(64).as("in the human form too").isIn(words(plan.out()));

        Result preview = operator.run("preview", "--run", "run-walk", "--failed-at", "write_verify");
        assertThat(preview.exit()).as(preview.toString()).isZero();
        assertThat(preview.out()).contains("public.information_unit", "rolled back");
        JsonNode rows = operator.json("preview", "--run", "run-walk", "--failed-at", "write_verify")
                .json()
                .path("rows_affected");
        assertThat(rows.path("public.information_unit").asLong()).isEqualTo(3);
        assertThat(rows.path("public.unit_version").asLong()).isEqualTo(6);
        assertThat(units("cs-run-walk", "draft")).as("preview wrote nothing").isEqualTo(3);
        assertThat(decisions("cs-run-walk")).isZero();

        Result script = operator.run("script", "--run", "run-walk", "--failed-at", "write_verify");
        assertThat(script.exit()).isZero();
        assertThat(script.out()).contains("\\set ON_ERROR_STOP on", "update \"public\".\"unit_version\"");

        Path approval = home.resolve("approval.json");
        Result approve = operator.run(
                "approve",
                "--run",
                "run-walk",
                "--failed-at",
                "write_verify",
                "--fingerprint",
                fingerprint,
                "--by",
                "sovereign@example.org",
                "--decision-id",
                "DEC-7",
                "--reason",
                "reviewed: soft revert",
                "--out",
                approval.toString());
        assertThat(approve.exit()).as(approve.toString()).isZero();
        assertThat(Files.readString(approval))
                .contains(fingerprint, "sovereign@example.org", "DEC-7", Operator.APPROVER_KEY_ID, "signature");

        Result execute = operator.run(
                "execute", "--run", "run-walk", "--failed-at", "write_verify", "--approval", approval.toString());
        assertThat(execute.exit()).as(execute.toString()).isZero();
        assertThat(execute.out()).contains("COMPENSATED");
        assertThat(units("cs-run-walk", "withdrawn")).isEqualTo(3);
        assertThat(units("cs-run-walk", "draft")).isZero();
        assertThat(decisions("cs-run-walk")).isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM cutter_governance.review_decision WHERE change_set_id = ? AND decided_by = ?",
                        "cs-run-walk",
                        "sovereign@example.org"))
                .as("the approver is the decider of the compensating decision")
                .isEqualTo(1);

        Result decisions = operator.json("decisions", "--change-set", "cs-run-walk");
        assertThat(decisions.exit()).isZero();
        assertThat(decisions.json().path("decisions")).hasSize(1);
        assertThat(decisions.json().path("decisions").get(0).path("key_id").asText())
                .isEqualTo(Operator.SIGNER_KEY_ID);
        assertThat(operator.run("decisions").out()).contains("cs-run-walk", "reverted", Operator.SIGNER_KEY_ID);

        Result verify = operator.run("verify-chain", "--change-set", "cs-run-walk"); // keys: the trust store
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("intact");
        Result forged = operator.run(
                "verify-chain",
                "--change-set",
                "cs-run-walk",
                "--keys",
                Operator.otherServiceKey(home.resolve("other")).toString());
        assertThat(forged.exit()).as(forged.toString()).isEqualTo(ExitCode.CHAIN_BROKEN.code());
        assertThat(forged.out()).contains("BROKEN", "BAD_SIGNATURE");

        Result again = operator.run(
                "execute", "--run", "run-walk", "--failed-at", "write_verify", "--approval", approval.toString());
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("NOTHING TO DO");
        assertThat(decisions("cs-run-walk")).isEqualTo(1);
    }

    private static java.util.List<String> words(String text) {
        return java.util.List.of(text.split("\\s+"));
    }

    @Test
    void executeWithoutAnApprovalIsNotApprovedAndWritesNothing() {
        CutScenario.forRun("run-unapproved")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Operator operator = Operator.on(db, home);

        Result refused = operator.run("execute", "--run", "run-unapproved", "--failed-at", "write_verify");

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCode.NOT_APPROVED.code());
        assertThat(refused.err()).contains("not approved", "approve");
        assertThat(units("cs-run-unapproved", "draft")).isEqualTo(2);
        assertThat(decisions("cs-run-unapproved")).isZero();
        assertThat(operator.run("status").exit())
                .as("no HOLD: a human is already in the loop")
                .isZero();
    }

    @Test
    void approvingAnotherFingerprintIsRefusedAndNoFileIsWritten() {
        CutScenario.forRun("run-stale").units(2).failingAt(Phase.WRITE_VERIFY).apply(db.dataSource());
        Operator operator = Operator.on(db, home);
        String soft = operator.json("plan", "--run", "run-stale", "--failed-at", "write_verify")
                .json()
                .path("fingerprint")
                .asText();
        Path approval = home.resolve("hard.json");

        Result refused = operator.json(
                "approve",
                "--run",
                "run-stale",
                "--failed-at",
                "write_verify",
                "--hard",
                "--fingerprint",
                soft,
                "--by",
                "sovereign",
                "--decision-id",
                "DEC-8",
                "--reason",
                "reviewed the soft plan",
                "--out",
                approval.toString());

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCode.NOT_APPROVED.code());
        assertThat(refused.json().path("error").path("approved_fingerprint").asText())
                .isEqualTo(soft);
        assertThat(approval).doesNotExist();
        Result malformed = operator.run(
                "approve",
                "--run",
                "run-stale",
                "--failed-at",
                "write_verify",
                "--fingerprint",
                "abc",
                "--by",
                "sovereign",
                "--decision-id",
                "DEC-8",
                "--reason",
                "r",
                "--out",
                approval.toString());
        assertThat(malformed.exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(approval).doesNotExist();
    }

    @Test
    void aHardDeleteUnderTheTwoPersonRuleRunsWithTwoSignedApprovalsOnly() throws Exception {
        CutScenario.forRun("run-hard")
                .units(2)
                .versionsPerUnit(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Operator sovereign = Operator.on(db, home).env("CUTTER_REQUIRED_APPROVERS", "2");
        Operator reviewer = Operator.on(db, home.resolve("reviewer"));
        reviewer.approveWith("reviewer-1", home.resolve("keys"));
        String[] hard = {"--run", "run-hard", "--failed-at", "write_verify", "--hard"};
        String fingerprint = sovereign
                .json(concat(new String[] {"plan"}, hard))
                .json()
                .path("fingerprint")
                .asText();
        Path first = home.resolve("hard-sovereign.json");
        Path second = home.resolve("hard-reviewer.json");
        String[] approve = concat(new String[] {"approve"}, hard);
        String[] terms = {"--fingerprint", fingerprint, "--decision-id", "DEC-H", "--reason", "hard delete approved"};
        assertThat(sovereign
                        .run(concat(
                                concat(approve, terms), new String[] {"--by", "sovereign", "--out", first.toString()}))
                        .exit())
                .isZero();
        String written = Files.readString(first);
        Result twice = sovereign.run(
                concat(concat(approve, terms), new String[] {"--by", "sovereign", "--out", first.toString()}));
        assertThat(twice.exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(twice.err()).contains("no file exists yet");
        assertThat(Files.readString(first)).as("never overwritten").isEqualTo(written);
        String[] execute = concat(new String[] {"execute"}, hard);

        Result one = sovereign.json(concat(execute, new String[] {"--approval", first.toString()}));
        assertThat(one.exit()).as(one.toString()).isEqualTo(ExitCode.NOT_APPROVED.code());
        assertThat(one.json().path("error").path("reason").asText()).isEqualTo("TOO_FEW_APPROVERS");
        assertThat(units("cs-run-hard", "draft")).as("nothing written").isEqualTo(2);
        assertThat(sovereign.run("status").exit()).as("no HOLD").isZero();

        assertThat(reviewer.run(concat(
                                concat(approve, terms), new String[] {"--by", "reviewer", "--out", second.toString()}))
                        .exit())
                .isZero();
        Result both = sovereign.run(
                concat(execute, new String[] {"--approval", first.toString(), "--approval", second.toString()}));

        assertThat(both.exit()).as(both.toString()).isZero();
        assertThat(count(
                        "SELECT count(*) FROM cutter_governance.cut_change_set_affected_row a JOIN public.information_unit iu"
                                + " ON iu.id = a.information_unit_id WHERE a.change_set_id = ?",
                        "cs-run-hard"))
                .as("units deleted")
                .isZero();
        Result chain = sovereign.run("verify-chain", "--change-set", "cs-run-hard");
        assertThat(chain.exit()).as(chain.toString()).isZero();
    }

    @Test
    void anApprovalThatDoesNotVerifyIsRefusedWithoutWriteOrHold() throws Exception {
        CutScenario.forRun("run-forged").units(2).failingAt(Phase.WRITE_VERIFY).apply(db.dataSource());
        Operator operator = Operator.on(db, home);
        Operator stranger = Operator.on(db, home.resolve("stranger"));
        stranger.approveWith("stranger-1", home.resolve("stranger-keys")); // not in the operator's trust store
        String[] run = {"--run", "run-forged", "--failed-at", "write_verify"};
        String fingerprint = operator.json(concat(new String[] {"plan"}, run))
                .json()
                .path("fingerprint")
                .asText();
        String[] terms = {
            "--fingerprint", fingerprint, "--by", "sovereign", "--decision-id", "DEC-F", "--reason", "ok", "--out"
        };
        Path unknown = home.resolve("unknown.json");
        assertThat(stranger.run(concat(
                                concat(new String[] {"approve"}, run),
                                concat(terms, new String[] {unknown.toString()})))
                        .exit())
                .isZero();
        Path tampered = home.resolve("tampered.json");
        assertThat(operator.run(concat(
                                concat(new String[] {"approve"}, run),
                                concat(terms, new String[] {tampered.toString()})))
                        .exit())
                .isZero();
        Files.writeString(tampered, Files.readString(tampered).replace("\"ok\"", "\"ok, and more\""));

        Result unknownKey = operator.json(
                concat(concat(new String[] {"execute"}, run), new String[] {"--approval", unknown.toString()}));
        Result badSignature = operator.json(
                concat(concat(new String[] {"execute"}, run), new String[] {"--approval", tampered.toString()}));

        assertThat(unknownKey.exit()).as(unknownKey.toString()).isEqualTo(ExitCode.NOT_APPROVED.code());
        assertThat(unknownKey.json().path("error").path("reason").asText()).isEqualTo("UNKNOWN_KEY");
        assertThat(badSignature.exit()).as(badSignature.toString()).isEqualTo(ExitCode.NOT_APPROVED.code());
        assertThat(badSignature.json().path("error").path("reason").asText()).isEqualTo("BAD_SIGNATURE");
        assertThat(units("cs-run-forged", "draft")).isEqualTo(2);
        assertThat(decisions("cs-run-forged")).isZero();
        assertThat(operator.run("status").exit()).as("no HOLD").isZero();
        Result noKey = operator.env("CUTTER_APPROVER_KEY_FILE", null)
                .run(concat(
                        concat(new String[] {"approve"}, run),
                        concat(terms, new String[] {home.resolve("never.json").toString()})));
        assertThat(noKey.exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(noKey.err()).contains("--key", "an approval is a signature");
        assertThat(home.resolve("never.json")).doesNotExist();
    }

    @Test
    void aRefusalHoldsAndTheOperatorReleasesIt() throws Exception {
        CutScenario.forRun("run-enacted")
                .units(3)
                .enactedUnits(1) // every phase committed, only 1 of 3 units enacted
                .apply(db.dataSource());
        Operator operator = Operator.on(db, home);

        Result refused = operator.json("execute", "--run", "run-enacted", "--failed-at", "lifecycle_enact");

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(refused.json().path("outcome").asText()).isEqualTo("refused");
        Path bundle = Path.of(refused.json().path("escalation_bundles").get(0).asText());
        assertThat(Files.readString(bundle)).contains("REFUSED", "run-enacted");
        assertThat(units("cs-run-enacted", "draft")).as("nothing written").isEqualTo(2);

        Result status = operator.run("status");
        assertThat(status.exit()).isEqualTo(ExitCode.ON_HOLD.code());
        assertThat(status.out())
                .contains(
                        "ON HOLD by run run-enacted", "OFF (execution_enabled = false)", "STOPPED", bundle.toString());

        Result held = operator.run("execute", "--run", "run-walk-elsewhere", "--failed-at", "write_verify");
        assertThat(held.exit()).isEqualTo(ExitCode.ON_HOLD.code());
        assertThat(held.err()).contains("run-enacted", "release --by");
        assertThat(operator.run("plan", "--run", "run-enacted", "--failed-at", "write_verify")
                        .exit())
                .as("planning works on HOLD")
                .isZero();

        Result release = operator.run(
                "release", "--by", "sovereign@example.org", "--reason", "enacted unit stays; DEC-9", "--rearm");
        assertThat(release.exit()).as(release.toString()).isZero();
        JsonNode after = operator.json("status", "--run", "run-enacted").json();
        assertThat(after.path("on_hold").asBoolean()).isFalse();
        assertThat(after.path("execution_enabled").asBoolean()).isTrue();
        assertThat(after.path("runs").get(0).path("state").asText()).isEqualTo("STOPPED");
    }

    @Test
    void aHoldKeptInTheDatabaseStopsAnotherHostUntilReleased() throws Exception {
        CutScenario.forRun("run-shared")
                .units(2)
                .enactedUnits(1) // every phase committed, only 1 of 2 units enacted
                .apply(db.dataSource());
        CutScenario.forRun("run-shared-2")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        Operator hostA = Operator.on(db, home.resolve("host-a")).env("CUTTER_HOLD", "both");
        Operator hostB = Operator.on(db, home.resolve("host-b")).env("CUTTER_HOLD", "database");

        Result refused = hostA.run("execute", "--run", "run-shared", "--failed-at", "lifecycle_enact");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCode.REFUSED.code());

        Result seenByB = hostB.json("status");
        assertThat(seenByB.exit()).as(seenByB.toString()).isEqualTo(ExitCode.ON_HOLD.code());
        assertThat(seenByB.json().path("hold").path("run").asText()).isEqualTo("run-shared");
        assertThat(seenByB.json().path("hold").path("location").asText()).contains("cutter_hold_event");
        Result blocked = hostB.run("execute", "--run", "run-shared-2", "--failed-at", "write_verify");
        assertThat(blocked.exit()).as(blocked.toString()).isEqualTo(ExitCode.ON_HOLD.code());
        assertThat(units("cs-run-shared-2", "draft")).isEqualTo(2);
        assertThat(hostA.json("status").json().path("holds")).as("file and row").hasSize(2);

        Result released = hostA.run("release", "--by", "sovereign@example.org", "--reason", "enacted unit stays");
        assertThat(released.exit()).as(released.toString()).isZero();
        assertThat(hostB.run("status").exit()).as("released for every host").isZero();
        assertThat(hostA.run("status").exit()).isZero();
        assertThat(count("SELECT count(*) FROM cutter_governance.cutter_hold_event"))
                .as("placed, released: appended")
                .isEqualTo(2);
    }

    @Test
    void aSnapshotIsWriteOnce() {
        Operator operator = Operator.on(db, home);
        assertThat(operator.run("snapshot", "--run", "run-once").exit()).isZero();

        Result second = operator.run("snapshot", "--run", "run-once");

        assertThat(second.exit()).isEqualTo(ExitCode.FAILED.code());
        assertThat(second.err()).contains("pre.json");
    }

    @Test
    void aSeedDeltaIsRolledBackByExactIdentity() {
        SeedScenario.constitutionSource().apply(db.dataSource());
        Operator operator = Operator.on(db, home);
        String[] delta = {
            "--run", "rollback-seed",
            "--parent", "source_document_ref=" + SeedScenario.SOURCE_DOCUMENT_REF,
            "--parent", "address_docprefix=" + SeedScenario.ADDRESS_DOCPREFIX,
            "--parent", "registered_by=" + SeedScenario.REGISTERED_BY,
            "--child", "source_document_ref=" + SeedScenario.SOURCE_DOCUMENT_REF,
            "--child", "document_version_id=" + SeedScenario.DOCUMENT_VERSION_ID,
            "--child", "content_checksum=" + SeedScenario.CONTENT_CHECKSUM,
            "--child", "registered_by=" + SeedScenario.REGISTERED_BY
        };
        Result plan = operator.json(concat(new String[] {"seed-rollback", "plan"}, delta));
        assertThat(plan.exit()).as(plan.toString()).isZero();
        String fingerprint = plan.json().path("fingerprint").asText();
        assertThat(operator.run(concat(new String[] {"seed-rollback", "preview"}, delta))
                        .exit())
                .isZero();
        assertThat(operator.run(concat(new String[] {"seed-rollback", "script"}, delta))
                        .out())
                .contains("delete from");
        assertThat(operator.run(concat(new String[] {"seed-rollback", "execute"}, delta))
                        .exit())
                .as("no approval")
                .isEqualTo(ExitCode.NOT_APPROVED.code());
        Path approval = home.resolve("seed.json");
        assertThat(operator.run(concat(concat(new String[] {"seed-rollback", "approve"}, delta), new String[] {
                            "--fingerprint",
                            fingerprint,
                            "--by",
                            "sovereign",
                            "--decision-id",
                            "RB-1",
                            "--reason",
                            "path A",
                            "--out",
                            approval.toString()
                        }))
                        .exit())
                .isZero();

        Result execute = operator.run(concat(
                concat(new String[] {"seed-rollback", "execute"}, delta),
                new String[] {"--approval", approval.toString()}));

        assertThat(execute.exit()).as(execute.toString()).isZero();
        DataSource ds = db.dataSource();
        assertThat(PlainJdbc.count(
                        ds,
                        "SELECT count(*) FROM cutter_governance.source_document_registry WHERE source_document_ref = ?",
                        SeedScenario.SOURCE_DOCUMENT_REF))
                .isZero();
    }

    @Test
    void thePasswordComesFromAFileOrThePromptAndAMissingFileIsAnInputError() throws Exception {
        Path passwordFile = home.resolve("password");
        Operator operator = Operator.on(db, home)
                .env("CUTTER_JDBC_PASSWORD", null)
                .env("CUTTER_JDBC_PASSWORD_FILE", passwordFile.toString());

        Result missing = operator.run("decisions");
        assertThat(missing.exit()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(missing.err()).contains("password-file", passwordFile.toString());

        Files.writeString(passwordFile, TestDatabase.CUTTER_EXEC + "\n");
        assertThat(operator.run("decisions").exit())
                .as("from the file, without its newline")
                .isZero();
        java.util.List<String> asked = new java.util.ArrayList<>();
        Result prompted = Operator.on(db, home)
                .env("CUTTER_JDBC_PASSWORD", null)
                .prompt(prompt -> {
                    asked.add(prompt);
                    return java.util.Optional.of(TestDatabase.CUTTER_EXEC.toCharArray());
                })
                .run("decisions", "--password-prompt");
        assertThat(prompted.exit()).as(prompted.toString()).isZero();
        assertThat(asked).containsExactly("Password for cutter_exec: ");
    }

    static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
