/**
 * cutter-revert for PostgreSQL: reads evidence and snapshots, renders, previews and executes
 * compensation plans as jOOQ SQL in one transaction. Start at {@link
 * io.github.cutterrevert.jooq.PostgresTarget}.
 */
module io.github.cutterrevert.jooq {
    requires transitive io.github.cutterrevert.core;
    requires transitive org.jooq;
    requires transitive java.sql;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    // Compile time only: the annotations on jOOQ's Settings.
    requires static jakarta.xml.bind;

    exports io.github.cutterrevert.jooq;
}
