package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionChainTest {
    private KeyPair key;
    private KeyPair otherKey;
    private DecisionSigner signer;
    private List<LedgerDecision> chain;

    @BeforeEach
    void setUp() throws Exception {
        // Test keys are generated explicitly here; the library itself never generates keys.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        key = generator.generateKeyPair();
        otherKey = generator.generateKeyPair();
        signer = new DecisionSigner("k1", key.getPrivate());
        chain = new ArrayList<>();
        append(1, "cs-1");
        chain.add(unsigned(2, "cs-2", "approved"));
        append(3, "cs-2");
        append(4, "cs-3");
    }

    private void append(long id, String changeSet) {
        String prev = DecisionChain.GENESIS;
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (chain.get(i).signed()) {
                prev = DecisionChain.hash(chain.get(i));
                break;
            }
        }
        Instant at = Instant.parse("2026-11-23T10:00:00.123456789Z").plusSeconds(id);
        byte[] canonical = DecisionChain.canonical(
                ChangeSetId.of(changeSet),
                "reverted",
                "sovereign",
                Optional.of("run:revert"),
                "note " + id,
                at,
                "k1",
                prev);
        chain.add(new LedgerDecision(
                id,
                ChangeSetId.of(changeSet),
                "reverted",
                "sovereign",
                Optional.of("run:revert"),
                "note " + id,
                at,
                Optional.of("k1"),
                Optional.of(prev),
                Optional.of(DecisionChain.sign(signer, canonical))));
    }

    private static LedgerDecision unsigned(long id, String changeSet, String decision) {
        return new LedgerDecision(
                id,
                ChangeSetId.of(changeSet),
                decision,
                "orchestrator",
                Optional.empty(),
                "",
                Instant.parse("2026-11-23T09:00:00Z"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private Map<String, PublicKey> keys() {
        return Map.of("k1", key.getPublic());
    }

    @Test
    void anIntactChainVerifies() {
        ChainVerification result = DecisionChain.verify(chain, keys());
        assertThat(result.intact()).isTrue();
        assertThat(result.checked()).isEqualTo(3);
    }

    @Test
    void aFlippedByteInTheNoteIsTheFirstBadEntry() {
        LedgerDecision d = chain.get(2);
        chain.set(
                2,
                new LedgerDecision(
                        d.id(),
                        d.changeSet(),
                        d.decision(),
                        d.decidedBy(),
                        d.revertRunId(),
                        "note 3!",
                        d.decidedAt(),
                        d.keyId(),
                        d.prevHash(),
                        d.signature()));
        assertThat(DecisionChain.verify(chain, keys()).firstBad()).hasValueSatisfying(bad -> {
            assertThat(bad.id()).isEqualTo(3);
            assertThat(bad.problem()).isEqualTo(ChainVerification.Problem.BAD_SIGNATURE);
        });
    }

    @Test
    void aFlippedByteInTheSignatureIsFound() {
        LedgerDecision d = chain.get(0);
        byte[] sig = Base64.getDecoder().decode(d.signature().orElseThrow());
        sig[5] ^= 1;
        chain.set(
                0,
                new LedgerDecision(
                        d.id(),
                        d.changeSet(),
                        d.decision(),
                        d.decidedBy(),
                        d.revertRunId(),
                        d.note(),
                        d.decidedAt(),
                        d.keyId(),
                        d.prevHash(),
                        Optional.of(Base64.getEncoder().encodeToString(sig))));
        assertThat(DecisionChain.verify(chain, keys()).firstBad()).hasValueSatisfying(bad -> {
            assertThat(bad.id()).isEqualTo(1);
            assertThat(bad.problem()).isEqualTo(ChainVerification.Problem.BAD_SIGNATURE);
        });
    }

    @Test
    void aDeletedRowBreaksTheNextLink() {
        chain.remove(2);
        assertThat(DecisionChain.verify(chain, keys()).firstBad()).hasValueSatisfying(bad -> {
            assertThat(bad.id()).isEqualTo(4);
            assertThat(bad.problem()).isEqualTo(ChainVerification.Problem.BROKEN_LINK);
        });
    }

    @Test
    void aReorderedRowIsFound() {
        LedgerDecision third = chain.get(2);
        LedgerDecision fourth = chain.get(3);
        // Same ids, swapped contents: as if the rows' places in the ledger were exchanged.
        chain.set(2, withId(fourth, 3));
        chain.set(3, withId(third, 4));
        assertThat(DecisionChain.verify(chain, keys()).firstBad()).hasValueSatisfying(bad -> {
            assertThat(bad.id()).isEqualTo(3);
            assertThat(bad.problem()).isEqualTo(ChainVerification.Problem.BROKEN_LINK);
        });
    }

    @Test
    void anUnknownKeyAndAWrongKeyAreFound() {
        assertThat(DecisionChain.verify(chain, Map.of()).firstBad())
                .hasValueSatisfying(bad -> assertThat(bad.problem()).isEqualTo(ChainVerification.Problem.UNKNOWN_KEY));
        assertThat(DecisionChain.verify(chain, Map.of("k1", otherKey.getPublic()))
                        .firstBad())
                .hasValueSatisfying(
                        bad -> assertThat(bad.problem()).isEqualTo(ChainVerification.Problem.BAD_SIGNATURE));
    }

    @Test
    void anUnsignedCompensatingDecisionIsFound() {
        chain.add(unsigned(5, "cs-4", "reverted"));
        assertThat(DecisionChain.verify(chain, keys()).firstBad())
                .hasValueSatisfying(bad -> assertThat(bad.problem()).isEqualTo(ChainVerification.Problem.UNSIGNED));
    }

    @Test
    void anUnsignedDecisionNamingARevertRunIsFoundWhateverItsDecisionValue() {
        // Regression: only the value "reverted" marked a compensating decision, so under a binding
        // that calls it something else an unsigned one passed as an ordinary decision.
        LedgerDecision renamed = new LedgerDecision(
                5,
                ChangeSetId.of("cs-4"),
                "re-verted",
                "intruder",
                Optional.of("run-x:revert"),
                "",
                Instant.parse("2026-11-23T11:00:00Z"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        chain.add(renamed);

        assertThat(DecisionChain.verify(chain, keys()).firstBad()).hasValueSatisfying(bad -> {
            assertThat(bad.id()).isEqualTo(5);
            assertThat(bad.problem()).isEqualTo(ChainVerification.Problem.UNSIGNED);
        });
        assertThat(DecisionChain.verify(chain, keys(), ChangeSetId.of("cs-1")).intact())
                .as("another change set's entries are not reported")
                .isTrue();
    }

    @Test
    void missingArgumentsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> DecisionChain.verify(chain, null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("keys"));
        assertThatThrownBy(() -> DecisionChain.verify(null, keys()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("decisions"));
        assertThatThrownBy(() -> DecisionChain.verify(chain, keys(), null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("changeSet"));
    }

    @Test
    void verifyingOneChangeSetReportsOnlyItsEntries() {
        LedgerDecision d = chain.get(0);
        chain.set(
                0,
                new LedgerDecision(
                        d.id(),
                        d.changeSet(),
                        d.decision(),
                        "mallory",
                        d.revertRunId(),
                        d.note(),
                        d.decidedAt(),
                        d.keyId(),
                        d.prevHash(),
                        d.signature()));
        assertThat(DecisionChain.verify(chain, keys(), ChangeSetId.of("cs-1")).firstBad())
                .hasValueSatisfying(bad -> assertThat(bad.id()).isEqualTo(1));
        assertThat(DecisionChain.verify(chain, keys(), ChangeSetId.of("cs-3")).intact())
                .as("cs-3's own entry is signed correctly and links to the stored predecessor hash")
                .isTrue();
    }

    @Test
    void signerLoadsAPkcs8PemAndNeverPrintsTheKey(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("signer.pem");
        Files.writeString(
                pem,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(key.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        DecisionSigner loaded = DecisionSigner.fromPkcs8("k1", pem);
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(key.getPrivate().getEncoded());
        assertThat(loaded.toString()).isEqualTo("DecisionSigner[keyId=k1]");

        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not a key");
        assertThatThrownBy(() -> DecisionSigner.fromPkcs8("k1", garbage))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("keyFile"));
    }

    private static LedgerDecision withId(LedgerDecision d, long id) {
        return new LedgerDecision(
                id,
                d.changeSet(),
                d.decision(),
                d.decidedBy(),
                d.revertRunId(),
                d.note(),
                d.decidedAt(),
                d.keyId(),
                d.prevHash(),
                d.signature());
    }
}
