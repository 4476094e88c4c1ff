package io.github.cutterrevert.proof.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cutterrevert.ChainVerification;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutterPostgres;
import io.github.cutterrevert.testkit.PlainJdbc;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import io.github.cutterrevert.testkit.TestGovernance;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chain cannot fork: the reference schema's unique index on {@code prev_hash} among signed
 * decisions refuses a second signed decision naming the same predecessor, whoever writes it and
 * even when it is correctly signed, so two writers that skipped the library's chain lock cannot
 * both append.
 */
@CutterPostgres
class ChainForkIT {
    private static DataSource superuser;
    private static DataSource exec;
    private static PostgresTarget target;

    @BeforeAll
    static void oneSignedCompensation(TestDatabase db) {
        superuser = db.dataSource();
        exec = db.dataSourceAs(TestDatabase.CUTTER_EXEC);
        ReferenceWorld.seedBaseline(superuser);
        target = PostgresTarget.of(exec);
        Ledger.cutAndCompensate(superuser, target, "run-1", "cs-1", false, TestGovernance.signer());
        CutScenario.forRun("run-2")
                .changeSet("cs-2")
                .units(1)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(superuser);
    }

    @Test
    void aSecondSignedDecisionNamingTheSamePredecessorIsRefusedWith23505() throws SQLException {
        int linksBefore = target.verifyDecisions(TestGovernance.publicKeys()).checked();
        Ledger.Row head = Ledger.signedRows(superuser).getLast();
        String headHash = Ledger.hashOf(target, head.id());
        Ledger.Row continuation = Ledger.forged("cs-2", TestGovernance.signer(), headHash);
        Ledger.Row fork = Ledger.forged("cs-1", TestGovernance.signer(), headHash);

        Ledger.insert(superuser, continuation);
        List<Ledger.Row> afterContinuation = Ledger.rows(superuser);
        assertThat(target.verifyDecisions(TestGovernance.publicKeys()).intact())
                .as("a correctly signed, correctly linked decision continues the chain")
                .isTrue();

        for (DataSource writer : List.of(superuser, exec)) {
            assertThatThrownBy(() -> Ledger.insert(writer, fork)).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("23505");
                assertThat(e.getMessage()).contains("review_decision_prev_hash_key");
            });
        }

        assertThat(Ledger.rows(superuser)).isEqualTo(afterContinuation);
        ChainVerification check = target.verifyDecisions(TestGovernance.publicKeys());
        assertThat(check.intact()).isTrue();
        assertThat(check.checked()).as("one link more, not two").isEqualTo(linksBefore + 1);
    }

    @Test
    void unsignedDecisionsAreNotLinksAndMayShareAnEmptyPredecessor() {
        long before = PlainJdbc.count(superuser, "SELECT count(*) FROM cutter_governance.review_decision");

        for (int i = 0; i < 2; i++) {
            PlainJdbc.run(
                    exec,
                    "INSERT INTO cutter_governance.review_decision (change_set_id, decision, decided_by)"
                            + " VALUES ('cs-baseline', 'approved', 'orchestrator')");
        }

        assertThat(PlainJdbc.count(superuser, "SELECT count(*) FROM cutter_governance.review_decision"))
                .isEqualTo(before + 2);
        assertThat(target.verifyDecisions(TestGovernance.publicKeys()).intact()).isTrue();
        assertThat(PlainJdbc.count(
                        superuser,
                        "SELECT count(*) FROM cutter_governance.review_decision WHERE change_set_id = ?",
                        ReferenceWorld.CHANGE_SET_ID))
                .isEqualTo(2);
    }

    @Test
    void theLibrarysNextDecisionLinksToTheChainsHeadWhoeverAppendedIt() {
        String head =
                Ledger.hashOf(target, Ledger.signedRows(superuser).getLast().id());

        Ledger.cutAndCompensate(superuser, target, "run-4", "cs-4", false, TestGovernance.signer());

        Ledger.Row appended = Ledger.signedRows(superuser).getLast();
        assertThat(appended.changeSet()).isEqualTo("cs-4");
        assertThat(appended.prevHash()).isEqualTo(head);
        assertThat(target.verifyDecisions(TestGovernance.publicKeys()).intact()).isTrue();
        assertThat(PlainJdbc.count(
                        superuser,
                        "SELECT count(*) FROM (SELECT prev_hash FROM cutter_governance.review_decision"
                                + " WHERE signature IS NOT NULL GROUP BY prev_hash HAVING count(*) > 1) forks"))
                .isZero();
    }
}
