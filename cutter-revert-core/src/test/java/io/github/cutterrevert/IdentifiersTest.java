package io.github.cutterrevert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RunId} and {@link ChangeSetId}: any printable text, bound as a value, never rendered. */
class IdentifiersTest {

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("runId", (Function<String, Object>) RunId::of),
                Arguments.of("changeSetId", (Function<String, Object>) ChangeSetId::of));
    }

    static Stream<Arguments> rejected() {
        String[] values = {
            null,
            "",
            " ",
            "\t",
            "x".repeat(201),
            "run\u0000",
            "run\n1",
            "run\u001b[31m",
            "run\u007f",
            "run\u0085",
            " run",
            "run ",
            "run\u2028",
            "a\u2028b",
            "a\u2029b",
            "run-\uD800",
            "run-\uDC00",
            "\uDE80run",
            "run-\uDC00\uD800",
        };
        return kinds().flatMap(
                        kind -> Stream.of(values).map(value -> Arguments.of(kind.get()[0], kind.get()[1], value)));
    }

    static Stream<Arguments> accepted() {
        String[] values = {
            "r",
            "x".repeat(200),
            "run-'42'",
            "run\"42\"",
            "a;b; DROP TABLE information_unit; --",
            "back\\slash",
            "ünïcødé-运行-🚀",
            "inner space",
            "%2F/../",
        };
        return kinds().flatMap(
                        kind -> Stream.of(values).map(value -> Arguments.of(kind.get()[0], kind.get()[1], value)));
    }

    @ParameterizedTest(name = "{0} rejects {2}")
    @MethodSource("rejected")
    void rejectsWithAnErrorNamingTheField(String field, Function<String, Object> factory, String value) {
        assertThatThrownBy(() -> factory.apply(value)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.runId()).isEmpty();
            assertThat(e.getMessage())
                    .as("the message never carries raw control characters")
                    .doesNotContainPattern("[\\p{Cc}\\u2028\\u2029]")
                    .startsWith(field + " must be ");
            assertThat(e.actual().length()).as("the value is shortened").isLessThan(80);
        });
    }

    @Test
    void c1ControlsAndLineSeparatorsAreEscapedInTheMessage() {
        // Regression: only C0 controls were escaped, so NEL (U+0085) and U+2028 reached the message
        // raw and could forge a line in a log.
        assertThatThrownBy(() -> RunId.of("a\u0085b\u2028c"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.actual()).isEqualTo("\"a\\u0085b\\u2028c\""));
    }

    @Test
    void anUnpairedSurrogateIsRejectedBecauseUtf8WouldSendAQuestionMarkInstead() {
        // Regression: "run-\uD800" was accepted, and the driver bound it as "run-?": the id of
        // another run.
        assertThat("run-\uD800".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("run-?".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RunId.of("run-\uD800"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.actual()).isEqualTo("\"run-\\ud800\""));
        assertThat(RunId.of("run-\uD83D\uDE80").value()).hasSize(6);
    }

    @Test
    void aSurrogatePairCutByTheShorteningIsEscapedInTheMessage() {
        String value = "x".repeat(39) + "\uD83D\uDE80" + "\n";

        assertThatThrownBy(() -> ChangeSetId.of(value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.actual())
                        .startsWith("\"" + "x".repeat(39) + "\\ud83d\""));
    }

    @ParameterizedTest(name = "{0} accepts {2}")
    @MethodSource("accepted")
    void acceptsAnyPrintableTextAsIs(String field, Function<String, Object> factory, String value) {
        Object id = factory.apply(value);

        assertThat(id).hasToString(value);
        assertThat(id).isEqualTo(factory.apply(value));
    }
}
