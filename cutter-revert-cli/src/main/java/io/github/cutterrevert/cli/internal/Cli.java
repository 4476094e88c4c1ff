package io.github.cutterrevert.cli.internal;

import io.github.cutterrevert.CutterRevertException;
import io.github.cutterrevert.cli.CutterRevertCli;
import io.github.cutterrevert.cli.ExitCode;
import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IVersionProvider;

/**
 * Parses the arguments, runs one command and maps its outcome to an {@link ExitCode}. Each run
 * builds its own command objects, so one {@code Cli} may run many commands, one after another.
 */
public final class Cli {
    private final Context context;

    /**
     * A command line over the given world.
     *
     * @param context environment, output streams and password prompt
     */
    public Cli(Context context) {
        this.context = context;
    }

    /**
     * The process's own environment, standard streams and terminal.
     *
     * @return the command line of {@code java -jar}
     */
    public static Cli system() {
        Console console = System.console();
        return new Cli(new Context(
                System.getenv(),
                new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8),
                prompt ->
                        console == null ? Optional.empty() : Optional.ofNullable(console.readPassword("%s", prompt))));
    }

    /**
     * Runs one command.
     *
     * @param args the command and its options
     * @return the exit code
     */
    public int run(String... args) {
        CommandLine commandLine = new CommandLine(new Root(), new Factory(context));
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((failure, failed, parsed) -> {
            boolean json = failed.getCommand() instanceof Action action && action.json();
            Output output = new Output(context, json);
            if (failure instanceof CutterRevertException library) {
                ExitCode code = Outcomes.of(library);
                output.error(Outcomes.document(code, library), Outcomes.text(code, library));
                return code.code();
            }
            if (failure instanceof RuntimeException unexpected) {
                // A read that failed outside the library's typed errors (a refused connection, a
                // missing table): no HOLD was placed by reading, nothing was written.
                output.error(
                        Outcomes.document(ExitCode.FAILED, unexpected), Outcomes.text(ExitCode.FAILED, unexpected));
                return ExitCode.FAILED.code();
            }
            throw failure;
        });
        return commandLine.execute(args);
    }

    /** The top command: only lists the others. */
    @Command(
            name = "cutter-revert",
            mixinStandardHelpOptions = true,
            scope = CommandLine.ScopeType.INHERIT,
            versionProvider = Version.class,
            description = {
                "The operator's console of cutter-revert: see what is held and why, plan, preview, approve and "
                        + "execute a compensation, release the HOLD, and verify the signed ledger.",
                "",
                "Configuration: flags, then the environment (CUTTER_JDBC_URL, CUTTER_JDBC_USER, "
                        + "CUTTER_JDBC_PASSWORD_FILE, CUTTER_HOME, ...), then a properties file (--config or "
                        + "CUTTER_CONFIG). A password is never taken on the command line.",
                ""
            },
            footer = {
                "",
                "Exit codes: 0 done, 1 failed, 2 invalid input, 3 refused (HOLD placed), 4 on HOLD, 5 not approved, "
                        + "6 lock busy, 7 chain broken."
            },
            subcommands = {
                StatusCommand.class,
                ValidateCommand.class,
                SnapshotCommand.class,
                CutCommands.Plan.class,
                CutCommands.Preview.class,
                CutCommands.Script.class,
                CutCommands.Approve.class,
                CutCommands.Execute.class,
                ReleaseCommand.class,
                DecisionsCommand.class,
                VerifyChainCommand.class,
                SeedRollbackCommand.class,
                CommandLine.HelpCommand.class
            })
    static final class Root implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CutterRevertCli.class.getPackage().getImplementationVersion();
            return new String[] {"cutter-revert " + (version == null ? "(development build)" : version)};
        }
    }

    /** Gives every command the context; everything else is made the default way. */
    private record Factory(Context context) implements IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(Context.class);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
