/**
 * The PostgreSQL implementation behind {@link io.github.cutterrevert.jooq.PostgresTarget}: table
 * and field declarations, catalog queries, the statements of every plan step, the executor and the
 * psql renderer. Not API: may change in any release, and the module does not export it.
 */
package io.github.cutterrevert.jooq.internal;
