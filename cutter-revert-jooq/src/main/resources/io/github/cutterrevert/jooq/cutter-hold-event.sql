-- cutter-revert: the HOLD shared by every host (io.github.cutterrevert.jooq.DatabaseHold).
-- Run once in the database the orchestrator writes to, as the owner of the governance schema.
-- Append-only: a HOLD is placed and released by appending events, never by UPDATE or DELETE;
-- the current HOLD is the latest event when it is 'placed'. Rename the schema or table with
-- SchemaBinding.builder().holdTable(schema, name); keep the columns.
CREATE TABLE cutter_governance.cutter_hold_event (
  id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event  text        NOT NULL CONSTRAINT cutter_hold_event_event_check CHECK (event IN ('placed', 'released')),
  run_id text        NOT NULL,
  reason text        NOT NULL,
  actor  text        NOT NULL,
  at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE FUNCTION cutter_governance.fn_cutter_hold_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'cutter_governance.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'CR002';
END
$fn$;

CREATE TRIGGER trg_cutter_hold_event_append_only BEFORE UPDATE OR DELETE ON cutter_governance.cutter_hold_event
  FOR EACH ROW EXECUTE FUNCTION cutter_governance.fn_cutter_hold_event_append_only();
CREATE TRIGGER trg_cutter_hold_event_no_truncate BEFORE TRUNCATE ON cutter_governance.cutter_hold_event
  FOR EACH STATEMENT EXECUTE FUNCTION cutter_governance.fn_cutter_hold_event_append_only();

-- The role the orchestrator (and the operator's command line) executes as: read and append only.
GRANT SELECT, INSERT ON cutter_governance.cutter_hold_event TO cutter_exec;
