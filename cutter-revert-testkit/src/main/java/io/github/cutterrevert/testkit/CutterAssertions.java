package io.github.cutterrevert.testkit;

/**
 * AssertJ entry point for database state.
 *
 * <pre>{@code
 * import static io.github.cutterrevert.testkit.CutterAssertions.assertThat;
 *
 * assertThat(db).hasBaselineCounts();
 * assertThat(db).changeSet("cs-1").hasUnitCount(300).unitsAllHaveStatus("withdrawn");
 * }</pre>
 *
 * Stateless and thread-safe.
 */
public final class CutterAssertions {

    private CutterAssertions() {}

    /**
     * Starts assertions on a database's current state; every assertion queries it afresh as the
     * superuser.
     *
     * @param database the database
     * @return a new assertion
     */
    public static DatabaseAssert assertThat(TestDatabase database) {
        return new DatabaseAssert(database);
    }
}
