package io.github.cutterrevert.jooq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.jooq.SchemaBinding.TableName;
import io.github.cutterrevert.jooq.internal.Catalog.ColumnRef;
import org.junit.jupiter.api.Test;

class CatalogTest {
    private static final ColumnRef STATUS =
            new ColumnRef(new TableName("public", "information_unit"), "lifecycle_status");

    @Test
    void onlyOriginAndAlwaysTriggersFireForTheOrchestratorsSessions() {
        // pg_trigger.tgenabled: O fires in origin and local sessions (the default), A always, R only
        // in replica sessions (session_replication_role = replica), D never. A trigger that does not
        // fire for the orchestrator does not protect enacted rows.
        assertThat(Catalog.fires("O")).as("O: enabled").isTrue();
        assertThat(Catalog.fires("A")).as("A: enabled always").isTrue();
        assertThat(Catalog.fires("D")).as("D: disabled").isFalse();
        assertThat(Catalog.fires("R")).as("R: replica sessions only").isFalse();
        assertThat(Catalog.fires("o")).as("the flag is case-sensitive").isFalse();
        assertThat(Catalog.fires("")).isFalse();
    }

    @Test
    void checkConstraintLiteralsAreTheAllowedValues() {
        String in = "CHECK ((lifecycle_status = ANY (ARRAY['draft'::text, 'enacted'::text, 'it''s'::text])))";
        String or = "CHECK (((lifecycle_status = 'draft'::text) OR (lifecycle_status = 'it''s'::text)))";

        assertThat(Catalog.allowed(STATUS, "b", null, new String[] {in}).values())
                .hasValueSatisfying(values -> assertThat(values).containsExactly("draft", "enacted", "it's"));
        assertThat(Catalog.allowed(STATUS, "b", null, new String[] {in, or}).values())
                .as("every constraint must allow the value")
                .hasValueSatisfying(values -> assertThat(values).containsExactly("draft", "it's"));
    }

    @Test
    void aQuoteInsideAQuotedColumnNameDoesNotOpenALiteral() {
        // Regression: a status column named "status'); --" made the regex read the quote inside the
        // identifier as the start of a literal, so the allowed values came out as garbage and every
        // soft revert on that column was refused.
        String check = "CHECK ((\"status'); --\" = ANY (ARRAY['dr''aft\\;--'::text, 'withdrawn'::text])))";
        String quoted = "CHECK ((\"a\"\"'b\" = 'x'::text))";

        assertThat(Catalog.literals(check)).containsExactly("dr'aft\\;--", "withdrawn");
        assertThat(Catalog.literals(quoted)).containsExactly("x");
    }

    @Test
    void enumLabelsWinAndUnconstrainedColumnsSaySo() {
        assertThat(Catalog.allowed(STATUS, "e", new String[] {"draft", "withdrawn"}, new String[0])
                        .values())
                .hasValueSatisfying(values -> assertThat(values).containsExactly("draft", "withdrawn"));
        assertThat(Catalog.allowed(STATUS, "b", new String[0], new String[] {"CHECK ((length(lifecycle_status) < 20))"})
                        .values())
                .isEmpty();
    }
}
