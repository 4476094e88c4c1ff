package io.github.cutterrevert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 key that signs compensating decisions, named by a key id the verifier looks up.
 * Supplied by the caller: the library never generates or stores private keys.
 *
 * <pre>{@code
 * // openssl genpkey -algorithm ed25519 -out revert-signer.pem
 * DecisionSigner signer = DecisionSigner.fromPkcs8("revert-2026", Path.of("revert-signer.pem"));
 * }</pre>
 *
 * @param keyId the key id recorded with each signature (1 to 200 printable characters)
 * @param privateKey an Ed25519 private key
 */
public record DecisionSigner(String keyId, PrivateKey privateKey) {

    /** Validates the key id and the key's algorithm. */
    public DecisionSigner {
        keyId = Identifiers.require("keyId", keyId);
        if (privateKey == null
                || !("Ed25519".equals(privateKey.getAlgorithm()) || "EdDSA".equals(privateKey.getAlgorithm()))) {
            throw new InvalidInputException(
                    "privateKey", "an Ed25519 private key", privateKey == null ? null : privateKey.getAlgorithm());
        }
    }

    /**
     * Loads a PKCS#8 Ed25519 private key from a PEM ({@code -----BEGIN PRIVATE KEY-----}) or DER file.
     *
     * @param keyId the key id to record with signatures
     * @param file the key file
     * @return the signer
     * @throws InvalidInputException if the file is not a PKCS#8 Ed25519 key (the message never
     *     contains key material)
     */
    public static DecisionSigner fromPkcs8(String keyId, Path file) {
        byte[] der;
        try {
            byte[] raw = Files.readAllBytes(file);
            String text = new String(raw, StandardCharsets.US_ASCII);
            if (text.contains("-----BEGIN PRIVATE KEY-----")) {
                String base64 =
                        text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
                der = Base64.getDecoder().decode(base64);
            } else {
                der = raw;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(
                    "keyFile", "a readable PKCS#8 Ed25519 key file (PEM or DER)", file.toString());
        }
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new DecisionSigner(keyId, key);
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("keyFile", "a PKCS#8 Ed25519 private key", file.toString());
        }
    }

    /**
     * Loads an X.509 ({@code SubjectPublicKeyInfo}) Ed25519 public key from a PEM ({@code -----BEGIN
     * PUBLIC KEY-----}, as {@code openssl pkey -pubout} writes it) or DER file: the verifier's side of
     * {@link #fromPkcs8}.
     *
     * <pre>{@code
     * PublicKey key = DecisionSigner.publicKey(Path.of("revert-signer.pub.pem"));
     * }</pre>
     *
     * @param file the key file
     * @return the public key
     * @throws InvalidInputException if the file is not an Ed25519 public key
     */
    public static PublicKey publicKey(Path file) {
        Checks.nonNull("file", file);
        byte[] der;
        try {
            byte[] raw = Files.readAllBytes(file);
            String text = new String(raw, StandardCharsets.US_ASCII);
            if (text.contains("-----BEGIN PUBLIC KEY-----")) {
                der = Base64.getDecoder()
                        .decode(text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                                .replaceAll("\\s", ""));
            } else {
                der = raw;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(
                    "keyFile", "a readable X.509 Ed25519 public key file (PEM or DER)", file.toString());
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("keyFile", "an X.509 Ed25519 public key", file.toString());
        }
    }

    @Override
    public String toString() {
        // Never print key material.
        return "DecisionSigner[keyId=" + keyId + "]";
    }
}
