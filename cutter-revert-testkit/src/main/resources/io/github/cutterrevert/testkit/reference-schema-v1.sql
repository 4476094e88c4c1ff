-- cutter-revert reference schema, version 1.
-- Faithful to the seed runbooks (000_..., 004_...): the public mutation surface, the
-- cutter_governance append-only ledger, the seed registries, the immutability triggers,
-- fn_iu_create / fn_iu_enact and the two roles (cutter_exec, query_pg).
-- Applied once per server into a template database by the testkit; never edit a released
-- version in place: add reference-schema-v2.sql instead.

-- ---------------------------------------------------------------------------------------
-- Roles are cluster-wide: create them only if missing (a shared external server may have them).
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
-- public: the mutation surface
CREATE TABLE public.information_unit (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  address          text        NOT NULL CONSTRAINT information_unit_address_key UNIQUE,
  lifecycle_status text        NOT NULL DEFAULT 'draft'
                   CONSTRAINT information_unit_lifecycle_status_check
                   CHECK (lifecycle_status IN ('draft', 'enacted', 'superseded', 'withdrawn')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  enacted_at       timestamptz
);

CREATE TABLE public.unit_version (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  information_unit_id bigint  NOT NULL
                      CONSTRAINT fk_uv_information_unit REFERENCES public.information_unit (id),
  version_no          integer NOT NULL,
  body                text    NOT NULL,
  lifecycle_status    text    NOT NULL DEFAULT 'draft'
                      CONSTRAINT unit_version_lifecycle_status_check
                      CHECK (lifecycle_status IN ('draft', 'enacted', 'superseded', 'withdrawn')),
  CONSTRAINT unit_version_unit_version_no_key UNIQUE (information_unit_id, version_no)
);
CREATE INDEX unit_version_information_unit_id_idx ON public.unit_version (information_unit_id);

CREATE TABLE public.iu_lifecycle_log (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  information_unit_id bigint      NOT NULL
                      CONSTRAINT fk_ill_information_unit REFERENCES public.information_unit (id),
  from_status         text,
  to_status           text        NOT NULL,
  changed_at          timestamptz NOT NULL DEFAULT now(),
  note                text
);
CREATE INDEX iu_lifecycle_log_information_unit_id_idx ON public.iu_lifecycle_log (information_unit_id);

-- Enacted rows are immutable (seed 000, section 2/3): refuse UPDATE or DELETE of an enacted row.
CREATE FUNCTION public.fn_enacted_immut() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '% row % is enacted and immutable', TG_TABLE_NAME, OLD.id
    USING ERRCODE = 'CR001';
END
$fn$;

CREATE TRIGGER trg_iu_enacted_immut
  BEFORE UPDATE OR DELETE ON public.information_unit
  FOR EACH ROW WHEN (OLD.lifecycle_status = 'enacted')
  EXECUTE FUNCTION public.fn_enacted_immut();

CREATE TRIGGER trg_uv_enacted_immut
  BEFORE UPDATE OR DELETE ON public.unit_version
  FOR EACH ROW WHEN (OLD.lifecycle_status = 'enacted')
  EXECUTE FUNCTION public.fn_enacted_immut();

-- ---------------------------------------------------------------------------------------
-- cutter_governance: the append-only ledger and the seed registries
CREATE SCHEMA cutter_governance;

CREATE TABLE cutter_governance.cut_change_set (
  change_set_id text        PRIMARY KEY,
  run_id        text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cut_change_set_run_id_idx ON cutter_governance.cut_change_set (run_id);

-- No FK to information_unit: the ledger outlives reverted units.
CREATE TABLE cutter_governance.cut_change_set_affected_row (
  change_set_id       text   NOT NULL
                      CONSTRAINT fk_ccsar_change_set REFERENCES cutter_governance.cut_change_set (change_set_id),
  information_unit_id bigint NOT NULL,
  PRIMARY KEY (change_set_id, information_unit_id)
);
CREATE INDEX cut_change_set_affected_row_unit_idx
  ON cutter_governance.cut_change_set_affected_row (information_unit_id);

CREATE TABLE cutter_governance.source_document_registry (
  source_document_ref text        PRIMARY KEY,
  address_docprefix   text        NOT NULL,
  registered_by       text        NOT NULL,
  lifecycle           text        NOT NULL DEFAULT 'active'
                      CONSTRAINT source_document_registry_lifecycle_check
                      CHECK (lifecycle IN ('active', 'deprecated')),
  registered_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cutter_governance.source_document_version_registry (
  document_version_id text        PRIMARY KEY,
  source_document_ref text        NOT NULL
                      CONSTRAINT fk_sdvr_source_document
                      REFERENCES cutter_governance.source_document_registry (source_document_ref),
  content_checksum    text        NOT NULL,
  registered_by       text        NOT NULL,
  version_status      text        NOT NULL DEFAULT 'cut'
                      CONSTRAINT source_document_version_registry_version_status_check
                      CHECK (version_status IN ('cut', 'pending', 'void')),
  provenance          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  registered_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX source_document_version_registry_ref_idx
  ON cutter_governance.source_document_version_registry (source_document_ref);

CREATE TABLE cutter_governance.manifest_envelope (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  change_set_id       text        NOT NULL
                      CONSTRAINT fk_me_change_set REFERENCES cutter_governance.cut_change_set (change_set_id),
  document_version_id text
                      CONSTRAINT fk_me_document_version
                      REFERENCES cutter_governance.source_document_version_registry (document_version_id),
  manifest            jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX manifest_envelope_change_set_id_idx ON cutter_governance.manifest_envelope (change_set_id);
CREATE INDEX manifest_envelope_document_version_id_idx ON cutter_governance.manifest_envelope (document_version_id);

-- Compensation B appends here; key_id / prev_hash / signature carry the signed decision chain.
CREATE TABLE cutter_governance.review_decision (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  change_set_id text        NOT NULL
                CONSTRAINT fk_rd_change_set REFERENCES cutter_governance.cut_change_set (change_set_id),
  decision      text        NOT NULL
                CONSTRAINT review_decision_decision_check
                CHECK (decision IN ('approved', 'rejected', 'reverted', 'hold_released')),
  decided_by    text        NOT NULL,
  revert_run_id text,
  note          text,
  key_id        text,
  prev_hash     text,
  signature     text,
  decided_at    timestamptz NOT NULL DEFAULT now(),
  -- Signed approvals (cutter-revert-approval/1) that authorised the row, and their decision id.
  approval_decision_id text,
  approvals     text
);
CREATE INDEX review_decision_change_set_id_idx ON cutter_governance.review_decision (change_set_id);
-- The signed decisions form one chain: no two signed decisions may name the same predecessor, so a
-- fork (two compensations appending concurrently) fails at the database even if a writer skipped
-- the library's chain lock.
CREATE UNIQUE INDEX review_decision_prev_hash_key
  ON cutter_governance.review_decision (prev_hash) WHERE signature IS NOT NULL;
-- A decision id of signed approvals authorises one compensation: a replay fails here too (23505).
CREATE UNIQUE INDEX review_decision_approval_decision_id_key
  ON cutter_governance.review_decision (approval_decision_id) WHERE approval_decision_id IS NOT NULL;

CREATE TABLE cutter_governance.verify_result (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  change_set_id text        NOT NULL
                CONSTRAINT fk_vr_change_set REFERENCES cutter_governance.cut_change_set (change_set_id),
  verdict       text        NOT NULL,
  detail        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX verify_result_change_set_id_idx ON cutter_governance.verify_result (change_set_id);

CREATE TABLE cutter_governance.dot_pair_signature (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  change_set_id text        NOT NULL
                CONSTRAINT fk_dps_change_set REFERENCES cutter_governance.cut_change_set (change_set_id),
  signer        text        NOT NULL,
  signature     text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dot_pair_signature_change_set_id_idx ON cutter_governance.dot_pair_signature (change_set_id);

-- Downstream use of a seeded document version by a unit (seed 004, RB-P2).
CREATE TABLE public.iu_provenance (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  information_unit_id bigint NOT NULL
                      CONSTRAINT fk_iup_information_unit REFERENCES public.information_unit (id),
  document_version_id text   NOT NULL
                      CONSTRAINT fk_iup_document_version
                      REFERENCES cutter_governance.source_document_version_registry (document_version_id)
);
CREATE INDEX iu_provenance_information_unit_id_idx ON public.iu_provenance (information_unit_id);
CREATE INDEX iu_provenance_document_version_id_idx ON public.iu_provenance (document_version_id);

-- The HOLD shared by every host (DatabaseHold; the same DDL ships in cutter-revert-jooq as
-- io/github/cutterrevert/jooq/cutter-hold-event.sql): placed / released events, append-only like the
-- ledger; the current HOLD is the latest event when it is 'placed'.
CREATE TABLE cutter_governance.cutter_hold_event (
  id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event  text        NOT NULL CONSTRAINT cutter_hold_event_event_check CHECK (event IN ('placed', 'released')),
  run_id text        NOT NULL,
  reason text        NOT NULL,
  actor  text        NOT NULL,
  at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The ledger is append-only: compensated by appending a new decision, never by UPDATE/DELETE/TRUNCATE.
CREATE FUNCTION cutter_governance.fn_ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'cutter_governance.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'CR002';
END
$fn$;

DO $ledger$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['cut_change_set', 'cut_change_set_affected_row', 'manifest_envelope',
                           'review_decision', 'verify_result', 'dot_pair_signature', 'cutter_hold_event']
  LOOP
    EXECUTE format('CREATE TRIGGER trg_%s_append_only BEFORE UPDATE OR DELETE ON cutter_governance.%I '
                   'FOR EACH ROW EXECUTE FUNCTION cutter_governance.fn_ledger_append_only()', t, t);
    EXECUTE format('CREATE TRIGGER trg_%s_no_truncate BEFORE TRUNCATE ON cutter_governance.%I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION cutter_governance.fn_ledger_append_only()', t, t);
  END LOOP;
END
$ledger$;

-- ---------------------------------------------------------------------------------------
-- The orchestrator's functions
CREATE FUNCTION public.fn_iu_create(p_change_set_id text, p_address text, p_versions integer)
RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
  v_id bigint;
BEGIN
  IF p_versions < 1 THEN
    RAISE EXCEPTION 'fn_iu_create: p_versions must be >= 1 but was %', p_versions USING ERRCODE = '22023';
  END IF;
  INSERT INTO public.information_unit (address) VALUES (p_address) RETURNING id INTO v_id;
  -- Single-row INSERTs in a loop: INSERT ... SELECT FROM generate_series(1, p_versions) cost
  -- ~110 us per call against ~40 us (measured on PostgreSQL 18), which dominated 100,000-unit cuts.
  FOR v_no IN 1 .. p_versions LOOP
    INSERT INTO public.unit_version (information_unit_id, version_no, body)
      VALUES (v_id, v_no, p_address || '#v' || v_no);
  END LOOP;
  INSERT INTO cutter_governance.cut_change_set_affected_row (change_set_id, information_unit_id)
    VALUES (p_change_set_id, v_id);
  RETURN v_id;
END
$fn$;

CREATE FUNCTION public.fn_iu_enact(p_unit_id bigint)
RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE public.information_unit
     SET lifecycle_status = 'enacted', enacted_at = now()
   WHERE id = p_unit_id AND lifecycle_status = 'draft';
  IF NOT FOUND THEN
    RAISE EXCEPTION 'fn_iu_enact: unit % is not a draft unit', p_unit_id USING ERRCODE = 'CR003';
  END IF;
  UPDATE public.unit_version SET lifecycle_status = 'enacted'
   WHERE information_unit_id = p_unit_id AND lifecycle_status = 'draft';
  INSERT INTO public.iu_lifecycle_log (information_unit_id, from_status, to_status, note)
    VALUES (p_unit_id, 'draft', 'enacted', 'fn_iu_enact');
END
$fn$;

-- ---------------------------------------------------------------------------------------
-- Privileges
REVOKE ALL ON SCHEMA cutter_governance FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO cutter_exec, query_pg;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO cutter_exec;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO cutter_exec;
GRANT EXECUTE ON FUNCTION public.fn_iu_create(text, text, integer), public.fn_iu_enact(bigint) TO cutter_exec;

GRANT USAGE ON SCHEMA cutter_governance TO cutter_exec;
GRANT SELECT, INSERT ON cutter_governance.cut_change_set, cutter_governance.cut_change_set_affected_row,
  cutter_governance.manifest_envelope, cutter_governance.review_decision,
  cutter_governance.verify_result, cutter_governance.dot_pair_signature,
  cutter_governance.cutter_hold_event TO cutter_exec;
GRANT SELECT, INSERT, UPDATE, DELETE ON cutter_governance.source_document_registry,
  cutter_governance.source_document_version_registry TO cutter_exec;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA cutter_governance TO cutter_exec;

GRANT SELECT ON ALL TABLES IN SCHEMA public TO query_pg;
