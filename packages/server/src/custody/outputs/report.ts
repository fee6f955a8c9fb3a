import { formatDin, message, type Lang } from '@cartographer/core';
import { text } from '../../errors.js';
import { bilingual, type Bilingual } from '../print/captions.js';
import { missingGlyphs } from '../print/font.js';
import { ProductCode, type CustodyReportInput } from '../print/index.js';
import { personOf, type ChainRecord, type Person, type StoredCustodyEvent, type StoredDeviation, type StoredScan } from './chain-record.js';
import { printPatient } from './print-patient.js';
import { CABINET_EVENT_NAMES, DEVIATION_EVENT_NAMES, LOCATION_KIND_NAMES, MANUFACTURING_STATUS_NAMES, PRODUCT_NAME, STEP_NAMES } from './texts.js';

/**
 * The chain-of-identity and chain-of-custody report of one course, as the print module's input:
 * every stored custody event (accepted and refused), every cabinet event and every step of every
 * deviation, in the order they happened. Fixed names are bilingual like the rest of the report;
 * reasons and outcomes are in the reader's language.
 */

type Row = CustodyReportInput['rows'][number];

/** The print module's limits for one cell (report.ts ReportRowSchema). */
const LIMIT = { event: 120, who: 160, where: 120, scanned: 60, outcome: 200, references: 60 } as const;
const MAX_SCANS = 10;

/**
 * Recorded free text as one printable line: line breaks and invisible characters become spaces,
 * a character the font lacks becomes "?", and text over the cell's limit ends in "…". The stored
 * record keeps the exact text; the report says where to find it (event and deviation ids).
 */
export function printable(value: string, max: number): string {
  let line = value
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const character of missingGlyphs(line)) line = line.split(character).join('?');
  if (line === '') return '—';
  const characters = [...line];
  return characters.length <= max ? line : `${characters.slice(0, max - 1).join('')}…`;
}

function who(performer: Person, verifier: Person | null): string {
  const one = (p: Person) => (p.role === '' ? p.name : `${p.name} (${p.role})`);
  return printable(verifier === null ? one(performer) : `${one(performer)}; ${one(verifier)}`, LIMIT.who);
}

function where(kind: string, id: string, cabinetId: string | null): string {
  const name = LOCATION_KIND_NAMES[kind];
  return printable([name ? bilingual(name) : kind, id, ...(cabinetId === null ? [] : [cabinetId])].join(' · '), LIMIT.where);
}

function scans(values: readonly string[]): string[] {
  const shown = values.length <= MAX_SCANS ? values : [...values.slice(0, MAX_SCANS - 1), `+${values.length - MAX_SCANS + 1}`];
  return shown.map((v) => printable(v, LIMIT.scanned));
}

/** The event column: the step's bilingual name, and what distinguishes this one (status, shipment, bag). */
function eventName(event: StoredCustodyEvent): string {
  const base = bilingual(STEP_NAMES[event.type] ?? { 'zh-TW': event.type, en: event.type });
  const body = event.body;
  if (event.type === 'manufacturing-status' && typeof body['status'] === 'string') {
    const status = MANUFACTURING_STATUS_NAMES[body['status']];
    return printable(`${base}: ${status ? bilingual(status) : body['status']}`, LIMIT.event);
  }
  if (event.type === 'shipment' && typeof body['shipmentId'] === 'string') return printable(`${base} ${body['shipmentId']}`, LIMIT.event);
  return printable(base, LIMIT.event);
}

function deviationText(deviation: StoredDeviation, lang: Lang): string {
  return message(lang, `custody.${deviation.record.code}`, deviation.record.params);
}

/**
 * A scanned identifier as printed. A wristband resolved to this course's patient is shown by the
 * patient's first printed identifier (the one on the labels); any other value as it was stored.
 */
function scanTexts(patientId: string, patientLabel: string): (scan: StoredScan) => string {
  return (scan) => (scan.kind === 'patient' && scan.value === patientId ? `patient:${patientLabel}` : `${scan.kind}:${scan.system === undefined ? '' : `${scan.system}|`}${scan.value}`);
}

function eventRow(event: StoredCustodyEvent, deviations: readonly StoredDeviation[], scanText: (scan: StoredScan) => string, lang: Lang): Row {
  const beside = deviations.filter((d) => d.custodyEventId === event.id);
  const last = event.temperatures[event.temperatures.length - 1];
  let outcome: string;
  let outcomeKind: Row['outcomeKind'];
  if (event.outcome === 'refused') {
    outcomeKind = 'hard-stop';
    outcome = event.reasons.map((r) => message(lang, r.rule, r.params)).join(' ');
  } else if (beside.length > 0) {
    outcomeKind = 'deviation';
    outcome = beside.map((d) => deviationText(d, lang)).join(' ');
  } else {
    outcomeKind = 'ok';
    outcome = text(lang, event.verifier === null ? 'custody-output.outcome-ok' : 'custody-output.outcome-ok-two-person');
  }
  return {
    at: event.at,
    event: eventName(event),
    who: who(event.performer, event.verifier),
    where: where(event.location.kind, event.location.id, event.location.cabinetId),
    scannedIdentifiers: scans(event.scanned.map(scanText)),
    temperature: last === undefined ? null : { value: last.temperature, unit: 'Cel' },
    outcome: printable(outcome, LIMIT.outcome),
    outcomeKind,
  };
}

function cabinetRows(record: ChainRecord, lang: Lang): Row[] {
  return record.cabinetEvents.map((event) => ({
    at: event.at,
    event: printable(bilingual(CABINET_EVENT_NAMES[event.type]), LIMIT.event),
    who: who(event.performer, null),
    where: printable(event.cabinetId, LIMIT.where),
    scannedIdentifiers: scans([event.materialId]),
    temperature: null,
    outcome: printable(event.outcome === 'refused' ? event.reasons.map((r) => message(lang, r.rule, r.params)).join(' ') : text(lang, 'custody-output.outcome-ok'), LIMIT.outcome),
    outcomeKind: event.outcome === 'refused' ? 'hard-stop' : 'ok',
  }));
}

/** One row when the deviation was opened, then one per step of its life cycle (note, investigation, sign-off, reopening). */
function deviationRows(record: ChainRecord, deviation: StoredDeviation, lang: Lang): Row[] {
  const d = deviation.record;
  const status = (s: string) => message(lang, `deviation.status.${s}`);
  const row = (at: string, name: Bilingual, by: readonly string[], outcome: string): Row => ({
    at,
    event: printable(`${bilingual(name)} ${d.code}`, LIMIT.event),
    who: printable(by.map((id) => personOf(record.people, id).name).join('; '), LIMIT.who),
    where: '—',
    scannedIdentifiers: [],
    temperature: null,
    outcome: printable(outcome, LIMIT.outcome),
    outcomeKind: d.hardStop ? 'hard-stop' : 'deviation',
  });
  const rows = [row(d.openedAt, DEVIATION_EVENT_NAMES.opened, d.detectedBy, text(lang, 'custody-output.deviation-status', { status: status('open'), text: deviationText(deviation, lang) }))];
  const closes = d.history.filter((h) => h.action === 'close');
  for (const entry of d.history) {
    const note = d.notes.find((n) => n.at === entry.at && n.by === entry.by)?.text ?? '';
    let outcome: string;
    let name: Bilingual;
    switch (entry.action) {
      case 'add-note':
        name = DEVIATION_EVENT_NAMES['add-note'];
        outcome = text(lang, 'custody-output.note', { text: note });
        break;
      case 'investigate':
        name = DEVIATION_EVENT_NAMES.investigate;
        // A revised investigation replaces the root cause: the latest one is what the record holds.
        outcome = text(lang, 'custody-output.investigation', { rootCause: d.rootCause ?? '', correctiveAction: d.correctiveAction ?? '' });
        break;
      case 'close':
        name = DEVIATION_EVENT_NAMES.close;
        outcome = entry === closes[closes.length - 1] && d.closingSummary !== null ? text(lang, 'custody-output.closed', { summary: d.closingSummary }) : text(lang, 'custody-output.status-changed', { status: status(entry.status) });
        break;
      case 'reopen':
        name = DEVIATION_EVENT_NAMES.reopen;
        outcome = text(lang, 'custody-output.reopened', { reason: note });
        break;
      default:
        name = DEVIATION_EVENT_NAMES.opened;
        outcome = text(lang, 'custody-output.status-changed', { status: status(entry.status) });
    }
    rows.push(row(entry.at, name, [entry.by], outcome));
  }
  return rows;
}

/** Manufacturer identifiers of the course, its shipments and its product, each once: "system: value". */
function manufacturerReferences(record: ChainRecord): string[] {
  const { chain, state } = record;
  const ids = [...(chain.manufacturer_identifiers as { system: string; value: string }[]), ...state.shipments.flatMap((s) => s.manufacturerIdentifiers), ...state.manufacturing.flatMap((m) => m.manufacturerIdentifiers), ...(state.product?.manufacturerIdentifiers ?? [])];
  const seen = new Set<string>();
  return ids
    .map((m) => printable(`${m.system}: ${m.value}`, LIMIT.references))
    .filter((t) => !seen.has(t) && seen.add(t))
    .slice(0, 10);
}

export function custodyReportInput(record: ChainRecord, now: Date, lang: Lang): CustodyReportInput {
  const { state } = record;
  const patient = printPatient(record.patient);
  const scanText = scanTexts(record.patient.id, patient.identifiers[0]?.value ?? record.patient.id);
  const events = record.events.map((e) => eventRow(e, record.deviations, scanText, lang));
  const rows = [...events, ...cabinetRows(record, lang), ...record.deviations.flatMap((d) => deviationRows(record, d, lang))]
    .map((row, i) => ({ row, i }))
    .sort((a, b) => Date.parse(a.row.at) - Date.parse(b.row.at) || a.i - b.i)
    .map(({ row }) => row);
  const first = state.collections[0];
  const din = first === undefined ? null : formatDin({ din: first.din });
  const product = state.product;
  const productCode = product !== null && ProductCode.safeParse(product.productId).success ? product.productId : null;
  const references = manufacturerReferences(record);
  // A product id the code field cannot carry is still named, among the references.
  if (product !== null && productCode === null) references.unshift(printable(`product: ${product.productId}`, LIMIT.references));
  return {
    now: now.toISOString(),
    timeZone: record.settings.timeZone,
    chainOfIdentity: { id: record.coi.value, checkCharacter: record.coi.checkCharacter, barcodeData: record.coi.barcodeData },
    din: din === null ? null : { identifier: din.din, flags: din.flags, checkCharacter: din.checkCharacter },
    product: productCode === null ? null : { code: productCode, name: PRODUCT_NAME },
    manufacturerReferences: references.slice(0, 10),
    patient,
    rows,
  };
}
