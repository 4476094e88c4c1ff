package io.github.cutterrevert.adopt;

import io.github.cutterrevert.testkit.SchemaVariant;

/** {@link CompensationContract} on the runbooks' reference schema. */
class CompensationOnReferenceIT extends CompensationContract {
    @Override
    SchemaVariant schema() {
        return SchemaVariant.REFERENCE;
    }
}
