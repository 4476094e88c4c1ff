-- cutter-revert renamed reference schema, version 1.
-- The same tables, triggers and functions as reference-schema-v1.sql, written independently with
-- every name changed: schemas, tables, columns (the change-set column differs per ledger table),
-- status values, triggers and functions. Its orchestrator writes the envelope (manifest_envelope)
-- in cut_leg_a, not in leg_b_record, and the revision status column has no CHECK constraint.
-- Bound by io.github.cutterrevert.testkit.SchemaVariant.RENAMED.binding().
-- Never edit a released version in place: add renamed-schema-v2.sql instead.

DO $roles$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cutter_exec') THEN
    CREATE ROLE cutter_exec LOGIN PASSWORD 'cutter_exec';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'query_pg') THEN
    CREATE ROLE query_pg LOGIN PASSWORD 'query_pg';
  END IF;
END
$roles$;

-- ---------------------------------------------------------------------------------------
-- kern: the mutation surface (information_unit, unit_version, iu_lifecycle_log)
CREATE SCHEMA kern;

CREATE TABLE kern.content_item (
  item_pk     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  address     text        NOT NULL CONSTRAINT content_item_address_key UNIQUE,
  phase_state text        NOT NULL DEFAULT 'pending'
              CONSTRAINT content_item_phase_state_check
              CHECK (phase_state IN ('pending', 'in_force', 'superseded', 'withdrawn')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- No CHECK on rev_state: the binding declares its allowed values.
CREATE TABLE kern.item_revision (
  rev_pk    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_fk   bigint  NOT NULL CONSTRAINT item_revision_item_fk REFERENCES kern.content_item (item_pk),
  rev_no    integer NOT NULL,
  body      text    NOT NULL,
  rev_state text    NOT NULL DEFAULT 'pending',
  CONSTRAINT item_revision_item_rev_no_key UNIQUE (item_fk, rev_no)
);
CREATE INDEX item_revision_item_fk_idx ON kern.item_revision (item_fk);

CREATE TABLE kern.item_journal (
  journal_pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_fk    bigint      NOT NULL CONSTRAINT item_journal_item_fk REFERENCES kern.content_item (item_pk),
  old_state  text,
  new_state  text        NOT NULL,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX item_journal_item_fk_idx ON kern.item_journal (item_fk);

CREATE FUNCTION kern.freeze_guard() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '% row is in force and immutable', TG_TABLE_NAME USING ERRCODE = 'CR001';
END
$fn$;

CREATE TRIGGER content_item_frozen
  BEFORE UPDATE OR DELETE ON kern.content_item
  FOR EACH ROW WHEN (OLD.phase_state = 'in_force')
  EXECUTE FUNCTION kern.freeze_guard();

CREATE TRIGGER item_revision_frozen
  BEFORE UPDATE OR DELETE ON kern.item_revision
  FOR EACH ROW WHEN (OLD.rev_state = 'in_force')
  EXECUTE FUNCTION kern.freeze_guard();

-- ---------------------------------------------------------------------------------------
-- audit: the append-only ledger and the seed registries
CREATE SCHEMA audit;

CREATE TABLE audit.batch (
  batch_ref  text        PRIMARY KEY,
  job_ref    text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX batch_job_ref_idx ON audit.batch (job_ref);

CREATE TABLE audit.batch_member (
  batch_ref text   NOT NULL CONSTRAINT batch_member_batch_fk REFERENCES audit.batch (batch_ref),
  item_fk   bigint NOT NULL,
  PRIMARY KEY (batch_ref, item_fk)
);
CREATE INDEX batch_member_item_fk_idx ON audit.batch_member (item_fk);

CREATE TABLE audit.doc_source (
  doc_key    text        PRIMARY KEY,
  prefix     text        NOT NULL,
  registrant text        NOT NULL,
  state      text        NOT NULL DEFAULT 'active'
             CONSTRAINT doc_source_state_check CHECK (state IN ('active', 'deprecated'))
);

CREATE TABLE audit.doc_release (
  release_key   text  PRIMARY KEY,
  doc_key       text  NOT NULL CONSTRAINT doc_release_doc_fk REFERENCES audit.doc_source (doc_key),
  checksum      text  NOT NULL,
  registrant    text  NOT NULL,
  release_state text  NOT NULL DEFAULT 'cut'
                CONSTRAINT doc_release_state_check CHECK (release_state IN ('cut', 'pending', 'void')),
  lineage       jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX doc_release_doc_key_idx ON audit.doc_release (doc_key);

-- Written in cut_leg_a by this schema's orchestrator.
CREATE TABLE audit.envelope (
  envelope_pk    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  envelope_batch text  NOT NULL CONSTRAINT envelope_batch_fk REFERENCES audit.batch (batch_ref),
  body           jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX envelope_batch_idx ON audit.envelope (envelope_batch);

CREATE TABLE audit.ruling (
  ruling_pk  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_ref  text        NOT NULL CONSTRAINT ruling_batch_fk REFERENCES audit.batch (batch_ref),
  verdict    text        NOT NULL CONSTRAINT ruling_verdict_check CHECK (verdict IN ('approve', 'reject', 'revoked')),
  ruled_by   text        NOT NULL,
  undo_job   text,
  remark     text,
  signer_key text,
  chain_prev text,
  chain_sig  text,
  ruled_at   timestamptz NOT NULL DEFAULT now(),
  approval_ref text,
  approval_set text
);
CREATE INDEX ruling_batch_ref_idx ON audit.ruling (batch_ref);
CREATE UNIQUE INDEX ruling_chain_prev_key ON audit.ruling (chain_prev) WHERE chain_sig IS NOT NULL;
CREATE UNIQUE INDEX ruling_approval_ref_key ON audit.ruling (approval_ref) WHERE approval_ref IS NOT NULL;

CREATE TABLE audit.check_outcome (
  outcome_pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_ref  text NOT NULL CONSTRAINT check_outcome_batch_fk REFERENCES audit.batch (batch_ref),
  outcome    text NOT NULL DEFAULT 'pass'
);
CREATE INDEX check_outcome_batch_ref_idx ON audit.check_outcome (batch_ref);

CREATE TABLE audit.cosign (
  cosign_pk      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cosigned_batch text NOT NULL CONSTRAINT cosign_batch_fk REFERENCES audit.batch (batch_ref),
  mark           text NOT NULL DEFAULT 'cosigned'
);
CREATE INDEX cosign_cosigned_batch_idx ON audit.cosign (cosigned_batch);

CREATE TABLE kern.item_source (
  source_pk   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_fk     bigint NOT NULL CONSTRAINT item_source_item_fk REFERENCES kern.content_item (item_pk),
  release_key text   NOT NULL CONSTRAINT item_source_release_fk REFERENCES audit.doc_release (release_key)
);
CREATE INDEX item_source_item_fk_idx ON kern.item_source (item_fk);
CREATE INDEX item_source_release_key_idx ON kern.item_source (release_key);

-- The shared HOLD (DatabaseHold), under this schema's name; its columns are fixed by the library.
CREATE TABLE audit.hold_event (
  id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event  text        NOT NULL CONSTRAINT hold_event_event_check CHECK (event IN ('placed', 'released')),
  run_id text        NOT NULL,
  reason text        NOT NULL,
  actor  text        NOT NULL,
  at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE FUNCTION audit.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit.% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'CR002';
END
$fn$;

DO $ledger$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['batch', 'batch_member', 'envelope', 'ruling', 'check_outcome', 'cosign', 'hold_event']
  LOOP
    EXECUTE format('CREATE TRIGGER %s_append_only BEFORE UPDATE OR DELETE ON audit.%I '
                   'FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()', t, t);
    EXECUTE format('CREATE TRIGGER %s_no_truncate BEFORE TRUNCATE ON audit.%I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()', t, t);
  END LOOP;
END
$ledger$;

-- ---------------------------------------------------------------------------------------
-- ops: the orchestrator's functions
CREATE SCHEMA ops;

CREATE FUNCTION ops.make_item(p_batch text, p_address text, p_revisions integer)
RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
  v_id bigint;
BEGIN
  IF p_revisions < 1 THEN
    RAISE EXCEPTION 'make_item: p_revisions must be >= 1 but was %', p_revisions USING ERRCODE = '22023';
  END IF;
  INSERT INTO kern.content_item (address) VALUES (p_address) RETURNING item_pk INTO v_id;
  FOR v_no IN 1 .. p_revisions LOOP
    INSERT INTO kern.item_revision (item_fk, rev_no, body) VALUES (v_id, v_no, p_address || '#r' || v_no);
  END LOOP;
  INSERT INTO audit.batch_member (batch_ref, item_fk) VALUES (p_batch, v_id);
  RETURN v_id;
END
$fn$;

CREATE FUNCTION ops.put_in_force(p_item bigint)
RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE kern.content_item SET phase_state = 'in_force' WHERE item_pk = p_item AND phase_state = 'pending';
  IF NOT FOUND THEN
    RAISE EXCEPTION 'put_in_force: item % is not pending', p_item USING ERRCODE = 'CR003';
  END IF;
  UPDATE kern.item_revision SET rev_state = 'in_force' WHERE item_fk = p_item AND rev_state = 'pending';
  INSERT INTO kern.item_journal (item_fk, old_state, new_state) VALUES (p_item, 'pending', 'in_force');
END
$fn$;

-- ---------------------------------------------------------------------------------------
-- Privileges: the orchestrator's role as in the reference schema
REVOKE ALL ON SCHEMA audit, kern, ops FROM PUBLIC;
GRANT USAGE ON SCHEMA kern, audit, ops TO cutter_exec;
GRANT USAGE ON SCHEMA kern TO query_pg;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA kern TO cutter_exec;
GRANT SELECT ON ALL TABLES IN SCHEMA kern TO query_pg;
GRANT SELECT, INSERT ON audit.batch, audit.batch_member, audit.envelope, audit.ruling, audit.check_outcome,
  audit.cosign, audit.hold_event TO cutter_exec;
GRANT SELECT, INSERT, UPDATE, DELETE ON audit.doc_source, audit.doc_release TO cutter_exec;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA kern, audit TO cutter_exec;
GRANT EXECUTE ON FUNCTION ops.make_item(text, text, integer), ops.put_in_force(bigint) TO cutter_exec;
