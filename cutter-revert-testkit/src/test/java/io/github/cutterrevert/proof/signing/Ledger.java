package io.github.cutterrevert.proof.signing;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.DecisionChain;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.LedgerDecision;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.TestGovernance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The signing proofs' fixture: real compensations that append signed decisions, a raw view of
 * {@code review_decision}, and tampering as the superuser with the append-only trigger switched off
 * inside the tampering transaction only. Stateless and thread-safe.
 */
final class Ledger {
    static final Instant DECIDED_AT = Instant.parse("2026-05-21T10:00:00.123456Z");

    private Ledger() {}

    /** One {@code review_decision} row, read with plain JDBC. */
    record Row(
            long id,
            String changeSet,
            String decision,
            String decidedBy,
            String revertRunId,
            String note,
            Instant decidedAt,
            String keyId,
            String prevHash,
            String signature) {

        boolean signed() {
            return signature != null;
        }

        /** The encoding the signature covers, built from the stored values. */
        byte[] canonical() {
            return DecisionChain.canonical(
                    ChangeSetId.of(changeSet),
                    decision,
                    decidedBy,
                    Optional.ofNullable(revertRunId),
                    note == null ? "" : note,
                    decidedAt,
                    keyId,
                    prevHash);
        }
    }

    /** A cut that failed at write_verify, then compensated and signed with the given key. */
    static void cutAndCompensate(
            DataSource superuser,
            PostgresTarget target,
            String runId,
            String changeSet,
            boolean hard,
            DecisionSigner signer) {
        CutScenario.forRun(runId)
                .changeSet(changeSet)
                .units(2)
                .versionsPerUnit(2)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(superuser);
        Compensator compensator = Compensator.forRun(runId)
                .failClosed(TestGovernance.failClosed())
                .signedBy(signer)
                .on(target)
                .failedAt(Phase.WRITE_VERIFY);
        if (hard) {
            compensator.hardDelete();
        }
        CompensationPlan plan = compensator.plan();
        Verdict verdict = compensator.authorizedBy(approve(plan)).execute().verdict();
        if (!(verdict instanceof Verdict.Compensated)) {
            throw new IllegalStateException("expected the compensation of " + changeSet + " to succeed: " + verdict);
        }
    }

    static Authority approve(CompensationPlan plan) {
        return Authority.decision(
                "sovereign@example.org",
                "DEC-" + plan.fingerprint().shortForm(),
                "reviewed",
                plan.fingerprint(),
                DECIDED_AT);
    }

    /** Every row of {@code review_decision} in id order. */
    static List<Row> rows(DataSource dataSource) {
        String sql =
                "SELECT id, change_set_id, decision, decided_by, revert_run_id, note, decided_at, key_id, prev_hash,"
                        + " signature FROM cutter_governance.review_decision ORDER BY id";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            List<Row> result = new ArrayList<>();
            while (rows.next()) {
                result.add(new Row(
                        rows.getLong(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getString(5),
                        rows.getString(6),
                        rows.getObject(7, java.time.OffsetDateTime.class).toInstant(),
                        rows.getString(8),
                        rows.getString(9),
                        rows.getString(10)));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static List<Row> signedRows(DataSource dataSource) {
        return rows(dataSource).stream().filter(Row::signed).toList();
    }

    /**
     * Runs statements as the superuser in one transaction with the append-only trigger switched off
     * and on again inside it, so no other session ever sees the ledger unprotected.
     */
    static void tamper(DataSource superuser, String sql, Object... parameters) {
        try (Connection connection = superuser.getConnection()) {
            connection.setAutoCommit(false);
            execute(
                    connection,
                    "ALTER TABLE cutter_governance.review_decision DISABLE TRIGGER trg_review_decision_append_only");
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                statement.execute();
            }
            execute(
                    connection,
                    "ALTER TABLE cutter_governance.review_decision ENABLE TRIGGER trg_review_decision_append_only");
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * Swaps every column but the id of two rows, as the superuser with the trigger off inside the
     * transaction. The second row leaves the unique predecessor index first, so the swap does not
     * trip it halfway.
     */
    static void swap(DataSource superuser, long a, long b) {
        Row rowA = rows(superuser).stream().filter(r -> r.id() == a).findFirst().orElseThrow();
        Row rowB = rows(superuser).stream().filter(r -> r.id() == b).findFirst().orElseThrow();
        try (Connection connection = superuser.getConnection()) {
            connection.setAutoCommit(false);
            execute(
                    connection,
                    "ALTER TABLE cutter_governance.review_decision DISABLE TRIGGER trg_review_decision_append_only");
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE cutter_governance.review_decision SET signature = NULL, prev_hash = NULL WHERE id = ?")) {
                statement.setLong(1, b);
                statement.execute();
            }
            overwrite(connection, a, rowB);
            overwrite(connection, b, rowA);
            execute(
                    connection,
                    "ALTER TABLE cutter_governance.review_decision ENABLE TRIGGER trg_review_decision_append_only");
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("swapping decisions " + a + " and " + b, e);
        }
    }

    private static void overwrite(Connection connection, long id, Row with) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE cutter_governance.review_decision"
                + " SET change_set_id = ?, decision = ?, decided_by = ?, revert_run_id = ?, note = ?, decided_at = ?,"
                + " key_id = ?, prev_hash = ?, signature = ? WHERE id = ?")) {
            bind(statement, with);
            statement.setLong(10, id);
            statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Row row) throws SQLException {
        statement.setString(1, row.changeSet());
        statement.setString(2, row.decision());
        statement.setString(3, row.decidedBy());
        statement.setString(4, row.revertRunId());
        statement.setString(5, row.note());
        statement.setObject(6, row.decidedAt().atOffset(java.time.ZoneOffset.UTC));
        statement.setString(7, row.keyId());
        statement.setString(8, row.prevHash());
        statement.setString(9, row.signature());
    }

    /** Appends a row as the superuser (the trigger allows INSERT): a forger with database access. */
    static void insert(DataSource dataSource, Row row) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("INSERT INTO cutter_governance.review_decision"
                                + " (change_set_id, decision, decided_by, revert_run_id, note, decided_at, key_id, prev_hash, signature)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(statement, row);
            statement.executeUpdate();
        }
    }

    /** A decision signed by any key, naming a predecessor: what a forger would append. */
    static Row forged(String changeSet, DecisionSigner signer, String prevHash) {
        Row unsigned = new Row(
                0,
                changeSet,
                "reverted",
                "mallory",
                "run-forged:revert",
                "forged",
                DECIDED_AT,
                signer.keyId(),
                prevHash,
                null);
        String signature = DecisionChain.sign(signer, unsigned.canonical());
        return new Row(
                0,
                changeSet,
                "reverted",
                "mallory",
                "run-forged:revert",
                "forged",
                DECIDED_AT,
                signer.keyId(),
                prevHash,
                signature);
    }

    /** The chain hash of a decision as the library reads it back. */
    static String hashOf(PostgresTarget target, long id) {
        LedgerDecision decision = target.decisions().stream()
                .filter(d -> d.id() == id)
                .findFirst()
                .orElseThrow();
        return DecisionChain.hash(decision);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
