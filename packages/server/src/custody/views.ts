import {
  buildLineage,
  custodyClocks,
  DeviationRecord,
  formatDin,
  message,
  parseCoi,
  veinToVein,
  type CustodyPathway,
  type CustodyState,
  type InstitutionSettings,
  type Lang,
} from '@cartographer/core';
import type * as z from 'zod';
import { localTime } from '../alerts/kinds.js';
import type { Db, Tx } from '../db/connect.js';
import type { Row } from '../db/schema.js';
import type { DeviationRow } from './deviations.js';
import { loadHistory, type ChainRow } from './history.js';
import type { StoredReason } from './refusal.js';
import type { ChainSummary, ChainView, ClockView, DeviationView, EventView, SignatureView } from './schemas.js';

/** Read models of the custody routes, from the stored rows and the core. */

type SignatureRow = Row<'signatures'>;

function signatureView(row: SignatureRow): z.infer<typeof SignatureView> {
  return { id: row.id, meaning: row.meaning, signerName: row.signer_name, signerRole: row.signer_role, signedAt: row.signed_at.toISOString(), recordHash: row.record_hash };
}

export function chainSummary(row: ChainRow): z.infer<typeof ChainSummary> {
  const coi = parseCoi(row.coi);
  if (!coi.ok) throw new Error(`stored COI ${row.coi} does not parse (${coi.refusal.part})`);
  const din = row.din === null ? null : formatDin({ din: row.din });
  return {
    id: row.id,
    patientId: row.patient_id,
    episodeId: row.episode_id,
    coi: { value: coi.value.value, scheme: coi.value.scheme, checkCharacter: coi.value.checkCharacter, eyeReadable: coi.value.eyeReadable, barcodeData: coi.value.barcodeData },
    din: din === null ? null : { value: din.din, checkCharacter: din.checkCharacter, eyeReadable: din.eyeReadable, barcodeData: din.barcodeData },
    pathway: row.pathway as CustodyPathway,
    manufacturerIdentifiers: row.manufacturer_identifiers,
    productId: row.product_id,
    acceptedEvents: row.accepted_events,
    createdAt: row.created_at.toISOString(),
  };
}

export function clockViews(state: CustodyState, now: Date, settings: InstitutionSettings, lang: Lang): z.infer<typeof ClockView>[] {
  return custodyClocks(state, now.toISOString(), settings).map((c) => ({
    clock: c.clock,
    rule: c.rule.id,
    subject: c.subject,
    startedAt: c.startedAt,
    warningFrom: c.warningFrom,
    dueAt: c.dueAt,
    status: c.status,
    metAt: c.metAt,
    late: c.late,
    minutesLeft: c.minutesLeft,
    text: message(lang, `custody-clock.${c.clock}`, { subject: c.subject, dueAt: localTime(c.dueAt, settings.timeZone) }),
  }));
}

async function signaturesById(db: Db | Tx, ids: readonly (string | null)[]): Promise<Map<string, SignatureRow>> {
  const wanted = ids.filter((id) => id !== null);
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('signatures').selectAll().where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export function deviationView(row: DeviationRow, signature: SignatureRow | undefined, lang: Lang): z.infer<typeof DeviationView> {
  const record = DeviationRecord.parse(row.record);
  return {
    ...record,
    chainId: row.chain_id,
    source: row.custody_event_id === null ? 'cabinet-event' : 'custody-event',
    text: message(lang, `custody.${record.code}`, record.params),
    signature: signature ? signatureView(signature) : null,
    version: row.version,
  };
}

export async function deviationViews(db: Db | Tx, rows: readonly DeviationRow[], lang: Lang): Promise<z.infer<typeof DeviationView>[]> {
  const signatures = await signaturesById(
    db,
    rows.map((r) => r.signature_id),
  );
  return rows.map((r) => deviationView(r, r.signature_id === null ? undefined : signatures.get(r.signature_id), lang));
}

async function eventViews(db: Db | Tx, chainId: string, lang: Lang): Promise<z.infer<typeof EventView>[]> {
  const rows = await db.selectFrom('custody_events').selectAll().where('chain_id', '=', chainId).orderBy('recorded_at').orderBy('occurred_at').execute();
  const userIds = [...new Set(rows.flatMap((r) => [r.performed_by, ...(r.verified_by === null ? [] : [r.verified_by])]))];
  const users = userIds.length === 0 ? [] : await db.selectFrom('users').select(['id', 'display_name', 'role']).where('id', 'in', userIds).execute();
  const person = (id: string) => {
    const u = users.find((x) => x.id === id);
    return { userId: id, displayName: u?.display_name ?? '', role: u?.role ?? '' };
  };
  const signatures = await signaturesById(
    db,
    rows.flatMap((r) => [r.performer_signature_id, r.verifier_signature_id]),
  );
  return rows.map((r) => {
    const event = r.event;
    return {
      id: r.id,
      type: r.type as z.infer<typeof EventView>['type'],
      outcome: r.outcome as 'accepted' | 'refused',
      position: r.position,
      at: r.occurred_at.toISOString(),
      recordedAt: r.recorded_at.toISOString(),
      location: { id: r.location_id, kind: r.location_kind, cabinetId: r.cabinet_id },
      performedBy: person(r.performed_by),
      verifiedBy: r.verified_by === null ? null : person(r.verified_by),
      signatures: [r.performer_signature_id, r.verifier_signature_id].flatMap((id) => {
        const s = id === null ? undefined : signatures.get(id);
        return s ? [signatureView(s)] : [];
      }),
      reasons: (r.reasons as StoredReason[]).map((reason) => ({ ...reason, text: message(lang, reason.rule, reason.params) })),
      recordHash: r.record_hash,
      event,
    };
  });
}

/** Everything about one course's chain: state, clocks, events, deviations, lineage both ways, vein-to-vein. */
export async function chainView(db: Db | Tx, row: ChainRow, settings: InstitutionSettings, now: Date, lang: Lang): Promise<z.infer<typeof ChainView>> {
  const history = await loadHistory(db, row);
  const deviations = await db.selectFrom('custody_deviations').selectAll().where('chain_id', '=', row.id).orderBy('opened_at').orderBy('id').execute();
  const lineage = buildLineage(history.events);
  return {
    ...chainSummary(row),
    state: history.state,
    clocks: clockViews(history.state, now, settings, lang),
    events: await eventViews(db, row.id, lang),
    deviations: await deviationViews(db, deviations, lang),
    lineage: { nodes: lineage.nodes.map((n) => ({ ...n, aliases: [...n.aliases] })), edges: [...lineage.edges] },
    veinToVein: veinToVein(history.state),
  };
}
