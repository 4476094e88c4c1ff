/** Internal implementation of cutter-revert core. Not API: may change in any release. */
package io.github.cutterrevert.internal;
