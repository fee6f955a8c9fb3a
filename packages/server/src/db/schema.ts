import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Row types of the tables created by the migrations; Kysely checks every query against them. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;
type Versioned = Generated<number>;

export interface InstitutionSettingsTable {
  version: number;
  settings: Json<Record<string, unknown>>;
  changed_by: string | null;
  reason: string;
  changed_at: Timestamp;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  version: Versioned;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface PatientsTable {
  id: string;
  name: string;
  name_latin: string | null;
  birth_date: ColumnType<string, string, string>;
  sex: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Versioned;
}

export interface PatientIdentifiersTable {
  patient_id: string;
  system: string;
  value: string;
  kind: string;
}

export interface CareTeamTable {
  patient_id: string;
  user_id: string;
  added_at: Timestamp;
}

export interface EpisodesTable {
  id: string;
  patient_id: string;
  kind: string;
  status: string;
  disease: string;
  details: Json<Record<string, unknown>>;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  version: Versioned;
}

export interface ObservationsTable {
  id: string;
  patient_id: string;
  episode_id: string | null;
  code: string;
  loinc: string | null;
  value_number: number | null;
  unit: string | null;
  value_code: string | null;
  entered: Json;
  effective_at: Timestamp;
  recorded_at: Timestamp;
  recorded_by: string | null;
  source: string;
  external_system: string | null;
  external_id: string | null;
  status: Generated<string>;
  version: Versioned;
  reference_low: number | null;
  reference_high: number | null;
  entered_reference_range: Json | null;
}

export interface MedicationAdministrationsTable {
  id: string;
  patient_id: string;
  episode_id: string | null;
  drug: string;
  dose_value: number | null;
  dose_unit: string | null;
  route: string | null;
  administered_at: Timestamp;
  recorded_at: Timestamp;
  recorded_by: string | null;
  source: string;
  external_system: string | null;
  external_id: string | null;
  status: Generated<string>;
  version: Versioned;
}

export interface AssessmentsTable {
  id: string;
  patient_id: string;
  episode_id: string | null;
  instrument: string;
  input: Json;
  result: Json;
  ruleset_version: string;
  settings_version: number;
  assessed_at: Timestamp;
  created_by: string | null;
  trigger: string;
}

export interface SignaturesTable {
  id: string;
  user_id: string;
  signer_name: string;
  signer_role: string;
  meaning: string;
  record_type: string;
  record_id: string;
  record_hash: string;
  signed_at: Timestamp;
}

export interface JourneyStepsTable {
  episode_id: string;
  step: string;
  position: number;
  status: string;
  owner_role: string;
  gate: string | null;
  gate_result: Json | null;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  completed_by: string | null;
  override_reason: string | null;
  signature_id: string | null;
  version: Versioned;
}

export interface JourneyAnchorsTable {
  episode_id: string;
  anchor: string;
  at: Timestamp;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface TasksTable {
  id: string;
  patient_id: string;
  episode_id: string;
  step: string;
  code: string;
  role: string;
  rule: string | null;
  due_at: Timestamp | null;
  status: string;
  created_at: Timestamp;
  completed_at: Timestamp | null;
  completed_by: string | null;
  version: Versioned;
}

export interface AlertsTable {
  id: string;
  patient_id: string;
  episode_id: string | null;
  kind: string;
  key: string;
  severity: string;
  status: string;
  detail: Json<Record<string, unknown>>;
  assessment_id: string | null;
  raised_at: Timestamp;
  due_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  escalated_at: Timestamp | null;
  resolved_at: Timestamp | null;
  version: Versioned;
}

export interface DocumentsTable {
  id: string;
  patient_id: string;
  episode_id: string | null;
  kind: string;
  title: string;
  content_type: string;
  content: Buffer;
  content_hash: string;
  created_at: Timestamp;
  created_by: string | null;
  signature_id: string | null;
  version: Versioned;
}

export interface ProductsTable {
  id: string;
  patient_id: string;
  episode_id: string;
  product_code: string;
  status: string;
  details: Json<Record<string, unknown>>;
  created_at: Timestamp;
  version: Versioned;
}

export interface CustodyChainsTable {
  id: string;
  patient_id: string;
  episode_id: string;
  coi: string;
  coi_scheme: string;
  coi_check_character: string;
  din: string | null;
  din_check_character: string | null;
  pathway: string;
  manufacturer_identifiers: Json<{ system: string; value: string }[]>;
  state: Json<Record<string, unknown>>;
  accepted_events: Generated<number>;
  product_id: string | null;
  clock_check_at: Timestamp | null;
  created_at: Timestamp;
  created_by: string | null;
  version: Versioned;
}

export interface CustodyEventsTable {
  id: string;
  chain_id: string;
  patient_id: string;
  type: string;
  outcome: string;
  position: number | null;
  event: Json<Record<string, unknown>>;
  reasons: ColumnType<unknown[], string | undefined, string>;
  context: Json<Record<string, unknown>>;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
  location_id: string;
  location_kind: string;
  cabinet_id: string | null;
  scanned: Json<unknown[]>;
  temperatures: Json<unknown[]>;
  performed_by: string;
  verified_by: string | null;
  performer_signature_id: string | null;
  verifier_signature_id: string | null;
  record_hash: string;
}

export interface CustodyItemsTable {
  id: string;
  chain_id: string;
  kind: string;
  value: string;
  aliases: Json<{ system: string; value: string }[]>;
  event_id: string;
  created_at: Timestamp;
}

export interface CustodyLinksTable {
  from_item: string;
  to_item: string;
  event_id: string;
}

export interface CustodyCabinetEventsTable {
  id: string;
  chain_id: string;
  patient_id: string;
  type: string;
  cabinet_id: string;
  material_id: string;
  outcome: string;
  reasons: ColumnType<unknown[], string | undefined, string>;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
  performed_by: string;
}

export interface CustodyCabinetSessionsTable {
  id: string;
  cabinet_id: string;
  patient_id: string;
  opened_at: Timestamp;
  closed_at: Timestamp | null;
}

export interface CustodyCabinetMaterialsTable {
  id: string;
  session_id: string;
  chain_id: string;
  patient_id: string;
  material_id: string;
  opened_at: Timestamp;
  opened_by: string;
  open_event_id: string;
  closed_at: Timestamp | null;
  closed_by: string | null;
  close_event_id: string | null;
}

export interface CustodyDeviationsTable {
  id: string;
  chain_id: string;
  patient_id: string;
  custody_event_id: string | null;
  cabinet_event_id: string | null;
  code: string;
  hard_stop: boolean;
  status: string;
  record: Json<Record<string, unknown>>;
  opened_at: Timestamp;
  signature_id: string | null;
  version: Versioned;
}

export interface AuditLogTable {
  seq: ColumnType<string, string, never>;
  id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  patient_id: string | null;
  before: Json | null;
  after: Json | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

export interface JobsTable {
  id: string;
  kind: string;
  key: string;
  run_at: Timestamp;
  payload: Json<Record<string, unknown>>;
  attempts: Generated<number>;
  done_at: Timestamp | null;
  last_error: string | null;
}

export interface Database {
  institution_settings: InstitutionSettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  patients: PatientsTable;
  patient_identifiers: PatientIdentifiersTable;
  care_team: CareTeamTable;
  episodes: EpisodesTable;
  observations: ObservationsTable;
  medication_administrations: MedicationAdministrationsTable;
  assessments: AssessmentsTable;
  signatures: SignaturesTable;
  journey_steps: JourneyStepsTable;
  journey_anchors: JourneyAnchorsTable;
  tasks: TasksTable;
  alerts: AlertsTable;
  documents: DocumentsTable;
  products: ProductsTable;
  custody_chains: CustodyChainsTable;
  custody_events: CustodyEventsTable;
  custody_items: CustodyItemsTable;
  custody_links: CustodyLinksTable;
  custody_cabinet_events: CustodyCabinetEventsTable;
  custody_cabinet_sessions: CustodyCabinetSessionsTable;
  custody_cabinet_materials: CustodyCabinetMaterialsTable;
  custody_deviations: CustodyDeviationsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
