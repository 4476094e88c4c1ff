package io.github.cutterrevert.proof.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.Approval;
import io.github.cutterrevert.ApprovalRefusedException;
import io.github.cutterrevert.ApprovalRefusedException.Reason;
import io.github.cutterrevert.Authority;
import io.github.cutterrevert.ChainVerification;
import io.github.cutterrevert.ChainVerification.Problem;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.TrustStore;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.ApprovalFile;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sovereign-signed approvals end to end: approvers' keys are PKCS#8 files, their public keys a
 * directory of PEM files, approvals travel as JSON files; a signed approval executes a hard delete,
 * every refusal writes nothing and places no HOLD, and the ledger records approvals the verifier
 * checks.
 */
@CutterPostgres
class SignedApprovalIT {
    private static final Instant NOW = Instant.now();

    private static DataSource superuser;
    private static PostgresTarget target;
    private static Path home;
    private static TrustStore trust;
    private static DecisionSigner sovereign;
    private static DecisionSigner reviewer;
    private static DecisionSigner stranger;

    @BeforeAll
    static void world(TestDatabase db) throws Exception {
        superuser = db.dataSource();
        ReferenceWorld.seedBaseline(superuser);
        target = PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
        home = Files.createTempDirectory("cutter-approvals-");
        Path keys = Files.createDirectories(home.resolve("trusted"));
        sovereign = approverKey("sovereign-2026", keys);
        reviewer = approverKey("reviewer-2026", keys);
        stranger = approverKey("stranger", Files.createDirectories(home.resolve("untrusted")));
        trust = TrustStore.fromDirectory(keys);
    }

    /** An approver's key pair as openssl would write it: PKCS#8 PEM private, X.509 PEM public. */
    private static DecisionSigner approverKey(String keyId, Path publicDirectory) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path secret = Files.writeString(
                home.resolve(keyId + ".pem"),
                pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(
                publicDirectory.resolve(keyId + ".pub.pem"),
                pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return DecisionSigner.fromPkcs8(keyId, secret);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    /** The verifier's keys: the approvers' and the service's. */
    private static TrustStore verifierKeys() {
        Map<String, java.security.PublicKey> keys = new HashMap<>(trust.keys());
        keys.putAll(TestGovernance.publicKeys());
        return TrustStore.of(keys);
    }

    private static void cut(String cs) {
        CutScenario.forRun("run-" + cs)
                .changeSet(cs)
                .units(2)
                .versionsPerUnit(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(superuser);
    }

    private static Compensator hardDelete(String cs) {
        return Compensator.forRun("run-" + cs)
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .hardDelete()
                .failClosed(TestGovernance.failClosed())
                .signedBy(TestGovernance.signer())
                .trusting(trust);
    }

    /** Signs, writes the JSON file and reads it back, as an approver and an operator would. */
    private static Approval approval(Approval.Terms terms, DecisionSigner key) {
        Path file = home.resolve("approval-" + System.nanoTime() + ".json");
        ApprovalFile.write(Approval.sign(terms, key), file);
        return ApprovalFile.read(file);
    }

    private static Approval.Terms terms(CompensationPlan plan, String decisionId, String approver) {
        return Approval.Terms.of(
                plan,
                decisionId,
                approver,
                "hard delete approved at review",
                NOW.minusSeconds(60),
                NOW.plus(Duration.ofHours(1)));
    }

    /** The state a refusal must leave untouched, read on a fresh connection. */
    private static List<Long> state(String cs) {
        return List.of(
                PlainJdbc.count(superuser, "SELECT count(*) FROM public.information_unit"),
                PlainJdbc.count(superuser, "SELECT count(*) FROM public.unit_version"),
                PlainJdbc.count(superuser, "SELECT count(*) FROM public.iu_lifecycle_log"),
                PlainJdbc.count(superuser, "SELECT count(*) FROM cutter_governance.review_decision"),
                PlainJdbc.count(
                        superuser,
                        "SELECT count(*) FROM public.information_unit iu JOIN cutter_governance.cut_change_set_affected_row a"
                                + " ON a.information_unit_id = iu.id WHERE a.change_set_id = ? AND iu.lifecycle_status = 'draft'",
                        cs));
    }

    private static void assertRefused(String cs, Compensator compensator, Authority authority, Reason reason) {
        List<Long> before = state(cs);
        FailClosed failClosed = TestGovernance.failClosed();
        compensator.failClosed(failClosed).authorizedBy(authority);
        assertThatThrownBy(compensator::execute)
                .as("refused with %s", reason)
                .isInstanceOfSatisfying(ApprovalRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(reason.name()).contains("no HOLD");
                });
        assertThat(state(cs)).as("nothing written (%s)", reason).isEqualTo(before);
        assertThat(before.get(4)).as("the change set's units are still draft").isEqualTo(2);
        assertThat(failClosed.hold()).as("no HOLD (%s)", reason).isEmpty();
        assertThat(failClosed.killSwitch().executionEnabled())
                .as("kill switch on (%s)", reason)
                .isTrue();
    }

    @Test
    void aSignedApprovalExecutesAHardDeleteAndTheLedgerRecordsIt() {
        cut("cs-signed");
        long unitsBefore = PlainJdbc.count(superuser, "SELECT count(*) FROM public.information_unit");
        Compensator compensator = hardDelete("cs-signed");
        CompensationPlan plan = compensator.plan();
        Approval approval = approval(terms(plan, "DEC-SIGNED", "sovereign@example.org"), sovereign);

        Verdict verdict = compensator
                .authorizedBy(Authority.signed(List.of(approval)))
                .execute()
                .verdict();

        assertThat(verdict).isEqualTo(new Verdict.Compensated());
        assertThat(PlainJdbc.count(superuser, "SELECT count(*) FROM public.information_unit"))
                .isEqualTo(unitsBefore - 2);
        assertThat(PlainJdbc.text(
                        superuser,
                        "SELECT approval_decision_id || ' ' || decided_by FROM cutter_governance.review_decision"
                                + " WHERE change_set_id = 'cs-signed'"))
                .isEqualTo("DEC-SIGNED sovereign@example.org");
        assertThat(PlainJdbc.text(
                        superuser,
                        "SELECT approvals FROM cutter_governance.review_decision WHERE change_set_id = 'cs-signed'"))
                .as("the whole signed approval, byte for byte")
                .isEqualTo(Approval.ledgerForm(List.of(approval)));
        assertThat(target.verifyDecisions(verifierKeys(), ChangeSetId.of("cs-signed"))
                        .intact())
                .isTrue();
    }

    @Test
    void eachRefusedApprovalWritesNothingAndPlacesNoHold() {
        cut("cs-refused");
        CompensationPlan plan = hardDelete("cs-refused").plan();
        CompensationPlan softPlan = Compensator.forRun("run-cs-refused")
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .plan();
        Approval.Terms good = terms(plan, "DEC-REFUSED", "sovereign@example.org");

        assertRefused(
                "cs-refused",
                hardDelete("cs-refused"),
                Authority.signed(List.of(approval(good, stranger))),
                Reason.UNKNOWN_KEY);
        Approval signed = approval(good, sovereign);
        Approval edited = ApprovalFile.fromJson(ApprovalFile.toJson(signed)
                .replace("hard delete approved at review", "hard delete approved at review, all of it"));
        assertRefused("cs-refused", hardDelete("cs-refused"), Authority.signed(List.of(edited)), Reason.BAD_SIGNATURE);
        assertRefused(
                "cs-refused",
                hardDelete("cs-refused"),
                Authority.signed(List.of(approval(
                        new Approval.Terms(
                                good.fingerprint(),
                                good.kind(),
                                good.mode(),
                                good.subject(),
                                good.changeSet(),
                                good.revertRunId(),
                                good.decisionId(),
                                good.approver(),
                                good.reason(),
                                NOW.minus(Duration.ofHours(3)),
                                NOW.minus(Duration.ofHours(1))),
                        sovereign))),
                Reason.EXPIRED);
        assertRefused(
                "cs-refused",
                hardDelete("cs-refused"),
                Authority.signed(List.of(approval(
                        new Approval.Terms(
                                good.fingerprint(),
                                good.kind(),
                                good.mode(),
                                good.subject(),
                                good.changeSet(),
                                good.revertRunId(),
                                good.decisionId(),
                                good.approver(),
                                good.reason(),
                                NOW.plus(Duration.ofHours(1)),
                                NOW.plus(Duration.ofHours(2))),
                        sovereign))),
                Reason.NOT_YET_VALID);
        assertRefused(
                "cs-refused",
                hardDelete("cs-refused"),
                Authority.signed(List.of(approval(terms(softPlan, "DEC-REFUSED", "sovereign@example.org"), sovereign))),
                Reason.FINGERPRINT_MISMATCH);
        // Same kind, mode and subject, but approving the plan as it was before the database changed.
        assertRefused(
                "cs-refused",
                hardDelete("cs-refused"),
                Authority.signed(List.of(approval(
                        new Approval.Terms(
                                io.github.cutterrevert.Fingerprint.of("0".repeat(64)),
                                good.kind(),
                                good.mode(),
                                good.subject(),
                                good.changeSet(),
                                good.revertRunId(),
                                good.decisionId(),
                                good.approver(),
                                good.reason(),
                                good.issuedAt(),
                                good.expiresAt()),
                        sovereign))),
                Reason.FINGERPRINT_MISMATCH);
        assertRefused(
                "cs-refused",
                hardDelete("cs-refused"),
                Authority.signed(List.of(approval(
                        new Approval.Terms(
                                good.fingerprint(),
                                good.kind(),
                                good.mode(),
                                "change set cs-other",
                                Optional.of(ChangeSetId.of("cs-other")),
                                good.revertRunId(),
                                good.decisionId(),
                                good.approver(),
                                good.reason(),
                                good.issuedAt(),
                                good.expiresAt()),
                        sovereign))),
                Reason.SUBJECT_MISMATCH);
        assertRefused(
                "cs-refused",
                hardDelete("cs-refused"),
                Authority.decision("sovereign@example.org", "DEC-REFUSED", "trust me", plan.fingerprint(), NOW),
                Reason.UNSIGNED);
        assertRefused(
                "cs-refused",
                hardDelete("cs-refused").requiredApprovers(2),
                Authority.signed(List.of(signed)),
                Reason.TOO_FEW_APPROVERS);
    }

    @Test
    void aDecisionIdAlreadyUsedInTheLedgerIsRefusedAsAReplay() throws SQLException {
        cut("cs-first");
        cut("cs-second");
        Compensator first = hardDelete("cs-first");
        CompensationPlan firstPlan = first.plan();
        first.authorizedBy(Authority.signed(
                        List.of(approval(terms(firstPlan, "DEC-ONCE", "sovereign@example.org"), sovereign))))
                .execute();

        Compensator second = hardDelete("cs-second");
        CompensationPlan secondPlan = second.plan();
        assertRefused(
                "cs-second",
                second,
                Authority.signed(List.of(approval(terms(secondPlan, "DEC-ONCE", "sovereign@example.org"), sovereign))),
                Reason.REPLAYED);

        // A writer that skips the library's check meets the database's unique index (23505).
        assertThatThrownBy(() -> PlainJdbc.run(
                        superuser,
                        "INSERT INTO cutter_governance.review_decision (change_set_id, decision, decided_by,"
                                + " approval_decision_id) VALUES ('cs-second', 'reverted', 'mallory', 'DEC-ONCE')"))
                .isInstanceOfSatisfying(IllegalStateException.class, e -> assertThat(e.getCause())
                        .isInstanceOfSatisfying(SQLException.class, sql -> assertThat(sql.getSQLState())
                                .isEqualTo("23505")));
        assertThat(PlainJdbc.count(
                        superuser,
                        "SELECT count(*) FROM cutter_governance.review_decision WHERE change_set_id = 'cs-second'"))
                .isZero();
    }

    @Test
    void theTwoPersonRuleRefusesOneOfTwoAndExecutesTwoOfTwo() {
        cut("cs-two");
        CompensationPlan plan = hardDelete("cs-two").plan();
        Approval bySovereign = approval(terms(plan, "DEC-TWO", "sovereign@example.org"), sovereign);
        Approval byReviewer = approval(terms(plan, "DEC-TWO", "reviewer@example.org"), reviewer);

        assertRefused(
                "cs-two",
                hardDelete("cs-two").requiredApprovers(2),
                Authority.signed(List.of(bySovereign)),
                Reason.TOO_FEW_APPROVERS);

        Verdict verdict = hardDelete("cs-two")
                .requiredApprovers(2)
                .authorizedBy(Authority.signed(List.of(bySovereign, byReviewer)))
                .execute()
                .verdict();
        assertThat(verdict).isEqualTo(new Verdict.Compensated());
        assertThat(PlainJdbc.count(
                        superuser,
                        "SELECT count(*) FROM public.information_unit iu JOIN cutter_governance.cut_change_set_affected_row a"
                                + " ON a.information_unit_id = iu.id WHERE a.change_set_id = 'cs-two'"))
                .isZero();
        assertThat(PlainJdbc.text(
                        superuser,
                        "SELECT decided_by FROM cutter_governance.review_decision WHERE change_set_id = 'cs-two'"))
                .isEqualTo("sovereign@example.org, reviewer@example.org");
        assertThat(target.verifyDecisions(verifierKeys(), ChangeSetId.of("cs-two"))
                        .intact())
                .isTrue();
    }

    @Test
    void aTamperedSwappedOrReusedApprovalInTheLedgerIsReportedAtItsEntry() throws SQLException {
        long[] ids = new long[2];
        for (int i = 0; i < 2; i++) {
            String cs = "cs-tamper-" + i;
            cut(cs);
            Compensator c = hardDelete(cs);
            CompensationPlan plan = c.plan();
            c.authorizedBy(Authority.signed(
                            List.of(approval(terms(plan, "DEC-T" + i, "sovereign@example.org"), sovereign))))
                    .execute();
            ids[i] = PlainJdbc.count(
                    superuser, "SELECT id FROM cutter_governance.review_decision WHERE change_set_id = ?", cs);
        }
        ChangeSetId second = ChangeSetId.of("cs-tamper-1");
        assertThat(target.verifyDecisions(verifierKeys()).intact()).isTrue();
        String original = PlainJdbc.text(
                superuser, "SELECT approvals FROM cutter_governance.review_decision WHERE id = ?", ids[1]);

        // One byte of the recorded approval's reason.
        Ledger.tamper(
                superuser,
                "UPDATE cutter_governance.review_decision SET approvals = replace(approvals, 'approved at', 'approved At')"
                        + " WHERE id = ?",
                ids[1]);
        assertBad(target.verifyDecisions(verifierKeys(), second), ids[1], Problem.APPROVAL_BAD_SIGNATURE);

        // The first decision's approval recorded with the second decision.
        Ledger.tamper(
                superuser,
                "UPDATE cutter_governance.review_decision SET approvals ="
                        + " (SELECT approvals FROM cutter_governance.review_decision WHERE id = ?) WHERE id = ?",
                ids[0],
                ids[1]);
        assertBad(target.verifyDecisions(verifierKeys(), second), ids[1], Problem.APPROVAL_MISMATCH);

        // Restored, the chain is intact again; without the approver's key it is not.
        Ledger.tamper(
                superuser, "UPDATE cutter_governance.review_decision SET approvals = ? WHERE id = ?", original, ids[1]);
        assertThat(target.verifyDecisions(verifierKeys()).intact()).isTrue();
        assertBad(target.verifyDecisions(TestGovernance.publicKeys(), second), ids[1], Problem.APPROVAL_UNKNOWN_KEY);

        // A forger holding the service key appends a decision re-using the second approval.
        String head = Ledger.hashOf(target, ids[1]);
        Ledger.Row forged = Ledger.forged("cs-tamper-1", TestGovernance.signer(), head);
        String note =
                PlainJdbc.text(superuser, "SELECT note FROM cutter_governance.review_decision WHERE id = ?", ids[1]);
        byte[] canonical = io.github.cutterrevert.DecisionChain.canonical(
                ChangeSetId.of("cs-tamper-1"),
                forged.decision(),
                forged.decidedBy(),
                Optional.of(PlainJdbc.text(
                        superuser, "SELECT revert_run_id FROM cutter_governance.review_decision WHERE id = ?", ids[1])),
                note,
                Optional.of(original),
                forged.decidedAt(),
                forged.keyId(),
                head);
        PlainJdbc.run(
                superuser,
                "INSERT INTO cutter_governance.review_decision (change_set_id, decision, decided_by, revert_run_id, note,"
                        + " decided_at, key_id, prev_hash, signature, approvals) SELECT change_set_id, 'reverted', ?,"
                        + " revert_run_id, note, ?, ?, ?, ?, approvals FROM cutter_governance.review_decision WHERE id = ?",
                forged.decidedBy(),
                forged.decidedAt().atOffset(java.time.ZoneOffset.UTC),
                forged.keyId(),
                head,
                io.github.cutterrevert.DecisionChain.sign(TestGovernance.signer(), canonical),
                ids[1]);
        long forgedId = PlainJdbc.count(superuser, "SELECT max(id) FROM cutter_governance.review_decision");
        assertBad(target.verifyDecisions(verifierKeys(), second), forgedId, Problem.APPROVAL_REUSED);
    }

    private static void assertBad(ChainVerification check, long id, Problem problem) {
        assertThat(check.firstBad()).as("reported: %s at %s", problem, id).hasValueSatisfying(bad -> {
            assertThat(bad.problem()).isEqualTo(problem);
            assertThat(bad.id()).isEqualTo(id);
        });
    }
}
