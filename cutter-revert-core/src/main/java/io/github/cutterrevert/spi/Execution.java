package io.github.cutterrevert.spi;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CutEvidence;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.InvalidInputException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@link CompensationTarget#execute} needs to run a reviewed plan.
 *
 * @param reviewed the plan as reviewed and approved
 * @param replan plans again from evidence read inside the transaction
 * @param authority who authorised it (recorded in the compensating decision)
 * @param signer the key that signs the compensating decision; required when the plan appends one
 * @param holds where the HOLD is kept; a target checks, inside the transaction it writes in, every
 *     store it can read there (its own database's {@code DatabaseHold}), so that a HOLD another
 *     host placed after {@code execute()} started is seen
 * @param planned the evidence the reviewed plan was made from, when it was made from a cut's
 *     evidence: a target may then check the plan inside its transaction by the plan's own
 *     statements (guards, exact write counts) plus the facts that are cheap to read again, and read
 *     the whole evidence again only when one of them differs; empty: the target re-plans from
 *     evidence read inside the transaction
 */
public record Execution(
        CompensationPlan reviewed,
        Function<EvidenceSource, CompensationPlan> replan,
        Authority authority,
        Optional<DecisionSigner> signer,
        List<HoldStore> holds,
        Optional<CutEvidence> planned) {

    /** Rejects nulls; copies the list. */
    public Execution {
        if (reviewed == null
                || replan == null
                || authority == null
                || signer == null
                || holds == null
                || planned == null) {
            throw new InvalidInputException(
                    "execution",
                    "a plan, a re-planner, an authority, an optional signer, the HOLD stores and the optional evidence",
                    null);
        }
        holds = List.copyOf(holds);
    }

    /**
     * An execution that re-plans from evidence read inside the transaction.
     *
     * @param reviewed the plan as reviewed and approved
     * @param replan plans again from evidence read inside the transaction
     * @param authority who authorised it
     * @param signer the key that signs the compensating decision
     * @param holds where the HOLD is kept
     */
    public Execution(
            CompensationPlan reviewed,
            Function<EvidenceSource, CompensationPlan> replan,
            Authority authority,
            Optional<DecisionSigner> signer,
            List<HoldStore> holds) {
        this(reviewed, replan, authority, signer, holds, Optional.empty());
    }

    /**
     * An execution that checks no HOLD store inside the transaction.
     *
     * @param reviewed the plan as reviewed and approved
     * @param replan plans again from evidence read inside the transaction
     * @param authority who authorised it
     * @param signer the key that signs the compensating decision
     */
    public Execution(
            CompensationPlan reviewed,
            Function<EvidenceSource, CompensationPlan> replan,
            Authority authority,
            Optional<DecisionSigner> signer) {
        this(reviewed, replan, authority, signer, List.of());
    }
}
