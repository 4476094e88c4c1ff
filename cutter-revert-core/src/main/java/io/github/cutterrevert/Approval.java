package io.github.cutterrevert;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A sovereign's signed approval of one plan: its terms (what is approved, by whom, why, for how
 * long), the approver's key id, and an Ed25519 signature over the {@linkplain #canonical()
 * canonical encoding}. Produced off-line by the approver with their own key; checked against a
 * {@link TrustStore} before anything is written.
 *
 * <pre>{@code
 * Approval approval = Approval.sign(
 *     Approval.Terms.of(plan, "DEC-42", "sovereign@example.org", "hard delete approved at review",
 *         Instant.now(), Instant.now().plus(Duration.ofHours(4))),
 *     DecisionSigner.fromPkcs8("sovereign-2026", Path.of("sovereign.pem")));
 * }</pre>
 *
 * <p>The canonical encoding ({@value #ENCODING}) is a sequence of UTF-8 lines {@code
 * name:<length in UTF-8 bytes>:<value>\n} in this order: {@code encoding}, {@code fingerprint},
 * {@code kind}, {@code mode}, {@code subject}, {@code change-set} (empty for a seed rollback),
 * {@code revert-run}, {@code decision-id}, {@code approver}, {@code key-id}, {@code reason}, {@code
 * issued-at}, {@code expires-at} (ISO-8601 UTC to the second, e.g. {@code 2026-12-01T05:00:00Z}).
 * The README spells it out for verifiers outside this library.
 *
 * <p>Immutable and thread-safe.
 *
 * @param terms what is approved
 * @param keyId the id of the approver's key in the verifier's trust store
 * @param signature the Base64 Ed25519 signature over {@link #canonical()}
 */
public record Approval(Terms terms, String keyId, String signature) {

    /** The version tag that opens every canonical encoding. */
    public static final String ENCODING = "cutter-revert-approval/1";

    private static final List<String> FIELDS = List.of(
            "encoding",
            "fingerprint",
            "kind",
            "mode",
            "subject",
            "change-set",
            "revert-run",
            "decision-id",
            "approver",
            "key-id",
            "reason",
            "issued-at",
            "expires-at");

    /** Validates the fields (not the signature: that needs a key, see {@link #verifiesWith}). */
    public Approval {
        Checks.nonNull("terms", terms);
        keyId = Identifiers.require("keyId", keyId);
        if (signature == null || signature.isEmpty() || !signature.matches("[A-Za-z0-9+/=]{1,200}")) {
            throw new InvalidInputException("signature", "a Base64 Ed25519 signature", signature);
        }
    }

    /**
     * Signs terms with the approver's key.
     *
     * @param terms what is approved
     * @param key the approver's Ed25519 key; its key id is recorded in the approval
     * @return the signed approval
     * @throws InvalidInputException if the key cannot sign
     */
    public static Approval sign(Terms terms, DecisionSigner key) {
        Checks.nonNull("terms", terms);
        Checks.nonNull("key", key);
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.privateKey());
            signer.update(encode(terms, key.keyId()));
            return new Approval(terms, key.keyId(), Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("key", "an Ed25519 key that can sign", key.keyId());
        }
    }

    /**
     * The canonical encoding the signature covers (see the class comment).
     *
     * @return the bytes
     */
    public byte[] canonical() {
        return encode(terms, keyId);
    }

    /**
     * Whether the signature verifies with a public key.
     *
     * @param key the approver's Ed25519 public key
     * @return {@code true} when it does
     */
    public boolean verifiesWith(PublicKey key) {
        return verifies(canonical(), signature, Checks.nonNull("key", key));
    }

    /**
     * The form recorded in the ledger's {@code approvals} column: for each approval {@code
     * approval:<n>:<canonical>\nsignature:<n>:<Base64>\n}, lengths in UTF-8 bytes.
     *
     * @param approvals the approvals, in order
     * @return the text
     */
    public static String ledgerForm(List<Approval> approvals) {
        StringBuilder out = new StringBuilder();
        for (Approval approval : Checks.listCopy("approvals", approvals)) {
            field(out, "approval", new String(approval.canonical(), StandardCharsets.UTF_8));
            field(out, "signature", approval.signature());
        }
        return out.toString();
    }

    /**
     * Reads the ledger form back: each approval exactly as it was recorded, so its signature can be
     * checked over the recorded bytes.
     *
     * @param text the ledger form
     * @return the approvals
     * @throws InvalidInputException if the text is not a well-formed ledger form
     */
    public static List<Approval> fromLedgerForm(String text) {
        Checks.nonNull("approvals", text);
        Reader reader = new Reader(text.getBytes(StandardCharsets.UTF_8), "approvals");
        List<Approval> approvals = new ArrayList<>();
        while (!reader.done()) {
            String canonical = reader.field("approval");
            String signature = reader.field("signature");
            approvals.add(parse(canonical, signature));
        }
        if (approvals.isEmpty()) {
            throw new InvalidInputException("approvals", "at least one recorded approval", text);
        }
        return List.copyOf(approvals);
    }

    /**
     * Parses a canonical encoding and its signature, e.g. as an outside tool recorded them.
     *
     * @param canonical the canonical encoding as text
     * @param signature the Base64 signature
     * @return the approval; it re-encodes to exactly {@code canonical}
     * @throws InvalidInputException if the encoding is malformed or of another version
     */
    public static Approval parse(String canonical, String signature) {
        Checks.nonNull("canonical", canonical);
        Reader reader = new Reader(canonical.getBytes(StandardCharsets.UTF_8), "canonical");
        List<String> values = new ArrayList<>();
        for (String name : FIELDS) {
            values.add(reader.field(name));
        }
        if (!reader.done()) {
            throw new InvalidInputException("canonical", "nothing after expires-at", canonical);
        }
        if (!ENCODING.equals(values.get(0))) {
            throw new InvalidInputException("canonical", "encoding " + ENCODING, values.get(0));
        }
        Terms terms = new Terms(
                Fingerprint.of(values.get(1)),
                enumValue(PlanKind.class, "kind", values.get(2)),
                enumValue(Mode.class, "mode", values.get(3)),
                values.get(4),
                values.get(5).isEmpty() ? Optional.empty() : Optional.of(ChangeSetId.of(values.get(5))),
                RunId.of(values.get(6)),
                values.get(7),
                values.get(8),
                values.get(10),
                instant("issued-at", values.get(11)),
                instant("expires-at", values.get(12)));
        Approval approval = new Approval(terms, values.get(9), signature);
        if (!canonical.equals(new String(approval.canonical(), StandardCharsets.UTF_8))) {
            throw new InvalidInputException("canonical", "a canonical encoding (times to the second, UTC)", canonical);
        }
        return approval;
    }

    @Override
    public String toString() {
        return "Approval[" + terms.decisionId() + " by " + terms.approver() + " with key " + keyId + " for "
                + terms.fingerprint().shortForm() + "]";
    }

    static boolean verifies(byte[] canonical, String signature, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(canonical);
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] encode(Terms terms, String keyId) {
        StringBuilder out = new StringBuilder();
        field(out, "encoding", ENCODING);
        field(out, "fingerprint", terms.fingerprint().value());
        field(out, "kind", terms.kind().name());
        field(out, "mode", terms.mode().name());
        field(out, "subject", terms.subject());
        field(out, "change-set", terms.changeSet().map(ChangeSetId::value).orElse(""));
        field(out, "revert-run", terms.revertRunId().value());
        field(out, "decision-id", terms.decisionId());
        field(out, "approver", terms.approver());
        field(out, "key-id", keyId);
        field(out, "reason", terms.reason());
        field(out, "issued-at", terms.issuedAt().toString());
        field(out, "expires-at", terms.expiresAt().toString());
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(name)
                .append(':')
                .append(value.getBytes(StandardCharsets.UTF_8).length)
                .append(':')
                .append(value)
                .append('\n');
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "one of " + List.of(type.getEnumConstants()), value);
        }
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "an ISO-8601 UTC instant such as 2026-12-01T05:00:00Z", value);
        }
    }

    /** Reads {@code name:<bytes>:<value>\n} fields from UTF-8 bytes. */
    private static final class Reader {
        private final byte[] bytes;
        private final String what;
        private int at;

        Reader(byte[] bytes, String what) {
            this.bytes = bytes;
            this.what = what;
        }

        boolean done() {
            return at == bytes.length;
        }

        String field(String name) {
            byte[] prefix = (name + ":").getBytes(StandardCharsets.US_ASCII);
            if (at + prefix.length > bytes.length
                    || !java.util.Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length)) {
                throw malformed("field " + name);
            }
            at += prefix.length;
            int length = 0;
            int digits = 0;
            while (at < bytes.length && bytes[at] >= '0' && bytes[at] <= '9' && digits < 9) {
                length = length * 10 + (bytes[at] - '0');
                at++;
                digits++;
            }
            if (digits == 0 || at >= bytes.length || bytes[at] != ':') {
                throw malformed("a byte length after " + name);
            }
            at++;
            if (at + length + 1 > bytes.length || bytes[at + length] != '\n') {
                throw malformed(length + " bytes and a line feed after " + name);
            }
            int start = at;
            at += length + 1;
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, start, length))
                        .toString();
            } catch (CharacterCodingException e) {
                throw malformed("UTF-8 in " + name);
            }
        }

        private InvalidInputException malformed(String expected) {
            return new InvalidInputException(what, expected + " at byte " + at, null);
        }
    }

    /**
     * What an approval approves, and who approves it until when.
     *
     * @param fingerprint the fingerprint of the approved plan
     * @param kind the plan's kind, e.g. {@link PlanKind#COMPENSATE}
     * @param mode soft revert or hard delete
     * @param subject the plan's subject, e.g. {@code change set cs-42} or the seed delta
     * @param changeSet the change set, empty for a seed rollback
     * @param revertRunId the revert (or rollback) run the plan names
     * @param decisionId the decision's id in the approver's records; usable once in the ledger
     * @param approver who approves (1 to 200 printable characters)
     * @param reason why (non-blank, at most 2000 characters)
     * @param issuedAt not valid before (truncated to the second)
     * @param expiresAt not valid from (truncated to the second; after {@code issuedAt})
     */
    public record Terms(
            Fingerprint fingerprint,
            PlanKind kind,
            Mode mode,
            String subject,
            Optional<ChangeSetId> changeSet,
            RunId revertRunId,
            String decisionId,
            String approver,
            String reason,
            Instant issuedAt,
            Instant expiresAt) {

        /** Validates every field and truncates the instants to the second. */
        public Terms {
            Checks.nonNull("fingerprint", fingerprint);
            Checks.nonNull("kind", kind);
            Checks.nonNull("mode", mode);
            if (subject == null || subject.isBlank() || subject.length() > 2000) {
                throw new InvalidInputException("subject", "non-blank text of at most 2000 characters", subject);
            }
            Checks.nonNull("changeSet", changeSet);
            Checks.nonNull("revertRunId", revertRunId);
            decisionId = Identifiers.require("decisionId", decisionId);
            approver = Identifiers.require("approver", approver);
            if (reason == null || reason.isBlank() || reason.length() > 2000) {
                throw new InvalidInputException("reason", "non-blank text of at most 2000 characters", reason);
            }
            issuedAt = Checks.nonNull("issuedAt", issuedAt).truncatedTo(ChronoUnit.SECONDS);
            expiresAt = Checks.nonNull("expiresAt", expiresAt).truncatedTo(ChronoUnit.SECONDS);
            if (!expiresAt.isAfter(issuedAt)) {
                throw new InvalidInputException(
                        "expiresAt", "an instant after issuedAt " + issuedAt, expiresAt.toString());
            }
        }

        /**
         * The terms approving one plan.
         *
         * @param plan the plan the approver reviewed
         * @param decisionId the decision's id
         * @param approver who approves
         * @param reason why
         * @param issuedAt not valid before
         * @param expiresAt not valid from
         * @return the terms
         */
        public static Terms of(
                CompensationPlan plan,
                String decisionId,
                String approver,
                String reason,
                Instant issuedAt,
                Instant expiresAt) {
            Checks.nonNull("plan", plan);
            return new Terms(
                    plan.fingerprint(),
                    plan.kind(),
                    plan.mode(),
                    plan.subject(),
                    plan.changeSet(),
                    plan.revertRunId(),
                    decisionId,
                    approver,
                    reason,
                    issuedAt,
                    expiresAt);
        }
    }
}
