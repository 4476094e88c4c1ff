package io.github.cutterrevert.proof.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.Approval;
import io.github.cutterrevert.ApprovalRefusedException;
import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.SeedDelta;
import io.github.cutterrevert.SeedRollback;
import io.github.cutterrevert.TrustStore;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.SeedScenario;
import io.github.cutterrevert.testkit.SeedScenarioResult;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seed path B (retire the document though downstream references exist) under the two-person rule:
 * an unsigned claim and one approver of two are refused with nothing written and no HOLD; two
 * distinct approvers execute it.
 */
@CutterPostgres
class SignedSeedRollbackIT {
    private static final String REGISTRY = "cutter_governance.source_document_registry";

    private static DataSource superuser;
    private static PostgresTarget target;
    private static SeedDelta delta;
    private static DecisionSigner sovereign;
    private static DecisionSigner reviewer;
    private static TrustStore trust;

    @BeforeAll
    static void seeded(TestDatabase db) throws Exception {
        superuser = db.dataSource();
        target = PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
        SeedScenarioResult seed =
                SeedScenario.constitutionSource().downstreamReferences(1).apply(superuser);
        TreeMap<String, String> parent = new TreeMap<>();
        parent.put("source_document_ref", seed.sourceDocumentRef());
        parent.put("address_docprefix", seed.addressDocprefix());
        parent.put("registered_by", seed.registeredBy());
        TreeMap<String, String> child = new TreeMap<>();
        child.put("source_document_ref", seed.sourceDocumentRef());
        child.put("content_checksum", seed.contentChecksum());
        child.put("document_version_id", seed.documentVersionId());
        child.put("registered_by", seed.registeredBy());
        delta = new SeedDelta(parent, child);
        KeyPair s = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair r = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        sovereign = new DecisionSigner("sovereign-2026", s.getPrivate());
        reviewer = new DecisionSigner("reviewer-2026", r.getPrivate());
        trust = TrustStore.of(Map.of("sovereign-2026", s.getPublic(), "reviewer-2026", r.getPublic()));
    }

    private static SeedRollback pathB(FailClosed failClosed) {
        return SeedRollback.of(delta)
                .runId("rollback-signed")
                .on(target)
                .pathBApprovedBy("RB-B-1")
                .failClosed(failClosed)
                .trusting(trust)
                .requiredApprovers(2);
    }

    private static Approval approval(CompensationPlan plan, String approver, DecisionSigner key) {
        Instant now = Instant.now();
        return Approval.sign(
                Approval.Terms.of(
                        plan, "RB-B-1", approver, "path B ruling", now.minusSeconds(5), now.plus(Duration.ofHours(1))),
                key);
    }

    private static void assertRefused(Authority authority, ApprovalRefusedException.Reason reason) {
        FailClosed failClosed = TestGovernance.failClosed();
        SeedRollback rollback = pathB(failClosed).authorizedBy(authority);
        assertThatThrownBy(rollback::execute)
                .isInstanceOfSatisfying(ApprovalRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(reason));
        assertThat(PlainJdbc.text(superuser, "SELECT lifecycle FROM " + REGISTRY))
                .as("the document is not retired (%s)", reason)
                .isNotEqualTo("deprecated");
        assertThat(failClosed.hold()).as("no HOLD (%s)", reason).isEmpty();
    }

    @Test
    void pathBNeedsTwoDistinctSignedApprovers() {
        CompensationPlan plan = pathB(TestGovernance.failClosed()).plan();

        assertRefused(
                Authority.decision("sovereign@example.org", "RB-B-1", "trust me", plan.fingerprint(), Instant.now()),
                ApprovalRefusedException.Reason.UNSIGNED);
        assertRefused(
                Authority.signed(List.of(approval(plan, "sovereign@example.org", sovereign))),
                ApprovalRefusedException.Reason.TOO_FEW_APPROVERS);

        Verdict verdict = pathB(TestGovernance.failClosed())
                .authorizedBy(Authority.signed(List.of(
                        approval(plan, "sovereign@example.org", sovereign),
                        approval(plan, "reviewer@example.org", reviewer))))
                .execute()
                .verdict();
        assertThat(verdict).isEqualTo(new Verdict.Compensated());
        assertThat(PlainJdbc.text(superuser, "SELECT lifecycle FROM " + REGISTRY))
                .isEqualTo("deprecated");
    }
}
