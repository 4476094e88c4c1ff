package io.github.cutterrevert.testkit.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's output helpers: alignment and the checks that decide its exit code. */
class ConsoleTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @Test
    void tablesAlignNumbersRightAndTextLeft() {
        console.table(
                List.of("table", "rows", "state"),
                List.of(List.of("public.information_unit", "158", "ok"), List.of("public.unit_version", "1,165", "-")));

        assertThat(output())
                .isEqualTo("  table                     rows  state\n"
                        + "  -----------------------  -----  -----\n"
                        + "  public.information_unit    158  ok\n"
                        + "  public.unit_version      1,165  -\n");
    }

    @Test
    void aCheckThatDoesNotHoldStopsTheDemoWithWhatWasExpectedAndFound() {
        console.check(true, "the seed baseline", "158");

        assertThatThrownBy(() -> console.check(false, "verdict Compensated", "Refused[reason=x]"))
                .isInstanceOf(Console.DemoFailure.class)
                .hasMessage("expected verdict Compensated but found Refused[reason=x]");
        assertThat(console.checks()).isEqualTo(1);
        assertThat(output()).contains("[ok] the seed baseline").contains("[FAILED] expected verdict Compensated");
    }

    @Test
    void scriptsShowWritesInFullAndReadsAsTheirComments() {
        console.script("-- header\nBEGIN;\n\n-- step 1/2: guard\nselect count(*)\nfrom t;\n\n"
                + "-- step 2/2: soft revert\nupdate t set s = 'withdrawn';\n\nCOMMIT;\n");

        assertThat(output())
                .contains("    -- step 1/2: guard\n    -- [2 lines of SQL, in the file]")
                .contains("    update t set s = 'withdrawn';")
                .contains("    COMMIT;")
                .doesNotContain("select count(*)");
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
