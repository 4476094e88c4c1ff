package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Compensator} and {@link SeedRollback} with a trust store, against an in-memory target. */
class SignedApprovalCompensatorTest {
    private static final KeyPair SOVEREIGN = generate();
    private static final KeyPair REVIEWER = generate();
    private static final TrustStore TRUST =
            TrustStore.of(Map.of("sovereign", SOVEREIGN.getPublic(), "reviewer", REVIEWER.getPublic()));

    private final FakeTarget target = new FakeTarget();

    @TempDir
    Path home;

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private FailClosed failClosed() {
        return FailClosed.inDirectories(home.resolve("rollback"), home.resolve("locks"));
    }

    private Compensator hard() {
        return Compensator.forRun("run-42")
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .hardDelete()
                .failClosed(failClosed())
                .signedBy(Fixtures.SIGNER)
                .trusting(TRUST);
    }

    private static Approval approval(CompensationPlan plan, String approver, String keyId, KeyPair key, Instant from) {
        return Approval.sign(
                Approval.Terms.of(plan, "DEC-1", approver, "reviewed", from, from.plus(Duration.ofHours(1))),
                new DecisionSigner(keyId, key.getPrivate()));
    }

    private static Approval sovereign(CompensationPlan plan) {
        return approval(
                plan,
                "sovereign@example.org",
                "sovereign",
                SOVEREIGN,
                Instant.now().minusSeconds(60));
    }

    private static Approval reviewer(CompensationPlan plan) {
        return approval(
                plan,
                "reviewer@example.org",
                "reviewer",
                REVIEWER,
                Instant.now().minusSeconds(60));
    }

    private void assertNothingExecutedAndNoHold() {
        assertThat(target.executed).as("the target was never asked to execute").isEmpty();
        assertThat(failClosed().hold()).as("a refused approval places no HOLD").isEmpty();
    }

    @Test
    void aSignedApprovalFromATrustedKeyExecutesAHardDelete() {
        Compensator c = hard();
        CompensationPlan plan = c.plan();
        Authority signed = Authority.signed(List.of(sovereign(plan)));

        assertThat(c.authorizedBy(signed).execute().verdict()).isEqualTo(new Verdict.Compensated());
        assertThat(target.authorities).containsExactly(signed);
    }

    @Test
    void withATrustStoreAnUnsignedDecisionIsRefused() {
        Compensator c = hard();
        CompensationPlan plan = c.plan();
        assertThatThrownBy(() -> c.authorizedBy(Fixtures.approving(plan)).execute())
                .isInstanceOfSatisfying(ApprovalRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ApprovalRefusedException.Reason.UNSIGNED);
                    assertThat(e.decisionId()).contains("DEC-7");
                });
        assertThatThrownBy(() -> hard().execute()).isInstanceOf(NotApprovedException.class);
        assertNothingExecutedAndNoHold();
    }

    @Test
    void anExpiredApprovalIsRefusedBeforeTheTarget() {
        Compensator c = hard();
        CompensationPlan plan = c.plan();
        Approval old = approval(
                plan,
                "sovereign@example.org",
                "sovereign",
                SOVEREIGN,
                Instant.now().minusSeconds(7200));
        assertThatThrownBy(() -> c.authorizedBy(Authority.signed(List.of(old))).execute())
                .isInstanceOfSatisfying(ApprovalRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(ApprovalRefusedException.Reason.EXPIRED));
        assertNothingExecutedAndNoHold();
    }

    @Test
    void theTwoPersonRuleNeedsTwoDistinctApproversForAHardDeleteButOneForASoftRevert() {
        Compensator c = hard().requiredApprovers(2);
        CompensationPlan plan = c.plan();
        assertThatThrownBy(() -> c.authorizedBy(Authority.signed(List.of(sovereign(plan))))
                        .execute())
                .isInstanceOfSatisfying(ApprovalRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(ApprovalRefusedException.Reason.TOO_FEW_APPROVERS));
        assertNothingExecutedAndNoHold();

        assertThat(c.authorizedBy(Authority.signed(List.of(sovereign(plan), reviewer(plan))))
                        .execute()
                        .verdict())
                .isEqualTo(new Verdict.Compensated());

        Compensator soft = Compensator.forRun("run-42")
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed())
                .signedBy(Fixtures.SIGNER)
                .trusting(TRUST)
                .requiredApprovers(2);
        CompensationPlan softPlan = soft.plan();
        assertThat(soft.authorizedBy(Authority.signed(List.of(sovereign(softPlan))))
                        .execute()
                        .verdict())
                .isEqualTo(new Verdict.Compensated());
    }

    @Test
    void signedApprovalsOrSeveralApproversWithoutATrustStoreAreAConfigurationError() {
        Compensator c = Compensator.forRun("run-42")
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .hardDelete()
                .failClosed(failClosed())
                .signedBy(Fixtures.SIGNER);
        CompensationPlan plan = c.plan();
        assertThatThrownBy(() -> c.authorizedBy(Authority.signed(List.of(sovereign(plan))))
                        .execute())
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("trust-store-given"));
        assertThatThrownBy(() -> c.requiredApprovers(2)
                        .authorizedBy(Fixtures.approving(plan))
                        .execute())
                .isInstanceOfSatisfying(
                        InvalidPlanException.class, e -> assertThat(e.rule()).isEqualTo("trust-store-given"));
        assertThatThrownBy(() -> c.requiredApprovers(0))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("requiredApprovers"));
        assertNothingExecutedAndNoHold();
    }

    @Test
    void aSeedRollbackWithATrustStoreNeedsSignedApprovalsFromEnoughApprovers() {
        SeedRollback rollback = SeedRollback.of(Fixtures.constitutionSeed())
                .runId("rollback-1")
                .on(target)
                .failClosed(failClosed())
                .trusting(TRUST)
                .requiredApprovers(2);
        CompensationPlan plan = rollback.plan();
        assertThatThrownBy(() -> rollback.authorizedBy(Fixtures.approving(plan)).execute())
                .isInstanceOfSatisfying(ApprovalRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(ApprovalRefusedException.Reason.UNSIGNED));
        assertThatThrownBy(() -> rollback.authorizedBy(Authority.signed(List.of(sovereign(plan))))
                        .execute())
                .isInstanceOfSatisfying(ApprovalRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(ApprovalRefusedException.Reason.TOO_FEW_APPROVERS));
        assertNothingExecutedAndNoHold();

        assertThat(rollback.authorizedBy(Authority.signed(List.of(sovereign(plan), reviewer(plan))))
                        .execute()
                        .verdict())
                .isEqualTo(new Verdict.Compensated());
    }
}
