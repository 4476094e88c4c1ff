package io.github.cutterrevert.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/**
 * Prints a command's report: text for a human, or one JSON document for automation ({@code
 * --json}). Reports go to standard output, also for errors in JSON mode, so that a script reads one
 * document whatever happened; human errors go to standard error.
 */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Context context;
    private final boolean json;

    Output(Context context, boolean json) {
        this.context = context;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** Prints the report in the chosen form. */
    void report(Map<String, ?> document, Text human) {
        if (json) {
            context.out().println(toJson(document));
        } else {
            context.out().print(human);
        }
        context.out().flush();
    }

    /** Prints an error in the chosen form. */
    void error(Map<String, ?> document, Text human) {
        if (json) {
            context.out().println(toJson(document));
            context.out().flush();
        } else {
            context.err().print(human);
            context.err().flush();
        }
    }

    static String toJson(Map<String, ?> document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report of strings, numbers, lists and maps is always JSON", e);
        }
    }
}
