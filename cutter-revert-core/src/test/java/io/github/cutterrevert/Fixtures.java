package io.github.cutterrevert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Hand-built values shared by the core tests: no database, only records. */
final class Fixtures {
    static final RunId RUN = RunId.of("run-42");
    static final RunId REVERT_RUN = RunId.of("run-42:revert");
    static final ChangeSetId CS = ChangeSetId.of("cs-42");
    static final Instant DECIDED_AT = Instant.parse("2026-05-21T10:00:00Z");
    private static final java.security.KeyPair SIGNER_KEYS = newKeys();
    /** A signer for tests, from a key generated here explicitly (the library never generates keys). */
    static final DecisionSigner SIGNER = new DecisionSigner("test-key", SIGNER_KEYS.getPrivate());
    /** The public key of {@link #SIGNER}. */
    static final java.security.PublicKey SIGNER_PUBLIC = SIGNER_KEYS.getPublic();

    private static java.security.KeyPair newKeys() {
        try {
            return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        }
    }

    private Fixtures() {}

    /** A per-cut request with the usual failedAt history. */
    static PlanRequest request(Phase failedAt, Mode mode) {
        return request(RunHistory.failedAt(failedAt), mode, PlanRequest.DEFAULT_SOFT_REVERT_STATUS);
    }

    static PlanRequest request(RunHistory history, Mode mode, String softRevertStatus) {
        return new PlanRequest(RUN, CS, history, mode, softRevertStatus, REVERT_RUN);
    }

    static CompensationPlan plan(Phase failedAt, Mode mode, CutEvidence evidence) {
        return CompensationPlanner.plan(request(failedAt, mode), evidence);
    }

    /** The plan of the README: write_verify failed, 300 draft units with 2 versions each, soft. */
    static CompensationPlan writeVerifyPlan() {
        return plan(Phase.WRITE_VERIFY, Mode.SOFT_REVERT, afterLegB(300, 2).build());
    }

    static Authority.RecordedDecision approving(CompensationPlan plan) {
        return Authority.decision(
                "sovereign@example.org", "DEC-7", "reviewed at command review", plan.fingerprint(), DECIDED_AT);
    }

    static Authority.RecordedDecision approving(Fingerprint fingerprint) {
        return Authority.decision(
                "sovereign@example.org", "DEC-7", "reviewed at command review", fingerprint, DECIDED_AT);
    }

    /** A fingerprint no real plan has. */
    static Fingerprint otherFingerprint() {
        return Fingerprint.of("0".repeat(64));
    }

    /** Evidence of the change set before any phase wrote (or after leg A rolled back). */
    static Evidence empty() {
        return new Evidence();
    }

    /** Evidence as leg A left it: {@code units} draft units with {@code versionsPerUnit} draft versions each. */
    static Evidence afterLegA(long units, long versionsPerUnit) {
        return new Evidence()
                .units("draft", units)
                .versions("draft", units * versionsPerUnit)
                .ledger(LogicalTable.CUT_CHANGE_SET, 1)
                .ledger(LogicalTable.CUT_CHANGE_SET_AFFECTED_ROW, units);
    }

    /** Evidence as leg B left it (leg A + manifest envelope + signature). */
    static Evidence afterLegB(long units, long versionsPerUnit) {
        return afterLegA(units, versionsPerUnit)
                .ledger(LogicalTable.MANIFEST_ENVELOPE, 1)
                .ledger(LogicalTable.DOT_PAIR_SIGNATURE, 1)
                .ledger(LogicalTable.REVIEW_DECISION, 1);
    }

    /** Evidence as write_verify left it (leg B + verify result). */
    static Evidence afterWriteVerify(long units, long versionsPerUnit) {
        return afterLegB(units, versionsPerUnit).ledger(LogicalTable.VERIFY_RESULT, 1);
    }

    /** The evidence the usual report of a failure at {@code phase} goes with. */
    static Evidence committedBefore(Phase failed, long units, long versionsPerUnit) {
        return switch (failed) {
            case PRE_WRITE_BACKUP, CUT_LEG_A -> empty();
            case LEG_B_RECORD -> afterLegA(units, versionsPerUnit);
            case WRITE_VERIFY -> afterLegB(units, versionsPerUnit);
            case LIFECYCLE_ENACT -> afterWriteVerify(units, versionsPerUnit);
        };
    }

    static SeedDelta constitutionSeed() {
        SortedMap<String, String> parent = new TreeMap<>();
        parent.put("source_document_ref", "incomex-constitution");
        parent.put("address_docprefix", "ICX-CONST");
        parent.put("registered_by", "constitution-source-seed");
        SortedMap<String, String> child = new TreeMap<>();
        child.put("source_document_ref", "incomex-constitution");
        child.put("content_checksum", "17660443e0f23e994e1807cf8e22920951a9e70c598956dbd0e752f4f5cae80c");
        child.put("document_version_id", "icxconst-008a06ace23a96ea6cd456146e805c97");
        child.put("registered_by", "constitution-source-seed");
        return new SeedDelta(parent, child);
    }

    /** Seed evidence: RB-P1..RB-P3 hold (exactly the delta, no references). */
    static SeedEvidence seedClean() {
        return new SeedEvidence(1, 1, 0, Map.of(), java.util.Optional.of("active"), java.util.Optional.of("cut"));
    }

    /** Seed evidence with downstream references (RB-P2 fails). */
    static SeedEvidence seedReferenced() {
        return new SeedEvidence(
                1,
                1,
                0,
                Map.of("public.iu_provenance", 3L, "cutter_governance.manifest_envelope", 0L),
                java.util.Optional.of("active"),
                java.util.Optional.of("cut"));
    }

    /** A mutable test builder of {@link CutEvidence}; starts empty with the intact schema. */
    static final class Evidence {
        private final Map<String, Long> units = new HashMap<>();
        private final Map<String, Long> versions = new HashMap<>();
        private final Map<LogicalTable, Long> ledger = new EnumMap<>(LogicalTable.class);
        private long log;
        private long revertDecisions;
        private boolean backup = true;
        private final Map<String, Boolean> triggers =
                new HashMap<>(SchemaFacts.intact().triggersEnabled());
        private final Set<String> functions = new HashSet<>(SchemaFacts.intact().functionsPresent());
        private final Set<String> statuses = new HashSet<>(SchemaFacts.intact().allowedUnitStatuses());
        private final List<String> blockers = new ArrayList<>();
        private PhaseOwnership ownership = PhaseOwnership.defaults();

        Evidence units(String status, long count) {
            units.put(status, count);
            return this;
        }

        Evidence versions(String status, long count) {
            versions.put(status, count);
            return this;
        }

        Evidence log(long count) {
            log = count;
            return this;
        }

        Evidence ledger(LogicalTable table, long count) {
            ledger.put(table, count);
            return this;
        }

        Evidence revertDecisions(long count) {
            revertDecisions = count;
            ledger.merge(LogicalTable.REVIEW_DECISION, count, Long::sum);
            return this;
        }

        Evidence backup(boolean present) {
            backup = present;
            return this;
        }

        Evidence trigger(String name, Boolean enabled) {
            if (enabled == null) {
                triggers.remove(name);
            } else {
                triggers.put(name, enabled);
            }
            return this;
        }

        Evidence withoutFunction(String name) {
            functions.remove(name);
            return this;
        }

        Evidence statuses(String... allowed) {
            statuses.clear();
            statuses.addAll(List.of(allowed));
            return this;
        }

        Evidence ownership(PhaseOwnership declared) {
            ownership = declared;
            return this;
        }

        Evidence blocker(String reason) {
            blockers.add(reason);
            return this;
        }

        /** Moves every draft unit and version to {@code status}, as a soft revert leaves them. */
        Evidence softReverted(String status) {
            move(units, status);
            move(versions, status);
            return this;
        }

        /** Removes every unit, version and log row, as a hard delete leaves them. */
        Evidence hardDeleted() {
            units.clear();
            versions.clear();
            log = 0;
            return this;
        }

        private static void move(Map<String, Long> counts, String status) {
            Long draft = counts.remove("draft");
            if (draft != null) {
                counts.merge(status, draft, Long::sum);
            }
        }

        CutEvidence build() {
            return new CutEvidence(
                    CS,
                    ledger.getOrDefault(LogicalTable.CUT_CHANGE_SET, 0L) > 0,
                    units,
                    versions,
                    log,
                    ledger,
                    revertDecisions,
                    backup,
                    new SchemaFacts(triggers, functions, statuses, blockers, ownership));
        }
    }
}
