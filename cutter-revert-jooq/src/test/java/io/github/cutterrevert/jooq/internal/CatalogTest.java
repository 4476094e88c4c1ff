package io.github.cutterrevert.jooq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cutterrevert.jooq.SchemaBinding.TableName;
import io.github.cutterrevert.jooq.internal.Catalog.ColumnRef;
import org.junit.jupiter.api.Test;

class CatalogTest {
    private static final ColumnRef STATUS =
            new ColumnRef(new TableName("public", "information_unit"), "lifecycle_status");

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
    void enumLabelsWinAndUnconstrainedColumnsSaySo() {
        assertThat(Catalog.allowed(STATUS, "e", new String[] {"draft", "withdrawn"}, new String[0])
                        .values())
                .hasValueSatisfying(values -> assertThat(values).containsExactly("draft", "withdrawn"));
        assertThat(Catalog.allowed(STATUS, "b", new String[0], new String[] {"CHECK ((length(lifecycle_status) < 20))"})
                        .values())
                .isEmpty();
    }
}
