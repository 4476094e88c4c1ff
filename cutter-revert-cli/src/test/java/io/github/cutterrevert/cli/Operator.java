package io.github.cutterrevert.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cutterrevert.cli.internal.Cli;
import io.github.cutterrevert.cli.internal.Context;
import io.github.cutterrevert.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A test's operator at the console: an environment (database, home, signer), and the command line
 * run in-process with captured output.
 */
final class Operator {
    static final String SIGNER_KEY_ID = "ops-signer-1";
    static final String APPROVER_KEY_ID = "sovereign-1";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One service key and one approver key per JVM: every test's decisions form one verifiable chain. */
    private static final KeyPair SIGNER = keyPair();

    private static final KeyPair APPROVER = keyPair();

    private final Map<String, String> environment = new HashMap<>();
    private Context.PasswordPrompt prompt = any -> Optional.empty();
    final Path home;

    Operator(Path home) {
        this.home = home;
        environment.put("CUTTER_HOME", home.resolve("cutter").toString());
    }

    /** Connects as {@code cutter_exec} through the environment, signs with a fresh key. */
    static Operator on(TestDatabase db, Path home) {
        Operator operator = new Operator(home);
        operator.env("CUTTER_JDBC_URL", db.jdbcUrl())
                .env("CUTTER_JDBC_USER", TestDatabase.CUTTER_EXEC)
                .env("CUTTER_JDBC_PASSWORD", TestDatabase.CUTTER_EXEC);
        operator.signWith(SIGNER_KEY_ID, SIGNER, home.resolve("keys"));
        operator.approveWith(APPROVER_KEY_ID, APPROVER, home.resolve("keys"));
        operator.env("CUTTER_TRUST_DIR", home.resolve("keys").toString());
        return operator;
    }

    Operator env(String name, String value) {
        if (value == null) {
            environment.remove(name);
        } else {
            environment.put(name, value);
        }
        return this;
    }

    Operator prompt(Context.PasswordPrompt prompt) {
        this.prompt = prompt;
        return this;
    }

    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /** Writes a new Ed25519 key pair: the private key for the environment, the public key to a dir. */
    Operator signWith(String keyId, KeyPair pair, Path publicKeys) {
        Path privateKey = home.resolve(keyId + ".key.pem");
        write(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        write(
                publicKeys.resolve(keyId + ".pem"),
                pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        env("CUTTER_SIGNER_KEY_FILE", privateKey.toString());
        return env("CUTTER_SIGNER_KEY_ID", keyId);
    }

    /** Writes an approver's key pair: the private key for approve, the public key to the trust store. */
    Operator approveWith(String keyId, Path publicKeys) {
        return approveWith(keyId, keyPair(), publicKeys);
    }

    private Operator approveWith(String keyId, KeyPair pair, Path publicKeys) {
        Path privateKey = home.resolve(keyId + ".approver.pem");
        write(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        write(
                publicKeys.resolve(keyId + ".pem"),
                pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        env("CUTTER_APPROVER_KEY_FILE", privateKey.toString());
        return env("CUTTER_APPROVER_KEY_ID", keyId);
    }

    /** A trust store with the real approver key but another key under the service's key id. */
    static Path otherServiceKey(Path dir) {
        write(
                dir.resolve(SIGNER_KEY_ID + ".pem"),
                pem("PUBLIC KEY", keyPair().getPublic().getEncoded()));
        write(
                dir.resolve(APPROVER_KEY_ID + ".pem"),
                pem("PUBLIC KEY", APPROVER.getPublic().getEncoded()));
        return dir;
    }

    static KeyPair keyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one command in-process. */
    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Cli(new Context(
                        environment,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        prompt))
                .run(args);
        return new Result(
                List.of(args), exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs one command with {@code --json} appended and parses its report. */
    Result json(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        return run(all.toArray(String[]::new));
    }

    /**
     * What a command did.
     *
     * @param args the arguments
     * @param exit the exit code
     * @param out standard output
     * @param err standard error
     */
    record Result(List<String> args, int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }

        @Override
        public String toString() {
            return String.join(" ", args) + " -> exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
