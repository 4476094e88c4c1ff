package io.github.cutterrevert.spi;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
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
 */
public record Execution(
        CompensationPlan reviewed,
        Function<EvidenceSource, CompensationPlan> replan,
        Authority authority,
        Optional<DecisionSigner> signer,
        List<HoldStore> holds) {

    /** Rejects nulls; copies the list. */
    public Execution {
        if (reviewed == null || replan == null || authority == null || signer == null || holds == null) {
            throw new InvalidInputException(
                    "execution", "a plan, a re-planner, an authority, an optional signer and the HOLD stores", null);
        }
        holds = List.copyOf(holds);
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
