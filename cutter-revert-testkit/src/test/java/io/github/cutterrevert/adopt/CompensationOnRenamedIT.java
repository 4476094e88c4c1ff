package io.github.cutterrevert.adopt;

import io.github.cutterrevert.testkit.SchemaVariant;

/**
 * {@link CompensationContract} on the renamed schema: every name differs, the envelope is written
 * in {@code cut_leg_a}, the revision status column has no CHECK.
 */
class CompensationOnRenamedIT extends CompensationContract {
    @Override
    SchemaVariant schema() {
        return SchemaVariant.RENAMED;
    }
}
