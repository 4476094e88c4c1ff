/**
 * The demo, the README's first command ({@code ./mvnw -q -Pdemo verify}): an embedded PostgreSQL,
 * the reference world at the seed baseline, a cut that fails at {@code write_verify} and its
 * compensation, told step by step. Documentation that runs; not API.
 */
package io.github.cutterrevert.testkit.demo;
