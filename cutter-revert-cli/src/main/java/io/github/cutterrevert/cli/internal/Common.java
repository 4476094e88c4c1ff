package io.github.cutterrevert.cli.internal;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command takes: where the database and the fail-closed files are, how to
 * authenticate, and how to print. Each has an environment variable and a properties-file key;
 * a flag wins over the environment, which wins over the file.
 */
public final class Common {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file with the configuration (default: $CUTTER_CONFIG). "
                    + "Keys: jdbc.url, jdbc.user, jdbc.password-file, home, rollback-dir, locks-dir, hold, "
                    + "signer.key-file, signer.key-id, trust.directory, required-approvers, lock-timeout, "
                    + "statement-timeout, binding.*")
    Path config;

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            description = "jdbc:postgresql://host:port/database (default: $CUTTER_JDBC_URL, jdbc.url). "
                    + "Never with a password in it.")
    String jdbcUrl;

    @Option(
            names = "--user",
            paramLabel = "ROLE",
            description = "Database role (default: $CUTTER_JDBC_USER, jdbc.user)")
    String user;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "File holding the database password (default: $CUTTER_JDBC_PASSWORD_FILE, "
                    + "jdbc.password-file; else $CUTTER_JDBC_PASSWORD)")
    Path passwordFile;

    @Option(names = "--password-prompt", description = "Ask for the database password on the terminal")
    boolean passwordPrompt;

    // Never a password on the command line (it would be in the shell history and in ps): the
    // option exists only to refuse it with a message saying what to use instead.
    @Option(names = "--password", hidden = true, paramLabel = "SECRET")
    String password;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "Fail-closed home: <DIR>/rollback and <DIR>/locks (default: $CUTTER_HOME, home; "
                    + "else /var/lib/cutter)")
    Path home;

    @Option(
            names = "--rollback-dir",
            paramLabel = "DIR",
            description = "Per-run snapshots, run state and escalation bundles (default: $CUTTER_ROLLBACK_DIR, "
                    + "rollback-dir, <home>/rollback)")
    Path rollbackDir;

    @Option(
            names = "--locks-dir",
            paramLabel = "DIR",
            description = "HOLD and the kill switch (default: $CUTTER_LOCKS_DIR, locks-dir, <home>/locks)")
    Path locksDir;

    @Option(
            names = "--hold",
            paramLabel = "WHERE",
            description = "Where the HOLD is kept: files (the HOLD file, one host), database (a row every host "
                    + "sees) or both, as the orchestrator is configured (default: $CUTTER_HOLD, hold, files)")
    String hold;

    @Option(
            names = "--signer-key",
            paramLabel = "FILE",
            description = "PKCS#8 Ed25519 key (PEM or DER) that signs compensating decisions "
                    + "(default: $CUTTER_SIGNER_KEY_FILE, signer.key-file)")
    Path signerKey;

    @Option(
            names = "--signer-key-id",
            paramLabel = "ID",
            description = "Key id recorded with each signature (default: $CUTTER_SIGNER_KEY_ID, signer.key-id)")
    String signerKeyId;

    @Option(
            names = "--trust",
            paramLabel = "DIR",
            description = "Trust store: the approvers' Ed25519 public keys, one <key-id>.pem or <key-id>.der per "
                    + "file (default: $CUTTER_TRUST_DIR, trust.directory). With it every plan that needs approval "
                    + "needs signed approvals.")
    Path trust;

    @Option(
            names = "--required-approvers",
            paramLabel = "N",
            description = "Distinct approvers a hard delete needs, e.g. 2 (default: $CUTTER_REQUIRED_APPROVERS, "
                    + "required-approvers, 1); needs --trust")
    String requiredApprovers;

    @Option(
            names = "--lock-timeout",
            paramLabel = "DURATION",
            description = "lock_timeout of every transaction, e.g. 5s, 500ms, PT5S (default: lock-timeout, 5s)")
    String lockTimeout;

    @Option(
            names = "--statement-timeout",
            paramLabel = "DURATION",
            description = "statement_timeout of every transaction (default: statement-timeout, 60s)")
    String statementTimeout;

    @Option(names = "--json", description = "Print one JSON document instead of text (for automation)")
    boolean json;
}
