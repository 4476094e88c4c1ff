package io.github.cutterrevert.proof.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.ChainVerification;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.InvalidPlanException;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.proof.input.Probe;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys come from the caller: a PKCS#8 file the operator generated (here, the test generates the
 * pair explicitly and writes it as {@code openssl genpkey -algorithm ed25519} would). The library
 * only loads and uses it, and refuses compensation B without one.
 */
@CutterPostgres
class SigningKeysIT {
    private static final String KEY_ID = "ops-2026-q2 'primary' ü";

    private static DataSource superuser;
    private static PostgresTarget target;

    @TempDir
    Path dir;

    @BeforeAll
    static void baseline(TestDatabase db) {
        superuser = db.dataSource();
        ReferenceWorld.seedBaseline(superuser);
        target = PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
    }

    @Test
    void aPkcs8PemKeySignsARealCompensationThatItsPublicKeyVerifies() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path pem = Files.writeString(
                dir.resolve("revert-signer.pem"),
                pem("PRIVATE KEY", pair.getPrivate().getEncoded()));

        DecisionSigner signer = DecisionSigner.fromPkcs8(KEY_ID, pem);
        Ledger.cutAndCompensate(superuser, target, "run-pem", "cs-pem", false, signer);

        assertThat(signer.privateKey().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(signer).hasToString("DecisionSigner[keyId=" + KEY_ID + "]");
        Ledger.Row row = Ledger.signedRows(superuser).getLast();
        assertThat(row.changeSet()).isEqualTo("cs-pem");
        assertThat(row.keyId()).as("the key id is bound as given").isEqualTo(KEY_ID);
        assertThat(target.verifyDecisions(Map.of(KEY_ID, pair.getPublic()), ChangeSetId.of("cs-pem"))
                        .intact())
                .isTrue();
        ChainVerification withoutIt = target.verifyDecisions(TestGovernance.publicKeys(), ChangeSetId.of("cs-pem"));
        assertThat(withoutIt.firstBad())
                .hasValueSatisfying(bad -> assertThat(bad.problem()).isEqualTo(ChainVerification.Problem.UNKNOWN_KEY));
    }

    @Test
    void aDerKeyFileWorksToo() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path der =
                Files.write(dir.resolve("revert-signer.der"), pair.getPrivate().getEncoded());

        DecisionSigner signer = DecisionSigner.fromPkcs8("ops-der", der);
        Ledger.cutAndCompensate(superuser, target, "run-der", "cs-der", false, signer);

        assertThat(target.verifyDecisions(Map.of("ops-der", pair.getPublic()), ChangeSetId.of("cs-der"))
                        .intact())
                .isTrue();
    }

    @Test
    void whatIsNotAPkcs8Ed25519PrivateKeyIsRefusedWithoutEchoingKeyMaterial() throws Exception {
        KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String rsaPem = pem("PRIVATE KEY", rsa.getPrivate().getEncoded());
        String publicPem = pem("PUBLIC KEY", ed25519.getPublic().getEncoded());
        String goodPem = pem("PRIVATE KEY", ed25519.getPrivate().getEncoded());
        Map<String, String> files = Map.of(
                "rsa.pem",
                rsaPem,
                "public.pem",
                publicPem,
                "truncated.pem",
                goodPem.substring(0, goodPem.length() / 2) + "\n-----END PRIVATE KEY-----\n",
                "not-base64.pem",
                "-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----\n",
                "empty.pem",
                "");

        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = Files.writeString(dir.resolve(file.getKey()), file.getValue());
            assertThatThrownBy(() -> DecisionSigner.fromPkcs8("k", path))
                    .as(file.getKey())
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field())
                            .isEqualTo("keyFile"))
                    .message()
                    .doesNotContain(base64Body(rsaPem))
                    .doesNotContain(base64Body(goodPem).substring(0, 20));
        }
        assertThatThrownBy(() -> DecisionSigner.fromPkcs8("k", dir.resolve("missing.pem")))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("keyFile"));
        assertThatThrownBy(() -> new DecisionSigner("k", rsa.getPrivate()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("privateKey"));
        assertThatThrownBy(() -> new DecisionSigner("k", (PrivateKey) null))
                .as("there is no signer without a key: the library never makes one up")
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("privateKey"));
        assertThatThrownBy(() -> DecisionSigner.fromPkcs8("bad\nid", dir.resolve("rsa.pem")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void compensationBWithoutASignerIsRefusedAndWritesNothing() throws Exception {
        CutScenario.forRun("run-unsigned")
                .changeSet("cs-unsigned")
                .units(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(superuser);
        List<String> catalog = Probe.catalog(superuser);
        Map<String, Map<String, String>> before = Probe.rows(superuser);
        FailClosed failClosed = TestGovernance.failClosed();
        Compensator unsigned = Compensator.forRun("run-unsigned")
                .failClosed(failClosed)
                .on(target)
                .failedAt(Phase.WRITE_VERIFY);
        CompensationPlan plan = unsigned.plan();
        assertThat(plan.steps()).anyMatch(step -> step instanceof PlanStep.LedgerAppend);

        assertThatThrownBy(() -> unsigned.authorizedBy(Ledger.approve(plan)).execute())
                .isInstanceOfSatisfying(InvalidPlanException.class, e -> {
                    assertThat(e.rule()).isEqualTo("signer-given");
                    assertThat(e.runId()).contains(io.github.cutterrevert.RunId.of("run-unsigned"));
                })
                .hasMessageContaining("signedBy(DecisionSigner)");

        assertThat(Probe.catalog(superuser)).isEqualTo(catalog);
        assertThat(Probe.changed(before, Probe.rows(superuser)))
                .as("not even compensation A ran")
                .isEmpty();
        assertThat(failClosed.hold())
                .as("refused before anything was attempted: no HOLD")
                .isEmpty();
        try (Stream<Path> written = Files.walk(failClosed.rollbackDirectory().getParent())) {
            assertThat(written.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void compensationAAloneNeedsNoSigner() {
        CutScenario.forRun("run-leg-b")
                .changeSet("cs-leg-b")
                .units(2)
                .failingAt(Phase.LEG_B_RECORD)
                .apply(superuser);
        long decisions = PlainJdbc.count(superuser, "SELECT count(*) FROM cutter_governance.review_decision");
        Compensator compensator = Compensator.forRun("run-leg-b")
                .failClosed(TestGovernance.failClosed())
                .on(target)
                .failedAt(Phase.LEG_B_RECORD);
        CompensationPlan plan = compensator.plan();

        CompensationResult result =
                compensator.authorizedBy(Ledger.approve(plan)).execute();

        assertThat(result.verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(result.rowsAffected()).doesNotContainKey(LogicalTable.REVIEW_DECISION);
        assertThat(PlainJdbc.count(superuser, "SELECT count(*) FROM cutter_governance.review_decision"))
                .isEqualTo(decisions);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String base64Body(String pem) {
        return pem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
    }
}
