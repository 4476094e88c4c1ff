/**
 * The service-provider interface a database module implements so that {@link
 * io.github.cutterrevert.Compensator} can read evidence and execute plans. Applications use the
 * implementation's factory (for PostgreSQL: {@code io.github.cutterrevert.jooq.PostgresTarget}),
 * not these types directly.
 */
package io.github.cutterrevert.spi;
