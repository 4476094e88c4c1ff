package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approval's canonical encoding, its signature, its ledger form, and the trust store's checks. */
class ApprovalTest {
    private static final Instant ISSUED = Instant.parse("2026-12-01T05:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");

    private static final KeyPair SOVEREIGN = generate();
    private static final KeyPair REVIEWER = generate();
    private static final KeyPair STRANGER = generate();
    private static final TrustStore TRUST =
            TrustStore.of(Map.of("sovereign-2026", SOVEREIGN.getPublic(), "reviewer-2026", REVIEWER.getPublic()));

    @TempDir
    Path dir;

    private static KeyPair generate() {
        try {
            // Test keys are generated explicitly here; the library never generates keys.
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DecisionSigner key(String id, KeyPair pair) {
        return new DecisionSigner(id, pair.getPrivate());
    }

    private static CompensationPlan hardPlan() {
        return Fixtures.plan(
                Phase.WRITE_VERIFY, Mode.HARD_DELETE, Fixtures.afterLegB(3, 2).build());
    }

    private static Approval.Terms terms(CompensationPlan plan, String approver) {
        return Approval.Terms.of(plan, "DEC-42", approver, "hard delete approved at review", ISSUED, EXPIRES);
    }

    private static Approval sovereign(CompensationPlan plan) {
        return Approval.sign(terms(plan, "sovereign@example.org"), key("sovereign-2026", SOVEREIGN));
    }

    private static Approval reviewer(CompensationPlan plan) {
        return Approval.sign(terms(plan, "reviewer@example.org"), key("reviewer-2026", REVIEWER));
    }

    private static ApprovalRefusedException.Reason refusal(Runnable check) {
        try {
            check.run();
        } catch (ApprovalRefusedException e) {
            return e.reason();
        }
        throw new AssertionError("expected an ApprovalRefusedException");
    }

    @Test
    void theCanonicalEncodingIsTheDocumentedOne() {
        Approval.Terms terms = new Approval.Terms(
                Fingerprint.of("190db846ab73b8526c8a544025c93d2fbc45ebbb10700b30df6537a1d24cbbbf"),
                PlanKind.COMPENSATE,
                Mode.HARD_DELETE,
                "change set cs-42",
                Optional.of(ChangeSetId.of("cs-42")),
                RunId.of("run-42:revert"),
                "DEC-42",
                "sovereign@example.org",
                "hard delete approved — über review",
                ISSUED.plusMillis(999),
                EXPIRES);
        Approval approval = Approval.sign(terms, key("sovereign-2026", SOVEREIGN));

        assertThat(new String(approval.canonical(), StandardCharsets.UTF_8))
                .as("README: every field name:<UTF-8 byte length>:<value>\\n, times to the second")
                .isEqualTo("encoding:24:cutter-revert-approval/1\n"
                        + "fingerprint:64:190db846ab73b8526c8a544025c93d2fbc45ebbb10700b30df6537a1d24cbbbf\n"
                        + "kind:10:COMPENSATE\n"
                        + "mode:11:HARD_DELETE\n"
                        + "subject:16:change set cs-42\n"
                        + "change-set:5:cs-42\n"
                        + "revert-run:13:run-42:revert\n"
                        + "decision-id:6:DEC-42\n"
                        + "approver:21:sovereign@example.org\n"
                        + "key-id:14:sovereign-2026\n"
                        + "reason:37:hard delete approved — über review\n"
                        + "issued-at:20:2026-12-01T05:00:00Z\n"
                        + "expires-at:20:2026-12-01T09:00:00Z\n");
        assertThat(approval.verifiesWith(SOVEREIGN.getPublic())).isTrue();
        assertThat(approval.verifiesWith(REVIEWER.getPublic())).isFalse();
    }

    @Test
    void everyChangedTermBreaksTheSignature() {
        CompensationPlan plan = hardPlan();
        Approval signed = sovereign(plan);
        Approval.Terms t = signed.terms();
        List<Approval.Terms> changed = List.of(
                new Approval.Terms(
                        Fixtures.otherFingerprint(),
                        t.kind(),
                        t.mode(),
                        t.subject(),
                        t.changeSet(),
                        t.revertRunId(),
                        t.decisionId(),
                        t.approver(),
                        t.reason(),
                        t.issuedAt(),
                        t.expiresAt()),
                new Approval.Terms(
                        t.fingerprint(),
                        t.kind(),
                        Mode.SOFT_REVERT,
                        t.subject(),
                        t.changeSet(),
                        t.revertRunId(),
                        t.decisionId(),
                        t.approver(),
                        t.reason(),
                        t.issuedAt(),
                        t.expiresAt()),
                new Approval.Terms(
                        t.fingerprint(),
                        t.kind(),
                        t.mode(),
                        t.subject(),
                        Optional.of(ChangeSetId.of("cs-9")),
                        t.revertRunId(),
                        t.decisionId(),
                        t.approver(),
                        t.reason(),
                        t.issuedAt(),
                        t.expiresAt()),
                new Approval.Terms(
                        t.fingerprint(),
                        t.kind(),
                        t.mode(),
                        t.subject(),
                        t.changeSet(),
                        t.revertRunId(),
                        "DEC-43",
                        t.approver(),
                        t.reason(),
                        t.issuedAt(),
                        t.expiresAt()),
                new Approval.Terms(
                        t.fingerprint(),
                        t.kind(),
                        t.mode(),
                        t.subject(),
                        t.changeSet(),
                        t.revertRunId(),
                        t.decisionId(),
                        "mallory",
                        t.reason(),
                        t.issuedAt(),
                        t.expiresAt()),
                new Approval.Terms(
                        t.fingerprint(),
                        t.kind(),
                        t.mode(),
                        t.subject(),
                        t.changeSet(),
                        t.revertRunId(),
                        t.decisionId(),
                        t.approver(),
                        t.reason(),
                        t.issuedAt(),
                        t.expiresAt().plus(Duration.ofDays(365))));
        for (Approval.Terms terms : changed) {
            assertThat(new Approval(terms, signed.keyId(), signed.signature()).verifiesWith(SOVEREIGN.getPublic()))
                    .as("changed terms %s", terms)
                    .isFalse();
        }
        assertThat(new Approval(t, "reviewer-2026", signed.signature()).verifiesWith(SOVEREIGN.getPublic()))
                .as("another key id")
                .isFalse();
    }

    @Test
    void theLedgerFormReadsBackByteForByte() {
        CompensationPlan plan = hardPlan();
        List<Approval> approvals = List.of(sovereign(plan), reviewer(plan));
        String text = Approval.ledgerForm(approvals);

        assertThat(Approval.fromLedgerForm(text)).isEqualTo(approvals);
        assertThat(text).startsWith("approval:");
        for (String bad : List.of(
                "",
                "approval:9999:x\n",
                text.substring(0, text.length() - 1),
                text + "x",
                text.replace("approval:", "approvals:"))) {
            assertThatThrownBy(() -> Approval.fromLedgerForm(bad))
                    .as("malformed %s", bad.length() > 20 ? bad.substring(0, 20) : bad)
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void termsAreValidatedAtOnce() {
        CompensationPlan plan = hardPlan();
        assertThatThrownBy(() -> Approval.Terms.of(plan, "DEC-1", "a", "why", EXPIRES, ISSUED))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("expiresAt"));
        assertThatThrownBy(() -> Approval.Terms.of(plan, "DEC\n1", "a", "why", ISSUED, EXPIRES))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("decisionId"));
        assertThatThrownBy(() -> Approval.Terms.of(plan, "DEC-1", "a", " ", ISSUED, EXPIRES))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("reason"));
        assertThatThrownBy(() -> new Approval(terms(plan, "a"), "k", "not base64!"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("signature"));
    }

    @Test
    void signedApprovalsMustNameOneDecisionAndOnePlan() {
        CompensationPlan plan = hardPlan();
        Approval other = Approval.sign(
                Approval.Terms.of(plan, "DEC-99", "reviewer@example.org", "ok", ISSUED, EXPIRES),
                key("reviewer-2026", REVIEWER));
        assertThatThrownBy(() -> Authority.signed(List.of(sovereign(plan), other)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("approvals"));
        assertThatThrownBy(() -> Authority.signed(List.of())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theTrustStoreAcceptsAValidApproval() {
        CompensationPlan plan = hardPlan();
        TRUST.check(plan, Authority.signed(List.of(sovereign(plan))), 1, NOW);
        TRUST.check(plan, Authority.signed(List.of(sovereign(plan), reviewer(plan))), 2, NOW);
    }

    @Test
    void eachRefusalNamesItsReason() {
        CompensationPlan plan = hardPlan();
        Approval good = sovereign(plan);
        Approval stranger = Approval.sign(terms(plan, "mallory"), key("stranger", STRANGER));
        Approval forged = Approval.sign(terms(plan, "sovereign@example.org"), key("sovereign-2026", STRANGER));
        CompensationPlan soft = Fixtures.plan(
                Phase.WRITE_VERIFY, Mode.SOFT_REVERT, Fixtures.afterLegB(3, 2).build());
        Approval forSoft = Approval.sign(
                new Approval.Terms(
                        plan.fingerprint(),
                        PlanKind.COMPENSATE,
                        Mode.SOFT_REVERT,
                        plan.subject(),
                        plan.changeSet(),
                        plan.revertRunId(),
                        "DEC-42",
                        "sovereign@example.org",
                        "ok",
                        ISSUED,
                        EXPIRES),
                key("sovereign-2026", SOVEREIGN));

        assertThat(refusal(() -> TRUST.check(plan, Authority.signed(List.of(stranger)), 1, NOW)))
                .isEqualTo(ApprovalRefusedException.Reason.UNKNOWN_KEY);
        assertThat(refusal(() -> TRUST.check(plan, Authority.signed(List.of(forged)), 1, NOW)))
                .isEqualTo(ApprovalRefusedException.Reason.BAD_SIGNATURE);
        assertThat(refusal(() -> TRUST.check(soft, Authority.signed(List.of(good)), 1, NOW)))
                .isEqualTo(ApprovalRefusedException.Reason.FINGERPRINT_MISMATCH);
        Approval.Terms t = good.terms();
        Approval stale = Approval.sign(
                new Approval.Terms(
                        Fixtures.otherFingerprint(),
                        t.kind(),
                        t.mode(),
                        t.subject(),
                        t.changeSet(),
                        t.revertRunId(),
                        t.decisionId(),
                        t.approver(),
                        t.reason(),
                        t.issuedAt(),
                        t.expiresAt()),
                key("sovereign-2026", SOVEREIGN));
        assertThat(refusal(() -> TRUST.check(plan, Authority.signed(List.of(stale)), 1, NOW)))
                .as("same subject, another fingerprint")
                .isEqualTo(ApprovalRefusedException.Reason.FINGERPRINT_MISMATCH);
        assertThat(refusal(() -> TRUST.check(plan, Authority.signed(List.of(forSoft)), 1, NOW)))
                .isEqualTo(ApprovalRefusedException.Reason.SUBJECT_MISMATCH);
        assertThat(refusal(() -> TRUST.check(plan, Authority.signed(List.of(good)), 1, EXPIRES)))
                .isEqualTo(ApprovalRefusedException.Reason.EXPIRED);
        assertThat(refusal(() -> TRUST.check(plan, Authority.signed(List.of(good)), 1, ISSUED.minusSeconds(1))))
                .isEqualTo(ApprovalRefusedException.Reason.NOT_YET_VALID);
        assertThat(refusal(() -> TRUST.check(plan, Authority.signed(List.of(good)), 2, NOW)))
                .isEqualTo(ApprovalRefusedException.Reason.TOO_FEW_APPROVERS);
    }

    @Test
    void oneKeyOrOneApproverCountsOnceTowardsTheTwoPersonRule() {
        CompensationPlan plan = hardPlan();
        Approval sameKeyOtherName = Approval.sign(terms(plan, "alias@example.org"), key("sovereign-2026", SOVEREIGN));
        Approval sameNameOtherKey = Approval.sign(terms(plan, "sovereign@example.org"), key("reviewer-2026", REVIEWER));

        assertThat(refusal(
                        () -> TRUST.check(plan, Authority.signed(List.of(sovereign(plan), sameKeyOtherName)), 2, NOW)))
                .isEqualTo(ApprovalRefusedException.Reason.TOO_FEW_APPROVERS);
        assertThat(refusal(
                        () -> TRUST.check(plan, Authority.signed(List.of(sovereign(plan), sameNameOtherKey)), 2, NOW)))
                .isEqualTo(ApprovalRefusedException.Reason.TOO_FEW_APPROVERS);
    }

    @Test
    void aTrustStoreLoadsPemAndDerPublicKeysFromADirectory() throws Exception {
        byte[] der = SOVEREIGN.getPublic().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        Files.writeString(dir.resolve("sovereign-2026.pub.pem"), pem);
        Files.write(dir.resolve("reviewer-2026.der"), REVIEWER.getPublic().getEncoded());
        Files.writeString(dir.resolve("README.txt"), "ignored");

        TrustStore trust = TrustStore.fromDirectory(dir);

        assertThat(trust.keys()).containsOnlyKeys("sovereign-2026", "reviewer-2026");
        assertThat(trust.key("sovereign-2026")).contains(SOVEREIGN.getPublic());
        assertThat(DecisionSigner.publicKey(dir.resolve("reviewer-2026.der"))).isEqualTo(REVIEWER.getPublic());
        CompensationPlan plan = hardPlan();
        trust.check(plan, Authority.signed(List.of(sovereign(plan), reviewer(plan))), 2, NOW);
    }

    @Test
    void aBadKeyDirectoryIsRefusedWithoutKeyMaterial() throws Exception {
        assertThatThrownBy(() -> TrustStore.fromDirectory(dir))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("directory"));
        Files.writeString(dir.resolve("broken.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> TrustStore.fromDirectory(dir))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("keyFile"));
        Files.delete(dir.resolve("broken.pem"));
        Files.write(dir.resolve("a.pem"), SOVEREIGN.getPublic().getEncoded());
        Files.write(dir.resolve("a.pub.der"), REVIEWER.getPublic().getEncoded());
        assertThatThrownBy(() -> TrustStore.fromDirectory(dir))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.expected())
                        .contains("'a'"));
        assertThatThrownBy(() -> TrustStore.of(Map.of())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theChainVerifierChecksRecordedApprovals() {
        CompensationPlan plan = hardPlan();
        DecisionSigner service = Fixtures.SIGNER;
        Map<String, PublicKey> keys = new java.util.HashMap<>(TRUST.keys());
        keys.put(service.keyId(), servicePublicKey());
        String approvals = Approval.ledgerForm(List.of(sovereign(plan)));
        String note = "compensation [plan " + plan.fingerprint().value() + "] [decision DEC-42]";
        LedgerDecision first = signedRow(1, "cs-42", note, Optional.of(approvals), DecisionChain.GENESIS);
        assertThat(DecisionChain.verify(List.of(first), keys).intact()).isTrue();

        // Another decision re-using the same approval (a replay recorded by a rogue writer).
        LedgerDecision replay = signedRow(2, "cs-42", note, Optional.of(approvals), DecisionChain.hash(first));
        assertThat(DecisionChain.verify(List.of(first, replay), keys).firstBad())
                .hasValueSatisfying(bad -> {
                    assertThat(bad.id()).isEqualTo(2);
                    assertThat(bad.problem()).isEqualTo(ChainVerification.Problem.APPROVAL_REUSED);
                });
        // The approval recorded with another change set's decision.
        LedgerDecision moved = signedRow(1, "cs-7", note, Optional.of(approvals), DecisionChain.GENESIS);
        assertThat(DecisionChain.verify(List.of(moved), keys)
                        .firstBad()
                        .orElseThrow()
                        .problem())
                .isEqualTo(ChainVerification.Problem.APPROVAL_MISMATCH);
        // A byte of the recorded approval changed (and the row re-signed by a service key holder).
        LedgerDecision altered = signedRow(
                1,
                "cs-42",
                note,
                Optional.of(approvals.replace("hard delete approved", "hard delete Approved")),
                DecisionChain.GENESIS);
        assertThat(DecisionChain.verify(List.of(altered), keys)
                        .firstBad()
                        .orElseThrow()
                        .problem())
                .isEqualTo(ChainVerification.Problem.APPROVAL_BAD_SIGNATURE);
        // The approver's key is not trusted by this verifier.
        assertThat(DecisionChain.verify(List.of(first), Map.of(service.keyId(), servicePublicKey()))
                        .firstBad()
                        .orElseThrow()
                        .problem())
                .isEqualTo(ChainVerification.Problem.APPROVAL_UNKNOWN_KEY);
        // One of two approvers dropped from the record: each remaining approval still verifies, but
        // the service signed the pair.
        String both = Approval.ledgerForm(List.of(sovereign(plan), reviewer(plan)));
        LedgerDecision twoPerson = signedRow(1, "cs-42", note, Optional.of(both), DecisionChain.GENESIS);
        assertThat(DecisionChain.verify(List.of(twoPerson), keys).intact()).isTrue();
        LedgerDecision dropped = new LedgerDecision(
                twoPerson.id(),
                twoPerson.changeSet(),
                twoPerson.decision(),
                twoPerson.decidedBy(),
                twoPerson.revertRunId(),
                twoPerson.note(),
                twoPerson.decidedAt(),
                twoPerson.keyId(),
                twoPerson.prevHash(),
                twoPerson.signature(),
                Optional.of(approvals));
        assertThat(DecisionChain.verify(List.of(dropped), keys)
                        .firstBad()
                        .orElseThrow()
                        .problem())
                .isEqualTo(ChainVerification.Problem.BAD_SIGNATURE);
        // Approvals stripped from a signed row: the service signature covered them.
        LedgerDecision stripped = new LedgerDecision(
                first.id(),
                first.changeSet(),
                first.decision(),
                first.decidedBy(),
                first.revertRunId(),
                first.note(),
                first.decidedAt(),
                first.keyId(),
                first.prevHash(),
                first.signature(),
                Optional.empty());
        assertThat(DecisionChain.verify(List.of(stripped), keys)
                        .firstBad()
                        .orElseThrow()
                        .problem())
                .isEqualTo(ChainVerification.Problem.BAD_SIGNATURE);
    }

    private static PublicKey servicePublicKey() {
        return Fixtures.SIGNER_PUBLIC;
    }

    private static LedgerDecision signedRow(
            long id, String changeSet, String note, Optional<String> approvals, String prevHash) {
        Instant at = Instant.parse("2026-12-01T06:00:00Z");
        byte[] canonical = DecisionChain.canonical(
                ChangeSetId.of(changeSet),
                "reverted",
                "sovereign@example.org",
                Optional.of("run-42:revert"),
                note,
                approvals,
                at,
                Fixtures.SIGNER.keyId(),
                prevHash);
        return new LedgerDecision(
                id,
                ChangeSetId.of(changeSet),
                "reverted",
                "sovereign@example.org",
                Optional.of("run-42:revert"),
                note,
                at,
                Optional.of(Fixtures.SIGNER.keyId()),
                Optional.of(prevHash),
                Optional.of(DecisionChain.sign(Fixtures.SIGNER, canonical)),
                approvals);
    }
}
