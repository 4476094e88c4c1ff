package io.github.cutterrevert.testkit;

import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.FailClosed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Map;

/**
 * What tests and demos need around a compensation besides the database: a signing key for
 * compensating decisions and a fail-closed procedure in throw-away directories (never {@code
 * /var/lib/cutter}).
 *
 * <pre>{@code
 * Compensator.forRun("run-1").on(target).failedAt(Phase.WRITE_VERIFY)
 *     .failClosed(TestGovernance.failClosed())
 *     .signedBy(TestGovernance.signer());
 * }</pre>
 *
 * <p>Thread-safe. The key pair is generated here, explicitly, once per JVM, for tests only: the
 * library itself never generates or stores private keys.
 */
public final class TestGovernance {
    /** The key id of {@link #signer()}. */
    public static final String KEY_ID = "testkit-ed25519";

    private static final KeyPair KEYS = generate();

    private TestGovernance() {}

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        }
    }

    /**
     * The test signer (key id {@value #KEY_ID}).
     *
     * @return the signer
     */
    public static DecisionSigner signer() {
        return new DecisionSigner(KEY_ID, KEYS.getPrivate());
    }

    /**
     * The public keys a verifier needs for {@link #signer()}.
     *
     * @return key id to public key
     */
    public static Map<String, PublicKey> publicKeys() {
        return Map.of(KEY_ID, KEYS.getPublic());
    }

    /**
     * A fail-closed procedure in new temporary directories: each call has its own HOLD, kill switch,
     * run state and bundles.
     *
     * @return the procedure
     */
    public static FailClosed failClosed() {
        try {
            Path home = Files.createTempDirectory("cutter-revert-");
            return FailClosed.inDirectories(home.resolve("rollback"), home.resolve("locks"));
        } catch (IOException e) {
            throw new UncheckedIOException("a temporary directory for the fail-closed files", e);
        }
    }
}
