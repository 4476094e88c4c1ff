package io.github.cutterrevert.spi;

import io.github.cutterrevert.Authority;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.InvalidInputException;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@link CompensationTarget#execute} needs to run a reviewed plan.
 *
 * @param reviewed the plan as reviewed and approved
 * @param replan plans again from evidence read inside the transaction
 * @param authority who authorised it (recorded in the compensating decision)
 * @param signer the key that signs the compensating decision; required when the plan appends one
 */
public record Execution(
        CompensationPlan reviewed,
        Function<EvidenceSource, CompensationPlan> replan,
        Authority authority,
        Optional<DecisionSigner> signer) {

    /** Rejects nulls. */
    public Execution {
        if (reviewed == null || replan == null || authority == null || signer == null) {
            throw new InvalidInputException(
                    "execution", "a plan, a re-planner, an authority and an optional signer", null);
        }
    }
}
