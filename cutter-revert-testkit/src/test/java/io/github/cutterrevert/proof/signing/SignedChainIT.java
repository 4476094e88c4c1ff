package io.github.cutterrevert.proof.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.ChainVerification;
import io.github.cutterrevert.ChainVerification.Problem;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.proof.input.Probe;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signed chain of compensating decisions on the real database: three compensations (soft, hard,
 * soft) around an unsigned orchestrator decision, then each kind of tampering a superuser could
 * do, with the append-only trigger switched off inside the tampering transaction. The verifier
 * names the first bad entry and its problem; verifying one change set reports only its entries.
 */
class SignedChainIT {
    private TestDatabase db;
    private DataSource superuser;
    private PostgresTarget target;
    /** The ids of the three signed decisions, for cs-1, cs-2 and cs-3, in chain order. */
    private long first;

    private long second;
    private long third;

    @BeforeEach
    void threeSignedCompensations() {
        db = TestDatabase.create("proof-chain");
        superuser = db.dataSource();
        ReferenceWorld.seedBaseline(superuser);
        target = PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
        Ledger.cutAndCompensate(superuser, target, "run-1", "cs-1", false, TestGovernance.signer());
        PlainJdbc.run(
                superuser,
                "INSERT INTO cutter_governance.review_decision (change_set_id, decision, decided_by, note)"
                        + " VALUES ('cs-baseline', 'approved', 'orchestrator', 'an ordinary, unsigned decision')");
        Ledger.cutAndCompensate(superuser, target, "run-2", "cs-2", true, TestGovernance.signer());
        Ledger.cutAndCompensate(superuser, target, "run-3", "cs-3", false, TestGovernance.signer());
        List<Ledger.Row> signed = Ledger.signedRows(superuser);
        assertThat(signed).extracting(Ledger.Row::changeSet).containsExactly("cs-1", "cs-2", "cs-3");
        first = signed.get(0).id();
        second = signed.get(1).id();
        third = signed.get(2).id();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void realCompensationsFormAnIntactChainThatAnIndependentCheckAgreesWith() throws Exception {
        ChainVerification whole = target.verifyDecisions(TestGovernance.publicKeys());

        assertThat(whole.intact()).isTrue();
        assertThat(whole.checked())
                .as("the unsigned orchestrator decision is not a link")
                .isEqualTo(3);
        for (String cs : List.of("cs-1", "cs-2", "cs-3")) {
            assertThat(target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of(cs))
                            .intact())
                    .as(cs)
                    .isTrue();
        }

        // Recompute the chain from the stored columns with the JDK alone: SHA-256 of canonical
        // encoding, '\n' and signature links each row to the next; Ed25519 verifies each signature.
        List<Ledger.Row> rows = Ledger.rows(superuser);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1).signed()).isFalse();
        PublicKey key = TestGovernance.publicKeys().get(TestGovernance.KEY_ID);
        String expectedPrev = "0".repeat(64);
        for (Ledger.Row row : Ledger.signedRows(superuser)) {
            assertThat(row.keyId()).isEqualTo(TestGovernance.KEY_ID);
            assertThat(row.prevHash())
                    .as("row %d links to its predecessor", row.id())
                    .isEqualTo(expectedPrev);
            assertThat(row.decision()).isEqualTo("reverted");
            assertThat(row.revertRunId()).endsWith(":revert");
            byte[] signature = Base64.getDecoder().decode(row.signature());
            assertThat(signature).hasSize(64);
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(row.canonical());
            assertThat(ed25519.verify(signature))
                    .as("row %d's signature", row.id())
                    .isTrue();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(row.canonical());
            sha256.update((byte) '\n');
            sha256.update(row.signature().getBytes(StandardCharsets.US_ASCII));
            expectedPrev = HexFormat.of().formatHex(sha256.digest());
        }
        assertThat(new String(Ledger.signedRows(superuser).get(0).canonical(), StandardCharsets.UTF_8))
                .as("the encoding covers key id and predecessor")
                .contains("key-id:" + TestGovernance.KEY_ID.length() + ":" + TestGovernance.KEY_ID)
                .contains("prev-hash:64:" + "0".repeat(64))
                .contains("decided-at:27:2026-05-21T10:00:00.123456Z");
    }

    @Test
    void theAppendOnlyTriggerStopsTamperingUntilItIsSwitchedOff() {
        List<Ledger.Row> before = Ledger.rows(superuser);

        assertThat(Probe.sqlStateOf(
                        superuser,
                        "UPDATE cutter_governance.review_decision SET note = note || 'x' WHERE id = ?",
                        second))
                .isEqualTo("CR002");
        assertThat(Probe.sqlStateOf(superuser, "DELETE FROM cutter_governance.review_decision WHERE id = ?", second))
                .isEqualTo("CR002");

        assertThat(Ledger.rows(superuser)).isEqualTo(before);
        assertThat(target.verifyDecisions(TestGovernance.publicKeys()).intact()).isTrue();
    }

    @Test
    void aFlippedByteInTheNoteIsReportedAtThatEntry() {
        Ledger.tamper(
                superuser,
                "UPDATE cutter_governance.review_decision SET note = overlay(note PLACING 'X' FROM 3 FOR 1) WHERE id = ?",
                second);

        assertFirstBad(target.verifyDecisions(TestGovernance.publicKeys()), second, Problem.BAD_SIGNATURE);
        assertThat(target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-1"))
                        .intact())
                .as("cs-1's entry precedes the change")
                .isTrue();
        assertFirstBad(
                target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-2")),
                second,
                Problem.BAD_SIGNATURE);
        assertFirstBad(
                target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-3")),
                third,
                Problem.BROKEN_LINK);
        assertLedgerProtectedWithRows(4);
    }

    @Test
    void aFlippedByteInDecidedByIsReportedAtThatEntry() {
        Ledger.tamper(
                superuser,
                "UPDATE cutter_governance.review_decision SET decided_by = 'Sovereign@example.org' WHERE id = ?",
                first);

        assertFirstBad(target.verifyDecisions(TestGovernance.publicKeys()), first, Problem.BAD_SIGNATURE);
        assertFirstBad(
                target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-2")),
                second,
                Problem.BROKEN_LINK);
        assertLedgerProtectedWithRows(4);
    }

    @Test
    void aDecisionTimeMovedByOneMicrosecondIsReportedAtThatEntry() {
        Ledger.tamper(
                superuser,
                "UPDATE cutter_governance.review_decision SET decided_at = decided_at + interval '1 microsecond'"
                        + " WHERE id = ?",
                third);

        assertFirstBad(target.verifyDecisions(TestGovernance.publicKeys()), third, Problem.BAD_SIGNATURE);
        assertLedgerProtectedWithRows(4);
    }

    @Test
    void aFlippedByteInTheSignatureIsReportedAtThatEntry() {
        String signature = Ledger.signedRows(superuser).get(1).signature();
        char flipped = signature.charAt(10) == 'A' ? 'B' : 'A';
        Ledger.tamper(
                superuser,
                "UPDATE cutter_governance.review_decision SET signature = ? WHERE id = ?",
                signature.substring(0, 10) + flipped + signature.substring(11),
                second);

        assertFirstBad(target.verifyDecisions(TestGovernance.publicKeys()), second, Problem.BAD_SIGNATURE);
        assertLedgerProtectedWithRows(4);
    }

    @Test
    void aDeletedEntryIsReportedAtItsSuccessor() {
        Ledger.tamper(superuser, "DELETE FROM cutter_governance.review_decision WHERE id = ?", second);

        assertFirstBad(target.verifyDecisions(TestGovernance.publicKeys()), third, Problem.BROKEN_LINK);
        assertThat(target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-2"))
                        .intact())
                .as("cs-2 has no entry left to report; the gap shows at cs-3's entry")
                .isTrue();
        assertFirstBad(
                target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-3")),
                third,
                Problem.BROKEN_LINK);
        assertLedgerProtectedWithRows(3);
    }

    @Test
    void theNewestEntryDeletedLeavesAnIntactButShorterChain() {
        // A hash chain cannot see its own tail cut off: compare checked() with a count kept
        // elsewhere (e.g. the number of compensations the orchestrator recorded) to notice it.
        Ledger.tamper(superuser, "DELETE FROM cutter_governance.review_decision WHERE id = ?", third);

        ChainVerification check = target.verifyDecisions(TestGovernance.publicKeys());

        assertThat(check.intact()).isTrue();
        assertThat(check.checked()).isEqualTo(2);
        assertLedgerProtectedWithRows(3);
    }

    @Test
    void twoEntriesWithSwappedContentsAreReportedAtTheFirst() {
        Ledger.swap(superuser, first, second);
        assertThat(Ledger.signedRows(superuser))
                .extracting(Ledger.Row::changeSet)
                .containsExactly("cs-2", "cs-1", "cs-3");

        assertFirstBad(target.verifyDecisions(TestGovernance.publicKeys()), first, Problem.BROKEN_LINK);
        assertFirstBad(
                target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-1")),
                second,
                Problem.BROKEN_LINK);
        assertLedgerProtectedWithRows(4);
    }

    @Test
    void anUnknownKeyIdIsReportedAtThatEntry() {
        Ledger.tamper(
                superuser, "UPDATE cutter_governance.review_decision SET key_id = 'rogue-key' WHERE id = ?", second);

        ChainVerification check = target.verifyDecisions(TestGovernance.publicKeys());

        assertFirstBad(check, second, Problem.UNKNOWN_KEY);
        assertThat(check.firstBad().orElseThrow().detail()).contains("rogue-key");
        assertLedgerProtectedWithRows(4);
    }

    @Test
    void verifyingWithTheWrongPublicKeyReportsTheFirstEntry() throws Exception {
        PublicKey other =
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();

        assertFirstBad(target.verifyDecisions(Map.of(TestGovernance.KEY_ID, other)), first, Problem.BAD_SIGNATURE);
        assertFirstBad(target.verifyDecisions(Map.of()), first, Problem.UNKNOWN_KEY);
        assertLedgerProtectedWithRows(4);
    }

    @Test
    void aWellLinkedEntryForgedWithAnotherKeyIsReported() throws Exception {
        KeyPair mallory = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String head = Ledger.hashOf(target, third);

        // Under its own key id: unknown to the verifier.
        Ledger.insert(superuser, Ledger.forged("cs-3", new DecisionSigner("mallory-key", mallory.getPrivate()), head));
        long forgedId = Ledger.rows(superuser).getLast().id();
        assertFirstBad(target.verifyDecisions(TestGovernance.publicKeys()), forgedId, Problem.UNKNOWN_KEY);

        // Claiming the real key id: the signature does not verify.
        Ledger.tamper(superuser, "DELETE FROM cutter_governance.review_decision WHERE id = ?", forgedId);
        Ledger.insert(
                superuser,
                Ledger.forged("cs-3", new DecisionSigner(TestGovernance.KEY_ID, mallory.getPrivate()), head));
        long claimedId = Ledger.rows(superuser).getLast().id();
        assertFirstBad(target.verifyDecisions(TestGovernance.publicKeys()), claimedId, Problem.BAD_SIGNATURE);
        assertLedgerProtectedWithRows(5);
    }

    @Test
    void anUnsignedCompensatingDecisionIsReported() {
        PlainJdbc.run(
                superuser,
                "INSERT INTO cutter_governance.review_decision (change_set_id, decision, decided_by, revert_run_id, note)"
                        + " VALUES ('cs-baseline', 'reverted', 'intruder', 'run-x:revert', 'unsigned')");
        long unsigned = Ledger.rows(superuser).getLast().id();

        assertFirstBad(target.verifyDecisions(TestGovernance.publicKeys()), unsigned, Problem.UNSIGNED);
        assertFirstBad(
                target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of(ReferenceWorld.CHANGE_SET_ID)),
                unsigned,
                Problem.UNSIGNED);
        assertThat(target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-3"))
                        .intact())
                .isTrue();
        assertLedgerProtectedWithRows(5);
    }

    @Test
    void aDecisionMovedToAnotherChangeSetIsReportedUnderItsNewChangeSet() {
        Ledger.tamper(
                superuser, "UPDATE cutter_governance.review_decision SET change_set_id = 'cs-3' WHERE id = ?", second);

        assertFirstBad(
                target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-3")),
                second,
                Problem.BAD_SIGNATURE);
        assertThat(target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-1"))
                        .intact())
                .isTrue();
        assertLedgerProtectedWithRows(4);
    }

    private static void assertFirstBad(ChainVerification check, long id, Problem problem) {
        assertThat(check.intact()).isFalse();
        assertThat(check.firstBad()).hasValueSatisfying(bad -> {
            assertThat(bad.id())
                    .as("the first bad entry's id (%s)", bad.detail())
                    .isEqualTo(id);
            assertThat(bad.problem()).as(bad.detail()).isEqualTo(problem);
        });
    }

    /** The tampering is what is left: the row count, and the trigger is back on. */
    private void assertLedgerProtectedWithRows(long rows) {
        assertThat(PlainJdbc.count(superuser, "SELECT count(*) FROM cutter_governance.review_decision"))
                .isEqualTo(rows);
        assertThat(PlainJdbc.text(
                        superuser,
                        "SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'trg_review_decision_append_only'"))
                .isEqualTo("O");
    }
}
