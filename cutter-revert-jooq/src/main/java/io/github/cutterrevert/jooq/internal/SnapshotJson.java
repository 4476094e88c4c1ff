package io.github.cutterrevert.jooq.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.Snapshot;
import io.github.cutterrevert.Snapshot.TableCount;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of a {@link Snapshot}, written and read with Jackson's tree model (no reflection,
 * no annotations on the core's records). Format {@value #FORMAT}:
 *
 * <pre>{@code
 * {
 *   "format" : "cutter-revert-snapshot/1",
 *   "run_id" : "run-42",
 *   "kind" : "pre",
 *   "taken_at" : "2026-05-21T10:15:30.123456Z",
 *   "role" : "cutter_exec",
 *   "counts" : { "public.information_unit" : 158, "cutter_governance.review_decision" : { "unreadable" : "42501" } },
 *   "triggers" : { "trg_iu_enacted_immut" : "O", "trg_uv_enacted_immut" : "O" },
 *   "functions" : { "fn_iu_create" : true, "fn_iu_enact" : true }
 * }
 * }</pre>
 */
public final class SnapshotJson {
    /** The format marker; bump when the layout changes. */
    public static final String FORMAT = "cutter-revert-snapshot/1";

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private SnapshotJson() {}

    /**
     * Writes a snapshot as pretty-printed UTF-8 JSON.
     *
     * @param snapshot the snapshot
     * @return the bytes
     */
    public static byte[] write(Snapshot snapshot) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("run_id", snapshot.runId().value());
        root.put("kind", snapshot.kind());
        root.put("taken_at", snapshot.takenAt().toString());
        root.put("role", snapshot.role());
        ObjectNode counts = root.putObject("counts");
        snapshot.counts().forEach((table, count) -> {
            switch (count) {
                case TableCount.Counted counted -> counts.put(table, counted.rows());
                case TableCount.Unreadable unreadable ->
                    counts.putObject(table).put("unreadable", unreadable.sqlState());
            }
        });
        ObjectNode triggers = root.putObject("triggers");
        snapshot.triggers().forEach(triggers::put);
        ObjectNode functions = root.putObject("functions");
        snapshot.functions().forEach(functions::put);
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings, numbers and booleans always serialises", e);
        }
    }

    /**
     * Reads a snapshot.
     *
     * @param json UTF-8 JSON in format {@value #FORMAT}
     * @return the snapshot
     * @throws IllegalArgumentException if the JSON is malformed or not a snapshot of this format
     */
    public static Snapshot read(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected JSON but could not parse it: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("expected JSON but could not read it", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    "expected a JSON object but found " + (root == null ? "nothing" : root.getNodeType()));
        }
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("expected format " + FORMAT + " but found " + format);
        }
        Map<String, TableCount> counts = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : object(root, "counts").properties()) {
            JsonNode value = entry.getValue();
            if (value.isIntegralNumber()) {
                counts.put(entry.getKey(), new TableCount.Counted(value.longValue()));
            } else if (value.isObject() && value.path("unreadable").isTextual()) {
                counts.put(
                        entry.getKey(),
                        new TableCount.Unreadable(value.get("unreadable").textValue()));
            } else {
                throw new IllegalArgumentException("expected a count or {\"unreadable\": sqlstate} for "
                        + entry.getKey() + " but found " + value.getNodeType());
            }
        }
        Map<String, String> triggers = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : object(root, "triggers").properties()) {
            if (!entry.getValue().isTextual()) {
                throw new IllegalArgumentException("expected a tgenabled flag for trigger " + entry.getKey());
            }
            triggers.put(entry.getKey(), entry.getValue().textValue());
        }
        Map<String, Boolean> functions = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : object(root, "functions").properties()) {
            if (!entry.getValue().isBoolean()) {
                throw new IllegalArgumentException("expected true or false for function " + entry.getKey());
            }
            functions.put(entry.getKey(), entry.getValue().booleanValue());
        }
        Instant takenAt;
        try {
            takenAt = Instant.parse(text(root, "taken_at"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected an ISO-8601 instant in taken_at", e);
        }
        return new Snapshot(
                RunId.of(text(root, "run_id")),
                text(root, "kind"),
                takenAt,
                text(root, "role"),
                counts,
                triggers,
                functions);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("expected text in field " + field);
        }
        return node.textValue();
    }

    private static JsonNode object(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected an object in field " + field);
        }
        return node;
    }
}
