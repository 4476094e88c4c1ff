package io.github.cutterrevert.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.Fingerprint;
import io.github.cutterrevert.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An approval as a file an approver hands to whoever executes: a recorded decision approving one
 * plan's fingerprint, with the plan's run, subject, kind and mode for the reader. Written
 * create-new (never overwritten).
 */
final class ApprovalFile {
    static final String FORMAT = "cutter-revert-recorded-decision/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApprovalFile() {}

    static Map<String, Object> document(Authority.RecordedDecision decision, CompensationPlan plan) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("fingerprint", decision.approves().value());
        document.put("decided_by", decision.decidedBy());
        document.put("decision_id", decision.decisionId());
        document.put("reason", decision.reason());
        document.put("decided_at", decision.decidedAt().toString());
        document.put("run", plan.runId().value());
        document.put("subject", plan.subject());
        document.put("kind", plan.kind().name());
        document.put("mode", plan.mode().name());
        return document;
    }

    static void write(Path file, Map<String, Object> document) {
        byte[] bytes = (Output.toJson(document) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidInputException(
                    "--out", "a file that does not exist yet (approvals are write-once)", file.toString());
        } catch (IOException e) {
            throw new InvalidInputException(
                    "--out", "a writable path (" + e.getClass().getSimpleName() + ")", file.toString());
        }
    }

    static Authority.RecordedDecision read(Path file) {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("--approval", "a JSON approval file", file.toString());
        } catch (IOException e) {
            throw new InvalidInputException(
                    "--approval", "a readable approval file (" + e.getClass().getSimpleName() + ")", file.toString());
        }
        if (node == null || !FORMAT.equals(node.path("format").asText())) {
            throw new InvalidInputException("--approval", "a file of format " + FORMAT, file.toString());
        }
        try {
            return Authority.decision(
                    text(node, "decided_by"),
                    text(node, "decision_id"),
                    text(node, "reason"),
                    Fingerprint.of(text(node, "fingerprint")),
                    Instant.parse(text(node, "decided_at")));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(
                    "decided_at", "an ISO-8601 instant", node.path("decided_at").asText());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }
}
