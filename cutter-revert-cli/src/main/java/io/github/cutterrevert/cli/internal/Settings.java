package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.TrustStore;
import io.github.cutterrevert.jooq.DatabaseHold;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.jooq.SchemaBinding;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The configuration of one command, resolved from its flags, the environment and a properties
 * file, in that order of precedence. Reads the file once; connects only when a command asks for
 * the target. Not thread-safe.
 */
final class Settings {
    static final String ENV_CONFIG = "CUTTER_CONFIG";
    static final String ENV_URL = "CUTTER_JDBC_URL";
    static final String ENV_USER = "CUTTER_JDBC_USER";
    static final String ENV_PASSWORD = "CUTTER_JDBC_PASSWORD";
    static final String ENV_PASSWORD_FILE = "CUTTER_JDBC_PASSWORD_FILE";
    static final String ENV_HOME = "CUTTER_HOME";
    static final String ENV_ROLLBACK = "CUTTER_ROLLBACK_DIR";
    static final String ENV_LOCKS = "CUTTER_LOCKS_DIR";
    static final String ENV_SIGNER_KEY = "CUTTER_SIGNER_KEY_FILE";
    static final String ENV_SIGNER_KEY_ID = "CUTTER_SIGNER_KEY_ID";
    static final String ENV_TRUST = "CUTTER_TRUST_DIR";
    static final String ENV_HOLD = "CUTTER_HOLD";
    static final String ENV_REQUIRED_APPROVERS = "CUTTER_REQUIRED_APPROVERS";

    /** The seed runbook's home of the fail-closed files. */
    static final Path DEFAULT_HOME = Path.of("/var/lib/cutter");

    private static final Set<String> KEYS = Set.of(
            "jdbc.url",
            "jdbc.user",
            "jdbc.password-file",
            "home",
            "rollback-dir",
            "locks-dir",
            "hold",
            "signer.key-file",
            "signer.key-id",
            "trust.directory",
            "required-approvers",
            "lock-timeout",
            "statement-timeout");

    private final Common common;
    private final Context context;
    private final Properties file;
    private final Optional<Path> fileName;
    private PostgresTarget target;

    private Settings(Common common, Context context, Properties file, Optional<Path> fileName) {
        this.common = common;
        this.context = context;
        this.file = file;
        this.fileName = fileName;
    }

    /**
     * Reads the properties file (if any) and checks what can be checked without connecting.
     *
     * @throws InvalidInputException naming the flag, variable or key that is wrong
     */
    static Settings of(Common common, Context context) {
        if (common.password != null) {
            throw new InvalidInputException(
                    "--password",
                    "absent: a password is never taken on the command line (shell history, ps); use "
                            + ENV_PASSWORD_FILE + ", --password-file, " + ENV_PASSWORD + " or --password-prompt",
                    "(not shown)");
        }
        Optional<Path> config = Optional.ofNullable(common.config)
                .or(() -> context.env(ENV_CONFIG).map(Path::of));
        Properties properties = new Properties();
        if (config.isPresent()) {
            try (Reader reader = Files.newBufferedReader(config.get(), StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new InvalidInputException(
                        "--config",
                        "a readable properties file (" + e.getClass().getSimpleName() + ")",
                        config.get().toString());
            }
            for (String key : properties.stringPropertyNames()) {
                if (key.equals("jdbc.password")) {
                    throw new InvalidInputException(
                            key,
                            "absent: keep the password in its own file and name it with jdbc.password-file",
                            "(not shown)");
                }
                if (!KEYS.contains(key) && !key.startsWith("binding.")) {
                    throw new InvalidInputException(
                            "configuration key " + key,
                            "one of " + String.join(", ", KEYS.stream().sorted().toList()) + " or binding.*",
                            key);
                }
            }
        }
        Settings settings = new Settings(common, context, properties, config);
        settings.lockTimeout();
        settings.statementTimeout();
        settings.binding();
        settings.requiredApprovers();
        settings.hold();
        return settings;
    }

    boolean json() {
        return common.json;
    }

    Optional<Path> configFile() {
        return fileName;
    }

    private Optional<String> value(String flag, String env, String key) {
        return Optional.ofNullable(flag).or(() -> context.env(env)).or(() -> Optional.ofNullable(file.getProperty(key))
                .map(String::strip)
                .filter(v -> !v.isEmpty()));
    }

    private Optional<Path> path(Path flag, String env, String key) {
        return Optional.ofNullable(flag).or(() -> value(null, env, key).map(Path::of));
    }

    /** The JDBC URL, when configured. */
    Optional<String> jdbcUrl() {
        Optional<String> url = value(common.jdbcUrl, ENV_URL, "jdbc.url");
        url.ifPresent(Settings::requirePostgresUrl);
        return url;
    }

    private static void requirePostgresUrl(String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidInputException("jdbc-url", "a URL starting with jdbc:postgresql:", url.split("\\?")[0]);
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.contains("password=") || url.matches("jdbc:postgresql://[^/?]*:[^/?@]*@.*")) {
            throw new InvalidInputException(
                    "jdbc-url",
                    "a URL without a password (use " + ENV_PASSWORD_FILE + ", --password-file, " + ENV_PASSWORD
                            + " or --password-prompt)",
                    "(not shown: it holds a password)");
        }
    }

    /** The database as a reader sees it: the URL without its parameters. */
    Optional<String> database() {
        return jdbcUrl().map(url -> url.split("\\?")[0]);
    }

    Optional<String> user() {
        return value(common.user, ENV_USER, "jdbc.user");
    }

    Path rollbackDirectory() {
        return path(common.rollbackDir, ENV_ROLLBACK, "rollback-dir").orElseGet(() -> home().resolve("rollback"));
    }

    Path locksDirectory() {
        return path(common.locksDir, ENV_LOCKS, "locks-dir").orElseGet(() -> home().resolve("locks"));
    }

    private Path home() {
        return path(common.home, ENV_HOME, "home").orElse(DEFAULT_HOME);
    }

    /** Where the HOLD is kept. */
    enum Hold {
        FILES,
        DATABASE,
        BOTH
    }

    Hold hold() {
        String value = value(common.hold, ENV_HOLD, "hold").orElse("files");
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "files" -> Hold.FILES;
            case "database" -> Hold.DATABASE;
            case "both" -> Hold.BOTH;
            default -> throw new InvalidInputException("hold", "files, database or both", value);
        };
    }

    /**
     * The fail-closed procedure: files in the rollback and locks directories, and the HOLD where
     * {@link #hold()} says (the database's through {@link DatabaseHold}, which connects).
     */
    FailClosed failClosed() {
        FailClosed.Builder builder =
                FailClosed.builder().rollbackDirectory(rollbackDirectory()).locksDirectory(locksDirectory());
        switch (hold()) {
            case FILES -> {}
            case DATABASE -> builder.sharedHold(DatabaseHold.of(target())).fileHold(false);
            case BOTH -> builder.sharedHold(DatabaseHold.of(target()));
        }
        return builder.build();
    }

    Duration lockTimeout() {
        return value(common.lockTimeout, "CUTTER_LOCK_TIMEOUT", "lock-timeout")
                .map(text -> duration("lock-timeout", text))
                .orElse(PostgresTarget.DEFAULT_LOCK_TIMEOUT);
    }

    Duration statementTimeout() {
        return value(common.statementTimeout, "CUTTER_STATEMENT_TIMEOUT", "statement-timeout")
                .map(text -> duration("statement-timeout", text))
                .orElse(PostgresTarget.DEFAULT_STATEMENT_TIMEOUT);
    }

    /** {@code 5s}, {@code 500ms}, {@code 2m}, {@code 4h} or ISO-8601 ({@code PT5S}). */
    static Duration duration(String field, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s") && !value.startsWith("p")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            if (value.endsWith("m") && !value.startsWith("p")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            if (value.endsWith("h") && !value.startsWith("p")) {
                return Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.parse(text.strip());
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidInputException(field, "a duration such as 5s, 500ms, 2m, 4h or PT5S", text);
        }
    }

    /** The signer of compensating decisions, when configured (key file and key id together). */
    Optional<DecisionSigner> signer() {
        Optional<Path> key = path(common.signerKey, ENV_SIGNER_KEY, "signer.key-file");
        Optional<String> keyId = value(common.signerKeyId, ENV_SIGNER_KEY_ID, "signer.key-id");
        if (key.isPresent() != keyId.isPresent()) {
            throw new InvalidInputException(
                    key.isPresent() ? "--signer-key-id" : "--signer-key",
                    "given together with " + (key.isPresent() ? "--signer-key" : "--signer-key-id") + " (or "
                            + ENV_SIGNER_KEY + " and " + ENV_SIGNER_KEY_ID + ")",
                    null);
        }
        return key.map(file -> DecisionSigner.fromPkcs8(keyId.orElseThrow(), file));
    }

    /** The approvers' public keys, when configured. */
    Optional<TrustStore> trust() {
        return path(common.trust, ENV_TRUST, "trust.directory").map(TrustStore::fromDirectory);
    }

    /** How many distinct approvers a hard delete needs, when configured. */
    Optional<Integer> requiredApprovers() {
        return value(common.requiredApprovers, ENV_REQUIRED_APPROVERS, "required-approvers")
                .map(text -> {
                    try {
                        return Integer.parseInt(text.strip());
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException("required-approvers", "a whole number of at least 1", text);
                    }
                });
    }

    /**
     * The schema binding: the defaults with every {@code binding.*} key of the file applied.
     *
     * <ul>
     *   <li>{@code binding.schema.<from>=<to>} moves every table of a schema;
     *   <li>{@code binding.table.<logical-table>=<schema>.<name>};
     *   <li>{@code binding.column.<column>=<name>} (every table) or {@code
     *       binding.column.<logical-table>.<column>=<name>} (one table);
     *   <li>{@code binding.status.<status>=<value>}, {@code binding.catalog-object.<object>=<name>},
     *       {@code binding.function-schema=<schema>};
     *   <li>{@code binding.allowed-statuses.<column>=<a>,<b>} for a status column the catalog does
     *       not constrain; {@code binding.written-in.<ledger-table>=<phase>} (phase ownership).
     * </ul>
     *
     * Logical names are the enum constants of {@link LogicalTable}, {@link SchemaBinding.Column},
     * {@link SchemaBinding.Status} and {@link SchemaBinding.CatalogObject}, in any case, with
     * {@code -} for {@code _}.
     */
    SchemaBinding binding() {
        SchemaBinding.Builder builder = SchemaBinding.builder();
        Set<String> keys = new LinkedHashSet<>(file.stringPropertyNames().stream()
                .filter(key -> key.startsWith("binding."))
                .sorted()
                .toList());
        // Schemas first: a table named on its own wins over its schema's move.
        for (String key : keys) {
            if (key.startsWith("binding.schema.")) {
                builder.schema(
                        key.substring("binding.schema.".length()),
                        file.getProperty(key).strip());
            }
        }
        for (String key : keys) {
            String value = file.getProperty(key).strip();
            int dot = key.indexOf('.', "binding.".length());
            String kind = dot < 0 ? key.substring("binding.".length()) : key.substring("binding.".length(), dot);
            String name = dot < 0 ? "" : key.substring(dot + 1);
            switch (kind) {
                case "schema" -> {}
                case "table" -> {
                    LogicalTable table = constant(key, LogicalTable.class, name);
                    int split = value.indexOf('.');
                    if (split <= 0 || split == value.length() - 1) {
                        throw new InvalidInputException(key, "<schema>.<table>", value);
                    }
                    builder.table(table, value.substring(0, split), value.substring(split + 1));
                }
                case "column" -> {
                    // binding.column.<column>, or binding.column.<table>.<column> for one table
                    int split = name.indexOf('.');
                    if (split < 0) {
                        builder.column(constant(key, SchemaBinding.Column.class, name), value);
                    } else {
                        builder.column(
                                constant(key, LogicalTable.class, name.substring(0, split)),
                                constant(key, SchemaBinding.Column.class, name.substring(split + 1)),
                                value);
                    }
                }
                case "status" -> builder.status(constant(key, SchemaBinding.Status.class, name), value);
                case "catalog-object" ->
                    builder.catalogObject(constant(key, SchemaBinding.CatalogObject.class, name), value);
                case "function-schema" -> builder.functionSchema(value);
                case "allowed-statuses" ->
                    builder.allowedStatuses(
                            constant(key, SchemaBinding.Column.class, name),
                            Arrays.stream(value.split(","))
                                    .map(String::strip)
                                    .collect(Collectors.toCollection(LinkedHashSet::new)));
                case "written-in" ->
                    builder.writtenIn(constant(key, LogicalTable.class, name), CutOptions.phase(key, value));
                default ->
                    throw new InvalidInputException(
                            key,
                            "binding.schema.*, binding.table.*, binding.column.*, binding.status.*, "
                                    + "binding.catalog-object.*, binding.function-schema, binding.allowed-statuses.* "
                                    + "or binding.written-in.*",
                            key);
            }
        }
        return builder.build();
    }

    private static <E extends Enum<E>> E constant(String key, Class<E> type, String name) {
        String wanted = name.replace('-', '_').toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        throw new InvalidInputException(
                key,
                "one of "
                        + Arrays.stream(type.getEnumConstants())
                                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                                .collect(Collectors.joining(", ")),
                name);
    }

    /**
     * The database as a target, one per command; reads the password on first use (file,
     * environment or prompt).
     */
    PostgresTarget target() {
        if (target == null) {
            target = PostgresTarget.builder(dataSource())
                    .binding(binding())
                    .lockTimeout(lockTimeout())
                    .statementTimeout(statementTimeout())
                    .build();
        }
        return target;
    }

    private DataSource dataSource() {
        String url = jdbcUrl()
                .orElseThrow(() -> new InvalidInputException(
                        "jdbc-url",
                        "a jdbc:postgresql: URL from --jdbc-url, " + ENV_URL + " or jdbc.url in --config",
                        null));
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(url);
        source.setApplicationName("cutter-revert-cli");
        user().ifPresent(source::setUser);
        password().ifPresent(secret -> {
            source.setPassword(new String(secret));
            Arrays.fill(secret, '\0');
        });
        return source;
    }

    private Optional<char[]> password() {
        if (common.passwordPrompt) {
            return Optional.of(context.prompt()
                    .read("Password for " + user().orElse("the database user") + ": ")
                    .orElseThrow(() -> new InvalidInputException(
                            "--password-prompt",
                            "a terminal to ask on (without one use " + ENV_PASSWORD_FILE + " or --password-file)",
                            null)));
        }
        Optional<Path> passwordFile = path(common.passwordFile, ENV_PASSWORD_FILE, "jdbc.password-file");
        if (passwordFile.isPresent()) {
            try {
                String content = Files.readString(passwordFile.get(), StandardCharsets.UTF_8);
                // One line: the trailing newline an editor or echo adds is not part of the password.
                return Optional.of(content.lines().findFirst().orElse("").toCharArray());
            } catch (IOException e) {
                throw new InvalidInputException(
                        "password-file",
                        "a readable file holding the password (" + e.getClass().getSimpleName() + ")",
                        passwordFile.get().toString());
            }
        }
        return context.env(ENV_PASSWORD).map(String::toCharArray);
    }

    /** Where each setting came from, for {@code status}; never the password itself. */
    String passwordSource() {
        if (common.passwordPrompt) {
            return "prompt";
        }
        return path(common.passwordFile, ENV_PASSWORD_FILE, "jdbc.password-file")
                .map(file -> "file " + file)
                .or(() -> context.env(ENV_PASSWORD).map(any -> ENV_PASSWORD))
                .orElse("none");
    }
}
