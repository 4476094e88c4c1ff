package io.github.cutterrevert.testkit.demo;

import io.github.cutterrevert.Approval;
import io.github.cutterrevert.ApprovalRefusedException;
import io.github.cutterrevert.Authority;
import io.github.cutterrevert.ChainVerification;
import io.github.cutterrevert.CompensationPlan;
import io.github.cutterrevert.CompensationResult;
import io.github.cutterrevert.Compensator;
import io.github.cutterrevert.DecisionSigner;
import io.github.cutterrevert.FailClosed;
import io.github.cutterrevert.HoldNotice;
import io.github.cutterrevert.HoldRelease;
import io.github.cutterrevert.LogicalTable;
import io.github.cutterrevert.NotApprovedException;
import io.github.cutterrevert.OnHoldException;
import io.github.cutterrevert.Phase;
import io.github.cutterrevert.PlanStep;
import io.github.cutterrevert.Preview;
import io.github.cutterrevert.RunId;
import io.github.cutterrevert.Snapshot;
import io.github.cutterrevert.TrustStore;
import io.github.cutterrevert.Verdict;
import io.github.cutterrevert.jooq.ApprovalFile;
import io.github.cutterrevert.jooq.PostgresTarget;
import io.github.cutterrevert.jooq.SnapshotFiles;
import io.github.cutterrevert.testkit.CutScenario;
import io.github.cutterrevert.testkit.CutScenarioResult;
import io.github.cutterrevert.testkit.ReferenceWorld;
import io.github.cutterrevert.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo: the library's main job, end to end, on an embedded PostgreSQL. Run it with {@code
 * ./mvnw -q -Pdemo verify}; it exits with an error unless every step behaved as the story says.
 *
 * <ol>
 *   <li>the reference world at the seed baseline and its {@code pre.json};
 *   <li>an orchestrated cut of draft units that fails at {@code write_verify};
 *   <li>the compensation plan as a reviewer sees it, a preview with the real row counts, a recorded
 *       decision approving the plan's fingerprint and the execution (soft revert);
 *   <li>the verdict, the counts after and the appended compensating decision;
 *   <li>a hard delete asked for without authority: refused; a unit enacted meanwhile: HOLD;
 *   <li>a hard delete the sovereign approved with their own key: an unsigned claim refused, the
 *       signed approval (a JSON file) executed, recorded in the ledger and verified;
 *   <li>where the files went.
 * </ol>
 *
 * <p>Options, as system properties: {@code -Ddemo.units=300} (units in the cut, each with two
 * versions) and {@code -Ddemo.keep=true} (keep the database afterwards and wait for Enter) or
 * {@code -Ddemo.keep=<seconds>}. Files go to {@code cutter-revert-testkit/target/demo}, which each
 * run empties first.
 */
public final class Demo {
    private static final String RUN_A = "run-demo-a";
    private static final String CHANGE_SET_A = "cs-demo-a";
    private static final String RUN_B = "run-demo-b";
    private static final String CHANGE_SET_B = "cs-demo-b";
    private static final String RUN_C = "run-demo-c";
    private static final String CHANGE_SET_C = "cs-demo-c";
    private static final String SOVEREIGN_KEY_ID = "sovereign-2026";
    private static final int VERSIONS_PER_UNIT = 2;
    private static final String SOVEREIGN = "sovereign@example.org";
    private static final String KEY_ID = "demo-key-1";

    private final Options options;
    private final Console console;
    private final Path home;
    private final Path rollback;
    private final Path review;
    private final FailClosed failClosed;
    private final KeyPair keys;
    private final DecisionSigner signer;

    private TestDatabase db;
    private PostgresTarget target;
    private SnapshotFiles snapshots;

    private Demo(Options options, Console console, Path home) {
        this.options = options;
        this.console = console;
        this.home = home;
        this.rollback = home.resolve("rollback");
        this.review = home.resolve("review");
        // HOLD, the kill switch, run state and escalation bundles: under target/demo, not /var/lib/cutter.
        this.failClosed = FailClosed.inDirectories(rollback, home.resolve("locks"));
        try {
            // A throw-away key for the demo only. The library never generates keys: in production,
            // load yours with DecisionSigner.fromPkcs8(keyId, path).
            this.keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate Ed25519 keys", e);
        }
        this.signer = new DecisionSigner(KEY_ID, keys.getPrivate());
    }

    /** The entry point as every compensation in the demo uses it. */
    private Compensator compensator(String runId) {
        return Compensator.forRun(runId)
                .on(target)
                .failedAt(Phase.WRITE_VERIFY)
                .failClosed(failClosed)
                .signedBy(signer);
    }

    /**
     * Runs the demo.
     *
     * @param args ignored; options are system properties
     * @throws Exception if a step did not behave as expected (Maven then fails)
     */
    public static void main(String[] args) throws Exception {
        DemoFiles.quietLibraryLogs();
        Options options = Options.fromSystemProperties();
        Path home = DemoFiles.freshDirectory(Demo.class, "demo");
        new Demo(options, new Console(System.out), home).run();
    }

    private void run() throws IOException {
        console.title("cutter-revert demo: compensating a cut that failed at write_verify");
        console.say("An embedded PostgreSQL, the seed runbook's reference schema, and the library's one entry point:");
        console.say("Compensator.forRun(runId).on(PostgresTarget.of(dataSource)).failedAt(Phase.WRITE_VERIFY)");
        console.blank();
        db = console.progress(
                "starting the embedded PostgreSQL and cloning a fresh database", () -> TestDatabase.create("demo"));
        boolean keep = options.keep().isPresent();
        try {
            // The orchestrator's role: writes public, may only append to the ledger.
            target = PostgresTarget.of(db.dataSourceAs(TestDatabase.CUTTER_EXEC));
            snapshots = SnapshotFiles.in(rollback);
            Snapshot pre = baseline();
            Snapshot post = failedCut();
            Compensated compensated = compensate();
            verdict(pre, post, compensated);
            refusals();
            sovereignApproval();
            files();
            console.blank();
            console.say("All " + console.checks() + " checks held: the demo ran green.");
            if (keep) {
                options.keep().get().await(console, db);
            }
        } finally {
            db.close();
        }
    }

    // ---- 1 -----------------------------------------------------------------------------------

    private Snapshot baseline() {
        console.section(1, "The reference world at the seed baseline");
        ReferenceWorld.Baseline baseline = console.progress(
                "seeding 158 units through fn_iu_create, enacting 60 through fn_iu_enact",
                () -> ReferenceWorld.seedBaseline(db.dataSource()));
        Snapshot pre = target.snapshot(RunId.of(RUN_A), "pre");
        Path file = snapshots.write(pre);
        console.say("The before-run snapshot (seed 000, section 2), taken as " + pre.role() + ":");
        console.blank();
        List<List<String>> rows = new ArrayList<>();
        pre.counts().forEach((table, count) -> rows.add(List.of(table, describe(count))));
        console.table(List.of("table", "rows"), rows);
        console.blank();
        List<List<String>> catalog = new ArrayList<>();
        pre.triggers().forEach((name, flag) -> catalog.add(List.of("trigger " + name, "tgenabled = " + flag)));
        pre.functions()
                .forEach((name, present) -> catalog.add(List.of("function " + name, present ? "present" : "MISSING")));
        console.table(List.of("catalog object", "state"), catalog);
        console.blank();
        console.field("pre.json", DemoFiles.relative(file));
        console.check(
                baseline.units() == 158
                        && count(pre, LogicalTable.INFORMATION_UNIT) == 158
                        && count(pre, LogicalTable.UNIT_VERSION) == 165
                        && count(pre, LogicalTable.IU_LIFECYCLE_LOG) == 60,
                "the seed baseline 158 / 165 / 60",
                count(pre, LogicalTable.INFORMATION_UNIT) + " / " + count(pre, LogicalTable.UNIT_VERSION) + " / "
                        + count(pre, LogicalTable.IU_LIFECYCLE_LOG));
        console.check(
                pre.triggers().size() == 2 && pre.triggers().values().stream().allMatch("O"::equals),
                "both immutability triggers enabled (tgenabled = O)",
                pre.triggers());
        console.check(
                pre.functions().size() == 2 && pre.functions().values().stream().allMatch(Boolean::booleanValue),
                "fn_iu_create and fn_iu_enact present",
                pre.functions());
        return pre;
    }

    // ---- 2 -----------------------------------------------------------------------------------

    private Snapshot failedCut() {
        console.section(2, "An orchestrated cut that fails at write_verify");
        int units = options.units();
        CutScenarioResult cut = console.progress(
                "run " + RUN_A + ": cutting " + Console.count(units) + " draft units x " + VERSIONS_PER_UNIT
                        + " versions",
                () -> CutScenario.forRun(RUN_A)
                        .changeSet(CHANGE_SET_A)
                        .units(units)
                        .versionsPerUnit(VERSIONS_PER_UNIT)
                        .failingAt(Phase.WRITE_VERIFY)
                        .apply(db.dataSource()));
        console.blank();
        List<List<String>> phases = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            String outcome = cut.committed(phase)
                    ? "COMMITTED"
                    : cut.failedPhase().orElseThrow() == phase ? "FAILED, rolled back" : "not started";
            phases.add(List.of(phase.runbookName(), outcome));
        }
        console.table(List.of("phase", "outcome (each phase is one transaction)"), phases);
        console.blank();
        Snapshot post = target.snapshot(RunId.of(RUN_A), "post");
        Path file = snapshots.write(post);
        console.say("The post-failure snapshot (seed 000, section 5) next to pre.json:");
        console.blank();
        Snapshot pre = snapshots.read(RunId.of(RUN_A), "pre");
        List<List<String>> rows = new ArrayList<>();
        for (String table : post.counts().keySet()) {
            long before = pre.count(table).orElse(-1L);
            long after = post.count(table).orElse(-1L);
            rows.add(List.of(table, Console.count(before), Console.count(after), Console.delta(after - before)));
        }
        console.table(List.of("table", "pre.json", "post.json", "delta"), rows);
        console.blank();
        console.field("post.json", DemoFiles.relative(file));
        console.check(
                cut.committedPhases().equals(List.of(Phase.PRE_WRITE_BACKUP, Phase.CUT_LEG_A, Phase.LEG_B_RECORD)),
                "pre_write_backup, cut_leg_a and leg_b_record committed; write_verify rolled back",
                cut.committedPhases());
        long newUnits = count(post, LogicalTable.INFORMATION_UNIT) - count(pre, LogicalTable.INFORMATION_UNIT);
        long newVersions = count(post, LogicalTable.UNIT_VERSION) - count(pre, LogicalTable.UNIT_VERSION);
        console.check(
                newUnits == units && newVersions == (long) units * VERSIONS_PER_UNIT,
                Console.count(units) + " draft units and " + Console.count((long) units * VERSIONS_PER_UNIT)
                        + " versions committed by cut_leg_a",
                newUnits + " units and " + newVersions + " versions");
        return post;
    }

    // ---- 3 -----------------------------------------------------------------------------------

    private record Compensated(CompensationPlan plan, Authority.RecordedDecision decision, CompensationResult result) {}

    private Compensated compensate() throws IOException {
        console.section(3, "The compensation: plan, review, preview, decision, execution");
        console.say("Compensator.forRun(\"" + RUN_A + "\").on(PostgresTarget.of(cutterExec))");
        console.say(
                "    .failedAt(Phase.WRITE_VERIFY).failClosed(FailClosed.inDirectories(rollback, locks)).signedBy(signer)");
        console.say("plans from the database alone (a few set-based reads, no unit ids in memory) and writes nothing.");
        console.say(
                "The signer is an Ed25519 key generated for this demo only (KeyPairGenerator, key id " + KEY_ID + ");");
        console.say("the library never generates keys: load yours with DecisionSigner.fromPkcs8(keyId, path).");
        Compensator compensator = compensator(RUN_A);
        CompensationPlan plan = compensator.plan();
        console.blank();
        console.say("plan.summary(), what the reviewer reads:");
        console.blank();
        console.block(plan.summary());
        console.blank();
        console.field("fingerprint", plan.fingerprint().value());
        console.say("(SHA-256 over everything the plan would do; a decision approves exactly this value)");
        console.blank();
        String script = target.render(plan);
        Path scriptFile = review.resolve(RUN_A + ".soft-revert.sql");
        Files.createDirectories(review);
        Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
        console.say("target.render(plan), the same statements as a psql script (saved to "
                + DemoFiles.relative(scriptFile) + "):");
        console.blank();
        console.script(script);
        console.say(
                "(decided_by reads cutter-revert:automatic until a decision is given: target.render(plan, decision)");
        console.say(" names the decider exactly as execute() will write it)");
        console.blank();

        Preview preview = console.progress(
                "compensator.preview(): running the plan in a transaction that is rolled back", compensator::preview);
        console.blank();
        Map<LogicalTable, Long> expected = expectedRows(plan);
        List<List<String>> rows = new ArrayList<>();
        boolean same = true;
        for (Map.Entry<LogicalTable, Long> entry : expected.entrySet()) {
            long found = preview.rowsAffected().getOrDefault(entry.getKey(), 0L);
            same &= found == entry.getValue();
            rows.add(List.of(qualified(entry.getKey()), Console.count(entry.getValue()), Console.count(found)));
        }
        console.table(List.of("table", "plan expects", "preview (rolled back)"), rows);
        console.blank();
        console.check(same, "the preview touches exactly the rows the plan expects", preview.rowsAffected());

        Authority.RecordedDecision decision = Authority.decision(
                SOVEREIGN,
                "DEC-DEMO-1",
                "reviewed the summary, the psql script and the preview of the soft revert",
                plan.fingerprint(),
                Instant.now());
        console.blank();
        console.say("The reviewer records a decision approving this fingerprint:");
        console.blank();
        console.block("Authority.decision(\"" + decision.decidedBy() + "\", \"" + decision.decisionId() + "\",\n"
                + "    \"" + decision.reason() + "\",\n"
                + "    plan.fingerprint() /* " + decision.approves().shortForm() + " */, Instant.now())");
        console.blank();
        CompensationResult result = console.progress(
                "compensator.authorizedBy(decision).execute(): one transaction",
                () -> compensator.authorizedBy(decision).execute());
        return new Compensated(plan, decision, result);
    }

    // ---- 4 -----------------------------------------------------------------------------------

    private void verdict(Snapshot pre, Snapshot post, Compensated compensated) {
        console.section(4, "The verdict, the counts after and the compensating decision");
        CompensationResult result = compensated.result();
        console.field("verdict", describe(result.verdict()));
        console.field("statements", result.statements() + " (the same for 3 units or 100,000)");
        console.field("transaction", Console.seconds(result.elapsed().toNanos()));
        console.field("fingerprint", result.plan().fingerprint().value() + " (as approved)");
        console.blank();
        Snapshot now = target.snapshot(RunId.of(RUN_A), "post");
        List<List<String>> rows = new ArrayList<>();
        boolean onlyDecision = true;
        for (String table : now.counts().keySet()) {
            long failed = post.count(table).orElse(-1L);
            long after = now.count(table).orElse(-1L);
            long expectedDelta = table.equals(qualified(LogicalTable.REVIEW_DECISION)) ? 1 : 0;
            onlyDecision &= after - failed == expectedDelta;
            rows.add(List.of(
                    table,
                    Console.count(pre.count(table).orElse(-1L)),
                    Console.count(failed),
                    Console.count(after),
                    Console.delta(after - failed)));
        }
        console.table(List.of("table", "pre.json", "post.json", "now", "delta"), rows);
        console.blank();
        List<List<String>> statuses = DemoSql.rows(
                db.dataSource(),
                "SELECT 'information_unit', iu.lifecycle_status, count(*)::text FROM public.information_unit iu"
                        + " JOIN cutter_governance.cut_change_set_affected_row a ON a.information_unit_id = iu.id"
                        + " WHERE a.change_set_id = ? GROUP BY 2"
                        + " UNION ALL SELECT 'unit_version', uv.lifecycle_status, count(*)::text"
                        + " FROM public.unit_version uv JOIN cutter_governance.cut_change_set_affected_row a"
                        + " ON a.information_unit_id = uv.information_unit_id WHERE a.change_set_id = ? GROUP BY 2"
                        + " ORDER BY 1, 2",
                CHANGE_SET_A,
                CHANGE_SET_A);
        console.say("The rows of change set " + CHANGE_SET_A + " (soft revert: kept, with their audit lineage):");
        console.blank();
        console.table(List.of("table", "lifecycle_status", "rows"), statuses);
        console.blank();
        List<List<String>> decision = DemoSql.rows(
                db.dataSource(),
                "SELECT id::text, decision, decided_by, revert_run_id, decided_at::text, note,"
                        + " coalesce(key_id, '(none)'), coalesce(prev_hash, '(none)'),"
                        + " coalesce(left(signature, 24) || '...', '(unsigned)')"
                        + " FROM cutter_governance.review_decision WHERE change_set_id = ? ORDER BY id",
                CHANGE_SET_A);
        console.say(
                "Compensation B: the ledger is only appended to, with a signed decision. review_decision now holds:");
        console.blank();
        List<String> labels = List.of(
                "id",
                "decision",
                "decided_by",
                "revert_run_id",
                "decided_at",
                "note",
                "key_id",
                "prev_hash",
                "signature");
        for (List<String> row : decision) {
            for (int i = 0; i < labels.size(); i++) {
                console.field("  " + labels.get(i), row.get(i));
            }
        }
        console.blank();
        ChainVerification chain = target.verifyDecisions(Map.of(KEY_ID, keys.getPublic()));
        ChainVerification forged = target.verifyDecisions(Map.of(KEY_ID, otherPublicKey()));
        console.say(
                "target.verifyDecisions(Map.of(\"" + KEY_ID + "\", publicKey)) checks the signed chain end to end:");
        console.field("chain", describe(chain));
        console.field("another key", describe(forged));
        console.blank();
        int units = options.units();
        console.check(result.verdict() instanceof Verdict.Compensated, "verdict Compensated", result.verdict());
        console.check(
                statuses.equals(List.of(
                        List.of("information_unit", "withdrawn", Long.toString(units)),
                        List.of("unit_version", "withdrawn", Long.toString((long) units * VERSIONS_PER_UNIT)))),
                "every unit and version of " + CHANGE_SET_A + " withdrawn, none deleted",
                statuses);
        console.check(onlyDecision, "no table changed but review_decision (+1)", now.counts());
        console.check(
                decision.size() == 1
                        && decision.get(0).get(1).equals("reverted")
                        && decision.get(0).get(2).equals(SOVEREIGN)
                        && decision.get(0).get(3).equals(RUN_A + ":revert")
                        && decision.get(0)
                                .get(5)
                                .contains(compensated.plan().fingerprint().value())
                        && decision.get(0)
                                .get(5)
                                .contains(compensated.decision().decisionId()),
                "one 'reverted' decision naming the decider, the revert run, the fingerprint and DEC-DEMO-1",
                decision);
        console.check(
                decision.get(0).get(6).equals(KEY_ID) && chain.intact() && chain.checked() == 1,
                "the decision is signed with " + KEY_ID + " and the chain verifies",
                chain);
        console.check(
                forged.firstBad()
                        .map(bad -> bad.problem() == ChainVerification.Problem.BAD_SIGNATURE)
                        .orElse(false),
                "the same chain fails with another key (BAD_SIGNATURE)",
                forged);
        long baselineDraft = DemoSql.count(
                db.dataSource(),
                "SELECT count(*) FROM public.information_unit iu JOIN cutter_governance.cut_change_set_affected_row a"
                        + " ON a.information_unit_id = iu.id WHERE a.change_set_id = ? AND iu.lifecycle_status = 'draft'",
                ReferenceWorld.CHANGE_SET_ID);
        console.check(
                baselineDraft == ReferenceWorld.UNITS - ReferenceWorld.ENACTED_UNITS,
                "the baseline's own 98 draft units untouched",
                baselineDraft);
    }

    // ---- 5 -----------------------------------------------------------------------------------

    private void refusals() {
        console.section(5, "Asking for more than was approved, and failing closed");
        console.say("5a. The same run, compensated again:");
        CompensationResult again = compensator(RUN_A).execute();
        console.field("verdict", describe(again.verdict()));
        console.check(
                again.verdict() instanceof Verdict.NothingToDo,
                "a second execute() of " + RUN_A + " does nothing (idempotent)",
                again.verdict());
        console.blank();

        int units = Math.min(options.units(), 20);
        console.say("5b. A hard delete without authority. " + RUN_A + " is compensated already, so a second run");
        console.say("    fails the same way: " + RUN_B + ", " + units + " draft units x " + VERSIONS_PER_UNIT
                + " versions, pre.json first.");
        snapshots.write(target.snapshot(RunId.of(RUN_B), "pre"));
        CutScenario.forRun(RUN_B)
                .changeSet(CHANGE_SET_B)
                .units(units)
                .versionsPerUnit(VERSIONS_PER_UNIT)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        console.say("    compensator(\"" + RUN_B + "\").hardDelete().execute(), with no authorizedBy(...):");
        Snapshot before = target.snapshot(RunId.of(RUN_B), "post");
        String executed = null;
        try {
            executed = describe(compensator(RUN_B).hardDelete().execute().verdict());
        } catch (NotApprovedException e) {
            console.field("refused", e.getClass().getSimpleName());
            console.field("reason", e.getMessage());
            console.check(e.approvedFingerprint().isEmpty(), "NotApprovedException: no recorded decision", e);
        }
        console.check(executed == null, "the hard delete refused before any write", executed);
        Snapshot after = target.snapshot(RunId.of(RUN_B), "post");
        console.check(
                after.counts().equals(before.counts()) && failClosed.hold().isEmpty(),
                "nothing changed, and no HOLD: nothing was attempted, a human is already in the loop",
                after.counts());
        console.blank();

        console.say("5c. Failing closed. Meanwhile one unit of " + RUN_B + " is enacted (fn_iu_enact); enacted rows");
        console.say("    are immutable, so the library must not decide. compensator(\"" + RUN_B + "\").execute():");
        DemoSql.count(
                db.dataSource(),
                "SELECT count(public.fn_iu_enact(information_unit_id)) FROM (SELECT information_unit_id"
                        + " FROM cutter_governance.cut_change_set_affected_row WHERE change_set_id = ?"
                        + " ORDER BY information_unit_id LIMIT 1) AS first_unit",
                CHANGE_SET_B);
        CompensationResult refused = compensator(RUN_B).execute();
        console.field("verdict", describe(refused.verdict()));
        HoldNotice hold = failClosed.hold().orElse(null);
        console.field("HOLD", hold == null ? "(none)" : DemoFiles.relative(java.nio.file.Path.of(hold.location())));
        console.field("kill switch", failClosed.killSwitch().executionEnabled() ? "on" : "off (execution disabled)");
        console.field(
                "run state",
                failClosed
                        .runState()
                        .read(RunId.of(RUN_B))
                        .map(state -> state.state().name())
                        .orElse("(none)"));
        Path bundle = failClosed.runDirectory(RunId.of(RUN_B)).resolve("escalation.txt");
        console.field("bundle", DemoFiles.relative(bundle) + " (+ escalation.sql, pre.json, post.json)");
        console.blank();
        console.block(DemoFiles.read(bundle), 14);
        console.blank();
        console.check(refused.verdict() instanceof Verdict.Refused, "verdict Refused: a human must decide", refused);
        console.check(
                hold != null
                        && hold.runId().value().equals(RUN_B)
                        && !failClosed.killSwitch().executionEnabled()
                        && Files.exists(bundle)
                        && Files.exists(snapshots.path(RunId.of(RUN_B), "post")),
                "HOLD placed, kill switch off, post.json and the escalation bundle written",
                hold);
        String onHold = null;
        try {
            compensator(RUN_A).execute();
        } catch (OnHoldException e) {
            onHold = e.getMessage();
        }
        console.field("while on HOLD", onHold == null ? "(not refused)" : onHold);
        console.check(onHold != null, "every execute() is refused while on HOLD (OnHoldException)", onHold);
        console.blank();
        console.say("The sovereign reads the bundle, decides to leave " + RUN_B + " as it is, and releases the HOLD:");
        console.say("failClosed.release(\"" + SOVEREIGN + "\", \"...\", true)");
        HoldRelease release = failClosed.release(
                SOVEREIGN,
                "reviewed the escalation bundle of " + RUN_B + ": one unit was enacted after the failure;"
                        + " left as it is, the cut will be re-issued",
                true);
        console.field("released", DemoFiles.relative(release.record()));
        console.check(
                failClosed.hold().isEmpty() && failClosed.killSwitch().executionEnabled(),
                "HOLD released explicitly and recorded, kill switch re-armed",
                failClosed.hold());
    }

    // ---- 6 -----------------------------------------------------------------------------------

    private void sovereignApproval() throws IOException {
        console.section(6, "A hard delete the sovereign signed");
        console.say("Authority.decision(...) is a claim: any caller can write a name. With a trust store of the");
        console.say("approvers' public keys, a plan that needs approval needs a signature by the approver's own key.");
        console.say(
                "The sovereign's key pair is generated for this demo (in production it never leaves the sovereign):");
        Path keyDirectory = Files.createDirectories(home.resolve("keys"));
        Path trusted = Files.createDirectories(home.resolve("trusted"));
        KeyPair sovereignKeys;
        try {
            sovereignKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate Ed25519 keys", e);
        }
        Path privateKey = Files.writeString(
                keyDirectory.resolve(SOVEREIGN_KEY_ID + ".pem"),
                pem("PRIVATE KEY", sovereignKeys.getPrivate().getEncoded()));
        Files.writeString(
                trusted.resolve(SOVEREIGN_KEY_ID + ".pub.pem"),
                pem("PUBLIC KEY", sovereignKeys.getPublic().getEncoded()));
        TrustStore trust = TrustStore.fromDirectory(trusted);
        console.field("private key", DemoFiles.relative(privateKey) + " (PKCS#8, as openssl genpkey writes it)");
        console.field("trust store", "TrustStore.fromDirectory(" + DemoFiles.relative(trusted) + ") = " + trust);
        console.blank();

        int units = Math.min(options.units(), 20);
        CutScenario.forRun(RUN_C)
                .changeSet(CHANGE_SET_C)
                .units(units)
                .versionsPerUnit(VERSIONS_PER_UNIT)
                .failingAt(Phase.WRITE_VERIFY)
                .apply(db.dataSource());
        console.say("6a. " + RUN_C + " fails the same way (" + units + " draft units). compensator(\"" + RUN_C
                + "\").hardDelete().trusting(trust),");
        console.say("    authorised by an unsigned Authority.decision(\"" + SOVEREIGN + "\", ...):");
        Compensator compensator = compensator(RUN_C).hardDelete().trusting(trust);
        CompensationPlan plan = compensator.plan();
        Snapshot before = target.snapshot(RunId.of(RUN_C), "post");
        ApprovalRefusedException.Reason refusedFor = null;
        try {
            compensator
                    .authorizedBy(
                            Authority.decision(SOVEREIGN, "DEC-DEMO-2", "trust me", plan.fingerprint(), Instant.now()))
                    .execute();
        } catch (ApprovalRefusedException e) {
            refusedFor = e.reason();
            console.field("refused", e.getClass().getSimpleName() + " " + e.reason());
        }
        Snapshot after = target.snapshot(RunId.of(RUN_C), "post");
        console.check(
                refusedFor == ApprovalRefusedException.Reason.UNSIGNED
                        && after.counts().equals(before.counts())
                        && failClosed.hold().isEmpty(),
                "an unsigned claim is refused (UNSIGNED): nothing written, no HOLD",
                refusedFor);
        console.blank();

        console.say("6b. The sovereign reviews plan.summary() and signs the fingerprint off-line, for 4 hours:");
        console.say("    Approval.sign(Approval.Terms.of(plan, \"DEC-DEMO-2\", \"" + SOVEREIGN
                + "\", reason, now, now + 4 h),");
        console.say(
                "        DecisionSigner.fromPkcs8(\"" + SOVEREIGN_KEY_ID + "\", keyFile)), written with ApprovalFile:");
        Instant now = Instant.now();
        Approval signed = Approval.sign(
                Approval.Terms.of(
                        plan,
                        "DEC-DEMO-2",
                        SOVEREIGN,
                        "reviewed the hard delete of " + CHANGE_SET_C + " at command review",
                        now,
                        now.plus(java.time.Duration.ofHours(4))),
                DecisionSigner.fromPkcs8(SOVEREIGN_KEY_ID, privateKey));
        Path file = ApprovalFile.write(signed, review.resolve("DEC-DEMO-2.approval.json"));
        console.blank();
        console.block(DemoFiles.read(file), 16);
        console.blank();
        Approval approval = ApprovalFile.read(file);
        console.check(
                approval.verifiesWith(trust.key(SOVEREIGN_KEY_ID).orElseThrow())
                        && !approval.verifiesWith(keys.getPublic()),
                "the approval file verifies with the sovereign's public key, and with no other",
                approval);

        console.say("6c. compensator.authorizedBy(Authority.signed(List.of(ApprovalFile.read(file)))).execute():");
        CompensationResult result =
                compensator.authorizedBy(Authority.signed(List.of(approval))).execute();
        console.field("verdict", describe(result.verdict()));
        long left = DemoSql.count(
                db.dataSource(),
                "SELECT count(*) FROM public.information_unit iu JOIN cutter_governance.cut_change_set_affected_row a"
                        + " ON a.information_unit_id = iu.id WHERE a.change_set_id = ?",
                CHANGE_SET_C);
        String recorded = DemoSql.rows(
                        db.dataSource(),
                        "SELECT approval_decision_id || ' by ' || decided_by FROM cutter_governance.review_decision"
                                + " WHERE change_set_id = ?",
                        CHANGE_SET_C)
                .stream()
                .map(row -> row.get(0))
                .findFirst()
                .orElse("(none)");
        console.field("ledger", "review_decision approval_decision_id / decided_by: " + recorded);
        Map<String, java.security.PublicKey> all = new java.util.HashMap<>(trust.keys());
        all.put(KEY_ID, keys.getPublic());
        ChainVerification chain = target.verifyDecisions(TrustStore.of(all));
        ChainVerification withoutSovereign = target.verifyDecisions(Map.of(KEY_ID, keys.getPublic()));
        console.field("chain + approvals", describe(chain));
        console.field("without the sovereign's key", describe(withoutSovereign));
        console.check(
                result.verdict() instanceof Verdict.Compensated && left == 0,
                "the signed hard delete executed: " + units + " units of " + CHANGE_SET_C + " deleted",
                left);
        console.check(
                ("DEC-DEMO-2 by " + SOVEREIGN).equals(recorded)
                        && chain.intact()
                        && withoutSovereign
                                .firstBad()
                                .map(bad -> bad.problem() == ChainVerification.Problem.APPROVAL_UNKNOWN_KEY)
                                .orElse(false),
                "the approval is recorded with the decision and verifies against the trust store",
                chain);
        console.blank();
        console.say("Replaying DEC-DEMO-2 for another plan, or a changed byte in the file, is refused the same way");
        console.say("(REPLAYED, BAD_SIGNATURE), before anything is written and without a HOLD.");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    // ---- 7 -----------------------------------------------------------------------------------

    private void files() throws IOException {
        console.section(7, "Where the files went");
        List<List<String>> rows = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                rows.add(List.of(DemoFiles.relative(file), Console.count(Files.size(file)) + " bytes"));
            }
        }
        console.table(List.of("file", "size"), rows);
        console.blank();
        console.say("pre.json and post.json are write-once (a second write is refused, never overwritten). The HOLD");
        console.say(
                "file is moved next to the bundle on release, never deleted; review/ holds the reviewed psql script.");
        console.check(
                Files.exists(snapshots.path(RunId.of(RUN_A), "pre"))
                        && Files.exists(snapshots.path(RunId.of(RUN_A), "post")),
                "pre.json and post.json of " + RUN_A + " on disk",
                rows);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Map<LogicalTable, Long> expectedRows(CompensationPlan plan) {
        Map<LogicalTable, Long> expected = new EnumMap<>(LogicalTable.class);
        for (PlanStep step : plan.steps()) {
            switch (step) {
                case PlanStep.SoftRevert soft -> expected.merge(soft.table(), soft.expectedRows(), Long::sum);
                case PlanStep.HardDelete delete -> expected.merge(delete.table(), delete.expectedRows(), Long::sum);
                case PlanStep.LedgerAppend append -> expected.merge(LogicalTable.REVIEW_DECISION, 1L, Long::sum);
                case PlanStep.Guard guard -> {
                    // Reads only.
                }
                case PlanStep.DiscardBackup discard -> {
                    // Outside the database.
                }
                case PlanStep.Hold hold -> {
                    // Outside the database.
                }
                case PlanStep.Escalate escalate -> {
                    // Writes nothing.
                }
            }
        }
        return expected;
    }

    private static long count(Snapshot snapshot, LogicalTable table) {
        return snapshot.count(qualified(table)).orElse(-1L);
    }

    private static String qualified(LogicalTable table) {
        return table.defaultSchema() + "." + table.defaultName();
    }

    private static String describe(Verdict verdict) {
        return switch (verdict) {
            case Verdict.Compensated compensated -> "COMPENSATED (committed and verified)";
            case Verdict.NothingToDo nothing -> "NOTHING TO DO: " + nothing.reason();
            case Verdict.Refused refused -> "REFUSED: " + refused.reason();
            case Verdict.Failed failed -> "FAILED: " + failed.error();
        };
    }

    private static java.security.PublicKey otherPublicKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate Ed25519 keys", e);
        }
    }

    private static String describe(ChainVerification chain) {
        return chain.firstBad()
                .map(bad -> "BROKEN at decision " + bad.id() + ": " + bad.problem() + " (" + bad.detail() + ")")
                .orElse("intact (" + chain.checked() + " signed decision(s) checked)");
    }

    private static String describe(Snapshot.TableCount count) {
        return switch (count) {
            case Snapshot.TableCount.Counted counted -> Console.count(counted.rows());
            case Snapshot.TableCount.Unreadable unreadable -> "unreadable (SQLSTATE " + unreadable.sqlState() + ")";
        };
    }
}
