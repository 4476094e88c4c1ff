package io.github.cutterrevert.proof.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.Approval;
import io.github.cutterrevert.ApprovalRefusedException;
import io.github.cutterrevert.Authority;
import io.github.cutterrevert.ChainVerification;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.TrustStore;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.jooq.SchemaBinding;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signed approvals on a ledger that is not the reference schema's: the decision table and both
 * approval columns renamed (quotes, spaces, non-ASCII), bound through {@link SchemaBinding}, run as
 * {@code cutter_exec}.
 */
@CutterPostgres
class SignedApprovalBindingIT {
    private static final String TABLE = "Entscheidung \"log\"";
    private static final String APPROVAL_ID = "approval id; --";
    private static final String APPROVALS = "Zustimmungen ü";

    private static DataSource superuser;
    private static PostgresTarget target;
    private static DecisionSigner sovereign;
    private static TrustStore trust;

    @BeforeAll
    static void renamedLedger(TestDatabase db) throws Exception {
        superuser = db.dataSource();
        ReferenceWorld.seedBaseline(superuser);
        for (String cs : List.of("cs-b1", "cs-b2")) {
            CutScenario.forRun("run-" + cs)
                    .changeSet(cs)
                    .units(2)
                    .versionsPerUnit(2)
                    .failingAt(Phase.WRITE_VERIFY)
                    .apply(superuser);
        }
        PlainJdbc.run(
                superuser,
                "ALTER TABLE cutter_governance.review_decision RENAME COLUMN approval_decision_id TO "
                        + quote(APPROVAL_ID));
        PlainJdbc.run(
                superuser,
                "ALTER TABLE cutter_governance.review_decision RENAME COLUMN approvals TO " + quote(APPROVALS));
        PlainJdbc.run(superuser, "ALTER TABLE cutter_governance.review_decision RENAME TO " + quote(TABLE));
        SchemaBinding binding = SchemaBinding.builder()
                .table(LogicalTable.REVIEW_DECISION, "cutter_governance", TABLE)
                .column(SchemaBinding.Column.DECISION_APPROVAL_ID, APPROVAL_ID)
                .column(SchemaBinding.Column.DECISION_APPROVALS, APPROVALS)
                .build();
        target = PostgresTarget.builder(db.dataSourceAs(TestDatabase.CUTTER_EXEC))
                .binding(binding)
                .build();
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        sovereign = new DecisionSigner("sovereign-2026", pair.getPrivate());
        trust = TrustStore.of(Map.of("sovereign-2026", pair.getPublic()));
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static Compensator hardDelete(String cs, FailClosed failClosed) {
        return Compensator.forRun("run-" + cs)
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .hardDelete()
                .failClosed(failClosed)
                .signedBy(TestGovernance.signer())
                .trusting(trust);
    }

    private static Authority approve(CompensationPlan plan, String decisionId) {
        Instant now = Instant.now();
        return Authority.signed(List.of(Approval.sign(
                Approval.Terms.of(
                        plan,
                        decisionId,
                        "sovereign@example.org",
                        "reviewed",
                        now.minusSeconds(5),
                        now.plus(Duration.ofHours(1))),
                sovereign)));
    }

    @Test
    void aSignedHardDeleteIsRecordedInTheBoundColumnsAndAReplayIsRefusedThere() {
        Compensator first = hardDelete("cs-b1", TestGovernance.failClosed());
        Verdict verdict =
                first.authorizedBy(approve(first.plan(), "DEC-B")).execute().verdict();

        assertThat(verdict).isEqualTo(new Verdict.Compensated());
        assertThat(PlainJdbc.text(
                        superuser,
                        "SELECT " + quote(APPROVAL_ID) + " || ' ' || length(" + quote(APPROVALS) + ")::text"
                                + " FROM cutter_governance." + quote(TABLE) + " WHERE change_set_id = 'cs-b1'"))
                .startsWith("DEC-B ");
        Map<String, PublicKey> keys = new HashMap<>(trust.keys());
        keys.putAll(TestGovernance.publicKeys());
        ChainVerification check = target.verifyDecisions(TrustStore.of(keys), ChangeSetId.of("cs-b1"));
        assertThat(check.intact()).as("%s", check).isTrue();

        FailClosed failClosed = TestGovernance.failClosed();
        Compensator second = hardDelete("cs-b2", failClosed);
        long before = PlainJdbc.count(superuser, "SELECT count(*) FROM cutter_governance." + quote(TABLE));
        assertThatThrownBy(() ->
                        second.authorizedBy(approve(second.plan(), "DEC-B")).execute())
                .isInstanceOfSatisfying(ApprovalRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(ApprovalRefusedException.Reason.REPLAYED));
        assertThat(PlainJdbc.count(superuser, "SELECT count(*) FROM cutter_governance." + quote(TABLE)))
                .isEqualTo(before);
        assertThat(PlainJdbc.count(
                        superuser,
                        "SELECT count(*) FROM public.information_unit iu JOIN cutter_governance.cut_change_set_affected_row a"
                                + " ON a.information_unit_id = iu.id WHERE a.change_set_id = 'cs-b2'"))
                .isEqualTo(2);
        assertThat(failClosed.hold()).isEmpty();
    }
}
