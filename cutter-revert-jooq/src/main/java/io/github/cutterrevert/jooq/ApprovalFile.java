package io.github.cutterrevert.jooq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cutterrevert.Approval;
import io.github.cutterrevert.ChangeSetId;
import io.github.cutterrevert.Fingerprint;
import io.github.cutterrevert.InvalidInputException;
import io.github.cutterrevert.Mode;
import io.github.cutterrevert.PlanKind;
import io.github.cutterrevert.RunId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The JSON file form of a signed {@link Approval}, which an approver produces off-line and hands to
 * the operator. Format {@value #FORMAT}; every field of the canonical encoding, then the signature:
 *
 * <pre>{@code
 * {
 *   "format" : "cutter-revert-approval/1",
 *   "fingerprint" : "190db846ab73b8526c8a544025c93d2fbc45ebbb10700b30df6537a1d24cbbbf",
 *   "kind" : "COMPENSATE",
 *   "mode" : "HARD_DELETE",
 *   "subject" : "change set cs-42",
 *   "change_set" : "cs-42",
 *   "revert_run" : "run-42:revert",
 *   "decision_id" : "DEC-42",
 *   "approver" : "sovereign@example.org",
 *   "key_id" : "sovereign-2026",
 *   "reason" : "hard delete approved at command review",
 *   "issued_at" : "2026-12-01T05:00:00Z",
 *   "expires_at" : "2026-12-01T09:00:00Z",
 *   "signature" : "…Base64…"
 * }
 * }</pre>
 *
 * <p>{@code change_set} is {@code null} for a seed rollback; times are UTC to the second. Reading
 * checks the form, not the signature: that is checked against the {@link
 * io.github.cutterrevert.TrustStore} at execution.
 *
 * <pre>{@code
 * // the approver, off-line:
 * ApprovalFile.write(Approval.sign(terms, DecisionSigner.fromPkcs8("sovereign-2026", keyFile)), Path.of("DEC-42.json"));
 * // the operator:
 * Authority authority = Authority.signed(List.of(ApprovalFile.read(Path.of("DEC-42.json"))));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ApprovalFile {
    /** The format marker, the same as the canonical encoding's version. */
    public static final String FORMAT = Approval.ENCODING;

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private static final List<String> FIELDS = List.of(
            "format",
            "fingerprint",
            "kind",
            "mode",
            "subject",
            "change_set",
            "revert_run",
            "decision_id",
            "approver",
            "key_id",
            "reason",
            "issued_at",
            "expires_at",
            "signature");

    private ApprovalFile() {}

    /**
     * The JSON form of an approval.
     *
     * @param approval the approval
     * @return pretty-printed JSON
     */
    public static String toJson(Approval approval) {
        if (approval == null) {
            throw new InvalidInputException("approval", "an approval", null);
        }
        Approval.Terms terms = approval.terms();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("fingerprint", terms.fingerprint().value());
        root.put("kind", terms.kind().name());
        root.put("mode", terms.mode().name());
        root.put("subject", terms.subject());
        root.put("change_set", terms.changeSet().map(ChangeSetId::value).orElse(null));
        root.put("revert_run", terms.revertRunId().value());
        root.put("decision_id", terms.decisionId());
        root.put("approver", terms.approver());
        root.put("key_id", approval.keyId());
        root.put("reason", terms.reason());
        root.put("issued_at", terms.issuedAt().toString());
        root.put("expires_at", terms.expiresAt().toString());
        root.put("signature", approval.signature());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings always serialises", e);
        }
    }

    /**
     * Reads the JSON form.
     *
     * @param json the JSON text
     * @return the approval (its signature not yet checked)
     * @throws InvalidInputException naming the field that is missing, unknown or malformed
     */
    public static Approval fromJson(String json) {
        if (json == null) {
            throw new InvalidInputException("approval", "JSON text", null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    "approval",
                    "a JSON object (" + FORMAT + ")",
                    "unparsable JSON at line "
                            + (e.getLocation() == null
                                    ? "?"
                                    : Long.toString(e.getLocation().getLineNr())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("approval", "a JSON object (" + FORMAT + ")", "another JSON value");
        }
        for (var names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidInputException("approval." + name, "no such field; the fields are " + FIELDS, name);
            }
        }
        if (!FORMAT.equals(text(root, "format"))) {
            throw new InvalidInputException("approval.format", FORMAT, text(root, "format"));
        }
        JsonNode changeSet = root.get("change_set");
        Approval.Terms terms = new Approval.Terms(
                Fingerprint.of(text(root, "fingerprint")),
                enumValue(PlanKind.class, "kind", text(root, "kind")),
                enumValue(Mode.class, "mode", text(root, "mode")),
                text(root, "subject"),
                changeSet == null || changeSet.isNull()
                        ? Optional.empty()
                        : Optional.of(ChangeSetId.of(text(root, "change_set"))),
                RunId.of(text(root, "revert_run")),
                text(root, "decision_id"),
                text(root, "approver"),
                text(root, "reason"),
                instant(text(root, "issued_at"), "issued_at"),
                instant(text(root, "expires_at"), "expires_at"));
        return new Approval(terms, text(root, "key_id"), text(root, "signature"));
    }

    /**
     * Writes the JSON form to a new file (never overwrites one).
     *
     * @param approval the approval
     * @param file the file to create
     * @return the file
     * @throws InvalidInputException if the file exists already or cannot be written
     */
    public static Path write(Approval approval, Path file) {
        if (file == null) {
            throw new InvalidInputException("file", "a path", null);
        }
        String json = toJson(approval);
        try {
            Files.writeString(file, json, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            return file;
        } catch (FileAlreadyExistsException e) {
            throw new InvalidInputException("file", "a path where no file exists yet", file.toString());
        } catch (IOException e) {
            throw new InvalidInputException("file", "a writable path", file.toString());
        }
    }

    /**
     * Reads an approval file.
     *
     * @param file the file
     * @return the approval (its signature not yet checked)
     * @throws InvalidInputException if the file is unreadable or not an approval
     */
    public static Approval read(Path file) {
        if (file == null) {
            throw new InvalidInputException("file", "a path", null);
        }
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidInputException("file", "a readable UTF-8 approval file", file.toString());
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new InvalidInputException(
                    "approval." + field, "a JSON string", node == null ? null : node.toString());
        }
        return node.textValue();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("approval." + field, "one of " + List.of(type.getEnumConstants()), value);
        }
    }

    /** Times are UTC to the second: anything finer would be cut off, and the signature would not match. */
    private static Instant instant(String value, String field) {
        try {
            Instant instant = Instant.parse(value);
            if (!instant.toString().equals(value) || instant.getNano() != 0) {
                throw new InvalidInputException(
                        "approval." + field, "a UTC instant to the second, e.g. 2026-12-01T05:00:00Z", value);
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(
                    "approval." + field, "a UTC instant to the second, e.g. 2026-12-01T05:00:00Z", value);
        }
    }
}
