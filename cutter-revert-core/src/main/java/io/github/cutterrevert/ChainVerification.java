package io.github.cutterrevert;

import java.util.Optional;

/**
 * The result of verifying the signed decision chain.
 *
 * @param checked how many signed decisions were checked before the first bad one (or in all)
 * @param firstBad the first bad entry, empty when the chain is intact
 */
public record ChainVerification(int checked, Optional<BadEntry> firstBad) {

    /**
     * Whether the chain is intact.
     *
     * @return {@code true} when no entry is bad
     */
    public boolean intact() {
        return firstBad.isEmpty();
    }

    /** What is wrong with an entry. */
    public enum Problem {
        /** The signature does not verify: a byte was changed, or the wrong key signed. */
        BAD_SIGNATURE,
        /** No public key is known for the entry's key id. */
        UNKNOWN_KEY,
        /** The entry's {@code prev_hash} does not name its predecessor: a row was deleted or reordered. */
        BROKEN_LINK,
        /** A compensating decision (it says {@code reverted} or names a revert run) carries no signature. */
        UNSIGNED,
        /** Row ids do not ascend. */
        OUT_OF_ORDER,
        /** A recorded approval's key id is not in the trust store. */
        APPROVAL_UNKNOWN_KEY,
        /** A recorded approval is malformed or its signature does not verify: it was altered. */
        APPROVAL_BAD_SIGNATURE,
        /**
         * A recorded approval does not match the decision it is recorded with (another change set,
         * revert run, plan or decision id): it was moved or swapped.
         */
        APPROVAL_MISMATCH,
        /** A recorded approval's decision id was already used by an earlier decision: a replay. */
        APPROVAL_REUSED
    }

    /**
     * The first bad entry.
     *
     * @param id the row id
     * @param changeSet its change set
     * @param problem what is wrong
     * @param detail what was expected and what was found
     */
    public record BadEntry(long id, ChangeSetId changeSet, Problem problem, String detail) {}
}
