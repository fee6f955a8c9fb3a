import { sql, type Kysely } from 'kysely';

/**
 * The first schema. Patient data, the journey, alerts and the audit trail live in one
 * PostgreSQL database; every table that holds clinical data carries the patient id so that
 * access can be checked per record, and a `version` for optimistic concurrency (FHIR ETag).
 * The audit trail is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE for every
 * role, and the application role is granted only SELECT and INSERT on it. Its `seq` is
 * given by the writer under a lock (not a sequence, which leaves gaps on rollback), so that a
 * gap means a deleted record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE institution_settings (
      version integer PRIMARY KEY,
      settings jsonb NOT NULL,
      changed_by uuid,
      reason text NOT NULL,
      changed_at timestamptz NOT NULL
    );

    CREATE TABLE users (
      id uuid PRIMARY KEY,
      username text NOT NULL UNIQUE,
      display_name text NOT NULL,
      role text NOT NULL,
      password_hash text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 1
    );

    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
    CREATE INDEX sessions_user ON sessions(user_id);

    CREATE TABLE patients (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      name_latin text,
      birth_date date NOT NULL,
      sex text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 1
    );

    CREATE TABLE patient_identifiers (
      patient_id uuid NOT NULL REFERENCES patients(id),
      system text NOT NULL,
      value text NOT NULL,
      kind text NOT NULL,
      PRIMARY KEY (system, value)
    );
    CREATE INDEX patient_identifiers_patient ON patient_identifiers(patient_id);

    -- Who may open a patient's record: the care team. Everything patient-scoped is checked against it.
    CREATE TABLE care_team (
      patient_id uuid NOT NULL REFERENCES patients(id),
      user_id uuid NOT NULL REFERENCES users(id),
      added_at timestamptz NOT NULL,
      PRIMARY KEY (patient_id, user_id)
    );
    CREATE INDEX care_team_user ON care_team(user_id);

    CREATE TABLE episodes (
      id uuid PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES patients(id),
      kind text NOT NULL,
      status text NOT NULL,
      disease text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      version integer NOT NULL DEFAULT 1
    );
    CREATE INDEX episodes_patient ON episodes(patient_id);

    CREATE TABLE observations (
      id uuid PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES patients(id),
      episode_id uuid REFERENCES episodes(id),
      code text NOT NULL,
      loinc text,
      value_number double precision,
      unit text,
      value_code text,
      entered jsonb NOT NULL,
      effective_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      recorded_by uuid REFERENCES users(id),
      source text NOT NULL,
      external_system text,
      external_id text,
      status text NOT NULL DEFAULT 'final',
      version integer NOT NULL DEFAULT 1
    );
    CREATE INDEX observations_patient_time ON observations(patient_id, effective_at);
    CREATE INDEX observations_patient_code_time ON observations(patient_id, code, effective_at);
    CREATE UNIQUE INDEX observations_external ON observations(external_system, external_id) WHERE external_id IS NOT NULL;

    CREATE TABLE medication_administrations (
      id uuid PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES patients(id),
      episode_id uuid REFERENCES episodes(id),
      drug text NOT NULL,
      dose_value double precision,
      dose_unit text,
      route text,
      administered_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      recorded_by uuid REFERENCES users(id),
      source text NOT NULL,
      external_system text,
      external_id text,
      status text NOT NULL DEFAULT 'completed',
      version integer NOT NULL DEFAULT 1
    );
    CREATE INDEX medication_administrations_patient ON medication_administrations(patient_id, drug, administered_at);
    CREATE UNIQUE INDEX medication_administrations_external ON medication_administrations(external_system, external_id) WHERE external_id IS NOT NULL;

    CREATE TABLE assessments (
      id uuid PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES patients(id),
      episode_id uuid REFERENCES episodes(id),
      instrument text NOT NULL,
      input jsonb NOT NULL,
      result jsonb NOT NULL,
      ruleset_version text NOT NULL,
      settings_version integer NOT NULL REFERENCES institution_settings(version),
      assessed_at timestamptz NOT NULL,
      created_by uuid REFERENCES users(id),
      trigger text NOT NULL
    );
    CREATE INDEX assessments_patient ON assessments(patient_id, instrument, assessed_at);

    CREATE TABLE signatures (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      signer_name text NOT NULL,
      signer_role text NOT NULL,
      meaning text NOT NULL,
      record_type text NOT NULL,
      record_id text NOT NULL,
      record_hash text NOT NULL,
      signed_at timestamptz NOT NULL
    );
    CREATE INDEX signatures_record ON signatures(record_type, record_id);

    CREATE TABLE journey_steps (
      episode_id uuid NOT NULL REFERENCES episodes(id),
      step text NOT NULL,
      position integer NOT NULL,
      status text NOT NULL,
      owner_role text NOT NULL,
      gate text,
      gate_result jsonb,
      started_at timestamptz,
      completed_at timestamptz,
      completed_by uuid REFERENCES users(id),
      override_reason text,
      signature_id uuid REFERENCES signatures(id),
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (episode_id, step)
    );

    -- The instants deadlines are counted from (collection end, LDC end, thaw start...).
    CREATE TABLE journey_anchors (
      episode_id uuid NOT NULL REFERENCES episodes(id),
      anchor text NOT NULL,
      at timestamptz NOT NULL,
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (episode_id, anchor)
    );

    CREATE TABLE tasks (
      id uuid PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES patients(id),
      episode_id uuid NOT NULL REFERENCES episodes(id),
      step text NOT NULL,
      code text NOT NULL,
      role text NOT NULL,
      rule text,
      due_at timestamptz,
      status text NOT NULL,
      created_at timestamptz NOT NULL,
      completed_at timestamptz,
      completed_by uuid REFERENCES users(id),
      version integer NOT NULL DEFAULT 1,
      UNIQUE (episode_id, step, code)
    );
    CREATE INDEX tasks_due ON tasks(status, due_at);

    CREATE TABLE alerts (
      id uuid PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES patients(id),
      episode_id uuid REFERENCES episodes(id),
      kind text NOT NULL,
      key text NOT NULL,
      severity text NOT NULL,
      status text NOT NULL,
      detail jsonb NOT NULL,
      assessment_id uuid REFERENCES assessments(id),
      raised_at timestamptz NOT NULL,
      due_at timestamptz,
      acknowledged_at timestamptz,
      acknowledged_by uuid REFERENCES users(id),
      escalated_at timestamptz,
      resolved_at timestamptz,
      version integer NOT NULL DEFAULT 1
    );
    -- One live alert per patient and condition: re-evaluation updates it instead of adding another.
    CREATE UNIQUE INDEX alerts_live ON alerts(patient_id, kind, key) WHERE status <> 'resolved';
    CREATE INDEX alerts_open ON alerts(status, severity, raised_at);

    CREATE TABLE documents (
      id uuid PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES patients(id),
      episode_id uuid REFERENCES episodes(id),
      kind text NOT NULL,
      title text NOT NULL,
      content_type text NOT NULL,
      content bytea NOT NULL,
      content_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES users(id),
      signature_id uuid REFERENCES signatures(id),
      version integer NOT NULL DEFAULT 1
    );
    CREATE INDEX documents_patient ON documents(patient_id);

    CREATE TABLE products (
      id uuid PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES patients(id),
      episode_id uuid NOT NULL REFERENCES episodes(id),
      product_code text NOT NULL,
      status text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 1
    );
    CREATE INDEX products_patient ON products(patient_id);

    CREATE TABLE audit_log (
      seq bigint PRIMARY KEY CHECK (seq > 0),
      id uuid NOT NULL UNIQUE,
      at timestamptz NOT NULL,
      actor_id uuid,
      actor_name text NOT NULL,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      patient_id uuid,
      before jsonb,
      after jsonb,
      reason text,
      prev_hash text NOT NULL,
      hash text NOT NULL
    );
    CREATE INDEX audit_log_patient ON audit_log(patient_id, seq);
    CREATE INDEX audit_log_entity ON audit_log(entity_type, entity_id, seq);

    CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

    -- Work that must happen at a time (alert escalation, deadline checks), claimed with SKIP LOCKED
    -- so that several server processes share it without in-memory state.
    CREATE TABLE jobs (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      key text NOT NULL,
      run_at timestamptz NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      attempts integer NOT NULL DEFAULT 0,
      done_at timestamptz,
      last_error text,
      UNIQUE (kind, key)
    );
    CREATE INDEX jobs_due ON jobs(run_at) WHERE done_at IS NULL;
  `.execute(db);
}
