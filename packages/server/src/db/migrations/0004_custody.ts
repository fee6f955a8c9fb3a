import { sql, type Kysely } from 'kysely';
import { APPLICATION_ROLE } from '../role.js';

/**
 * Chain of identity and custody (issue 6). One chain per CAR-T course; its custody events are
 * kept as the core accepted (or refused) them, and the course's state is rebuilt from the
 * accepted ones. Identifiers of material (DIN, bags, shipments, product) are unique across
 * courses, events and links are append-only for the application role, a closed deviation carries
 * its signature, and a biosafety cabinet holds one patient's material at a time: each of these
 * is a constraint here as well as a check in the core, so that no defect above can break it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- ISBT 128 and local sequence numbers are 6 digits (ST-001 §2.4.1); the year in the identifier keeps them unique.
    CREATE SEQUENCE custody_coi_sequence MINVALUE 1 MAXVALUE 999999 NO CYCLE;
    CREATE SEQUENCE custody_din_sequence MINVALUE 1 MAXVALUE 999999 NO CYCLE;

    CREATE TABLE custody_chains (
      id uuid PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES patients(id),
      episode_id uuid NOT NULL UNIQUE REFERENCES episodes(id),
      coi text NOT NULL UNIQUE,
      coi_scheme text NOT NULL CHECK (coi_scheme IN ('isbt128', 'local')),
      coi_check_character text NOT NULL,
      din text UNIQUE,
      din_check_character text,
      pathway text NOT NULL CHECK (pathway IN ('cryopreserve-on-site', 'fresh-to-manufacturer')),
      manufacturer_identifiers jsonb NOT NULL DEFAULT '[]'::jsonb,
      state jsonb NOT NULL,
      accepted_events integer NOT NULL DEFAULT 0 CHECK (accepted_events >= 0),
      product_id uuid REFERENCES products(id),
      clock_check_at timestamptz,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES users(id),
      version integer NOT NULL DEFAULT 1,
      UNIQUE (id, patient_id),
      CHECK ((din IS NULL) = (din_check_character IS NULL))
    );
    CREATE INDEX custody_chains_patient ON custody_chains(patient_id);
    CREATE INDEX custody_chains_clock ON custody_chains(clock_check_at) WHERE clock_check_at IS NOT NULL;

    CREATE TABLE custody_events (
      id uuid PRIMARY KEY,
      chain_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      type text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('accepted', 'refused')),
      position integer,
      event jsonb NOT NULL,
      reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
      context jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      location_id text NOT NULL,
      location_kind text NOT NULL,
      cabinet_id text,
      scanned jsonb NOT NULL,
      temperatures jsonb NOT NULL,
      performed_by uuid NOT NULL REFERENCES users(id),
      verified_by uuid REFERENCES users(id),
      performer_signature_id uuid REFERENCES signatures(id),
      verifier_signature_id uuid REFERENCES signatures(id),
      record_hash text NOT NULL,
      FOREIGN KEY (chain_id, patient_id) REFERENCES custody_chains(id, patient_id),
      UNIQUE (chain_id, position),
      CHECK ((outcome = 'accepted') = (position IS NOT NULL)),
      -- An accepted step never has the same person twice.
      CHECK (outcome <> 'accepted' OR verified_by IS NULL OR verified_by <> performed_by),
      -- The core's two-person steps (TWO_PERSON_STEPS): accepted only with two people who both signed.
      CHECK (
        outcome <> 'accepted'
        OR type NOT IN ('collection', 'receipt', 'bedside-match')
        OR (verified_by IS NOT NULL AND performer_signature_id IS NOT NULL AND verifier_signature_id IS NOT NULL)
      )
    );
    CREATE INDEX custody_events_chain ON custody_events(chain_id, recorded_at);

    -- The lineage graph of the accepted events: patient, COI, DIN, bags, shipment, product, infusion.
    CREATE TABLE custody_items (
      id uuid PRIMARY KEY,
      chain_id uuid NOT NULL REFERENCES custody_chains(id),
      kind text NOT NULL CHECK (kind IN ('patient', 'coi', 'din', 'collection-bag', 'shipment', 'product', 'product-bag', 'infusion')),
      value text NOT NULL,
      aliases jsonb NOT NULL DEFAULT '[]'::jsonb,
      event_id uuid NOT NULL REFERENCES custody_events(id),
      created_at timestamptz NOT NULL,
      UNIQUE (chain_id, kind, value)
    );
    -- Material belongs to one course: its identifiers are unique across courses (a patient may have several).
    CREATE UNIQUE INDEX custody_items_identifier ON custody_items(kind, value) WHERE kind <> 'patient';
    CREATE INDEX custody_items_value ON custody_items(value);

    CREATE TABLE custody_links (
      from_item uuid NOT NULL REFERENCES custody_items(id),
      to_item uuid NOT NULL REFERENCES custody_items(id),
      event_id uuid NOT NULL REFERENCES custody_events(id),
      PRIMARY KEY (from_item, to_item)
    );
    CREATE INDEX custody_links_to ON custody_links(to_item);

    CREATE TABLE custody_cabinet_events (
      id uuid PRIMARY KEY,
      chain_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      type text NOT NULL CHECK (type IN ('open', 'close')),
      cabinet_id text NOT NULL,
      material_id text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('accepted', 'refused')),
      reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      performed_by uuid NOT NULL REFERENCES users(id),
      FOREIGN KEY (chain_id, patient_id) REFERENCES custody_chains(id, patient_id)
    );
    CREATE INDEX custody_cabinet_events_chain ON custody_cabinet_events(chain_id, recorded_at);

    CREATE TABLE custody_cabinet_sessions (
      id uuid PRIMARY KEY,
      cabinet_id text NOT NULL,
      patient_id uuid NOT NULL REFERENCES patients(id),
      opened_at timestamptz NOT NULL,
      closed_at timestamptz,
      UNIQUE (id, patient_id)
    );
    -- One patient's material at a time in a biosafety cabinet (handbook §1.4 item 10): at most one open session per cabinet.
    CREATE UNIQUE INDEX custody_cabinet_sessions_open ON custody_cabinet_sessions(cabinet_id) WHERE closed_at IS NULL;

    -- Material open in a session belongs to the session's patient (both composite keys carry it).
    CREATE TABLE custody_cabinet_materials (
      id uuid PRIMARY KEY,
      session_id uuid NOT NULL,
      chain_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      material_id text NOT NULL,
      opened_at timestamptz NOT NULL,
      opened_by uuid NOT NULL REFERENCES users(id),
      open_event_id uuid NOT NULL REFERENCES custody_cabinet_events(id),
      closed_at timestamptz,
      closed_by uuid REFERENCES users(id),
      close_event_id uuid REFERENCES custody_cabinet_events(id),
      FOREIGN KEY (session_id, patient_id) REFERENCES custody_cabinet_sessions(id, patient_id),
      FOREIGN KEY (chain_id, patient_id) REFERENCES custody_chains(id, patient_id),
      CHECK ((closed_at IS NULL) = (close_event_id IS NULL))
    );
    CREATE UNIQUE INDEX custody_cabinet_materials_open ON custody_cabinet_materials(session_id, material_id) WHERE closed_at IS NULL;

    CREATE TABLE custody_deviations (
      id uuid PRIMARY KEY,
      chain_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      custody_event_id uuid REFERENCES custody_events(id),
      cabinet_event_id uuid REFERENCES custody_cabinet_events(id),
      code text NOT NULL,
      hard_stop boolean NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'investigated', 'closed')),
      record jsonb NOT NULL,
      opened_at timestamptz NOT NULL,
      signature_id uuid REFERENCES signatures(id),
      version integer NOT NULL DEFAULT 1,
      FOREIGN KEY (chain_id, patient_id) REFERENCES custody_chains(id, patient_id),
      CHECK (num_nonnulls(custody_event_id, cabinet_event_id) = 1),
      -- Closed only with the electronic signature of the person who signed it off.
      CHECK (status <> 'closed' OR signature_id IS NOT NULL)
    );
    CREATE INDEX custody_deviations_chain ON custody_deviations(chain_id, opened_at);
  `.execute(db);

  const role = sql.id(APPLICATION_ROLE);
  await sql`GRANT SELECT, INSERT, UPDATE ON custody_chains, custody_items, custody_cabinet_sessions, custody_cabinet_materials, custody_deviations TO ${role}`.execute(db);
  // What was done and what it led to is written once: the application may not rewrite it.
  await sql`GRANT SELECT, INSERT ON custody_events, custody_links, custody_cabinet_events TO ${role}`.execute(db);
  await sql`GRANT USAGE, SELECT ON SEQUENCE custody_coi_sequence, custody_din_sequence TO ${role}`.execute(db);
}
