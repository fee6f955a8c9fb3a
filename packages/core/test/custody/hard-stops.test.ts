import { describe, expect, it } from 'vitest';
import {
  applyCabinetEvent,
  applyCustodyEvent,
  CUSTODY_REASON_CODES,
  isHardStopCode,
  lookupMessage,
  type CabinetState,
  type CustodyContext,
  type CustodyEvent,
  type CustodyReasonCode,
  type CustodyState,
} from '../../src/index.js';
import { acceptAll, at, BAGS, cabinetOpen, COI, D, MFR, nurse, PATIENT, PRODUCT_BAGS, start, stateAfter, step, tech, upToBedside } from './fixtures.js';

const ctx: CustodyContext = { cabinets: cabinetOpen() };
const collected = () => stateAfter([step.collection()]);
const cold = () => stateAfter([step.collection(), step.coldStorage()]);
const frozen = () => stateAfter([step.collection(), step.coldStorage(), step.cryopreservation()]);
const shipped = () => stateAfter(upToBedside().slice(0, 5));
const received = () => stateAfter(upToBedside().slice(0, 7));
const stored = () => stateAfter(upToBedside().slice(0, 8));
const atBedside = () => stateAfter(upToBedside());
const matched = () => acceptAll(atBedside(), [step.match(D + 10)]);
const thawed = () => acceptAll(matched(), [step.thaw(D + 15)]);
const infused = () => acceptAll(thawed(), [step.infusionStart(D + 20), step.infusionEnd(D + 35)]);
const EXPIRY = 200 * 24 * 60;

type Row = [CustodyReasonCode, () => CustodyState, () => CustodyEvent, CustodyContext?];

/** One scenario per hard-stop code of the custody reducer, each the smallest that triggers it. */
const ROWS: Row[] = [
  ['coi-mismatch', matched, () => step.thaw(D + 15, PRODUCT_BAGS[0], { coi: 'COI26000777' })],
  ['patient-mismatch', thawed, () => step.infusionStart(D + 20, PRODUCT_BAGS[0], { scanned: [{ kind: 'patient', value: 'patient-2' }, { kind: 'product-bag', value: PRODUCT_BAGS[0] }] })],
  ['din-mismatch', collected, () => step.coldStorage(60, { scanned: [...BAGS.map((value) => ({ kind: 'collection-bag', value })), { kind: 'din', value: 'A999926000777' }] })],
  ['collection-bag-unknown', collected, () => step.coldStorage(60, { scanned: [{ kind: 'collection-bag', value: 'ANOTHER' }] })],
  ['product-bag-unknown', matched, () => step.thaw(D + 15, 'PB-OTHER')],
  ['manufacturer-identifier-mismatch', shipped, () => step.manufacturing(3 * 24 * 60, { manufacturerIdentifiers: [{ system: MFR.system, value: 'OTHER' }] })],
  ['manufacturer-identifier-missing', shipped, () => step.receipt(20 * 24 * 60, { scanned: PRODUCT_BAGS.map((value) => ({ kind: 'product-bag', value })) })],
  ['scan-required', thawed, () => step.infusionStart(D + 20, PRODUCT_BAGS[0], { scanned: [{ kind: 'product-bag', value: PRODUCT_BAGS[0] }] })],
  ['bag-not-scanned', start, () => step.collection({ scanned: [{ kind: 'patient', value: PATIENT }, { kind: 'collection-bag', value: BAGS[0] }] })],
  ['identifier-already-used', collected, () => step.collection({ id: 'again', at: at(6) })],
  ['patient-identifiers-too-few', start, () => step.collection({ patientIdentifiersChecked: ['name'] })],
  ['bedside-identifiers-incomplete', atBedside, () => step.match(D + 10, PRODUCT_BAGS[0], { expiryChecked: false })],
  ['product-expired', () => stateAfter([...upToBedside().slice(0, -1), step.transfer(EXPIRY - 10)]), () => step.match(EXPIRY + 1)],
  ['second-person-required', atBedside, () => step.match(D + 10, PRODUCT_BAGS[0], { performedBy: [nurse()] })],
  ['same-user-twice', atBedside, () => step.match(D + 10, PRODUCT_BAGS[0], { performedBy: [nurse(), nurse()] })],
  ['role-not-permitted', matched, () => step.thaw(D + 15, PRODUCT_BAGS[0], { performedBy: [{ userId: 'u-sw', role: 'social-worker' }] })],
  ['time-before-previous-event', matched, () => step.thaw(D + 5)],
  ['collection-times-invalid', start, () => step.collection({ start: at(10) })],
  ['wrong-pathway', () => acceptAll(start('fresh-to-manufacturer'), [step.collection()]), () => step.cryopreservation()],
  ['already-cryopreserved', frozen, () => step.coldStorage(300)],
  ['not-cryopreserved', cold, () => step.liquidNitrogen()],
  ['already-shipped', shipped, () => step.coldStorage(24 * 60 + 1)],
  ['not-shipped', collected, () => step.manufacturing()],
  ['product-already-received', received, () => step.receipt(20 * 24 * 60 + 1, { id: 'again' })],
  ['not-received', shipped, () => step.releaseDocuments(20 * 24 * 60, { releaseDocumentsReviewed: true })],
  ['not-released', () => acceptAll(stateAfter([...upToBedside().slice(0, 7), step.productStorage(20 * 24 * 60 + 30, { packagingIntact: false }), step.transfer(D)]), [step.match(D + 10)]), () => step.thaw(D + 15)],
  ['not-stored', received, () => step.transfer(D)],
  ['not-at-bedside', stored, () => step.match(D + 10)],
  ['no-bedside-match', atBedside, () => step.thaw(D + 15)],
  ['previous-bag-not-infused', () => acceptAll(thawed(), [step.match(D + 16, PRODUCT_BAGS[1])]), () => step.thaw(D + 17, PRODUCT_BAGS[1])],
  ['bag-not-thawed', matched, () => step.infusionStart(D + 20)],
  ['bag-already-thawed', infused, () => step.thaw(D + 40)],
  ['infusion-not-started', thawed, () => step.infusionEnd(D + 30)],
  ['bag-already-infused', infused, () => step.infusionEnd(D + 40)],
  ['freezing-record-invalid', cold, () => step.cryopreservation(180, { record: { events: [] } })],
  ['cabinet-required', cold, () => step.cryopreservation(180, { location: { id: 'lab', kind: 'cell-processing' } })],
  ['cabinet-not-open', cold, () => step.cryopreservation(), {}],
  ['cabinet-occupied', cold, () => step.cryopreservation(), { cabinets: cabinetOpen('BSC-1', 'patient-2', 'COI-2', 'X') }],
];

describe('every hard stop of the custody reducer, one scenario each', () => {
  it.each(ROWS)('%s', (code, state, event, context = ctx) => {
    const before = state();
    const r = applyCustodyEvent(before, event(), context);
    expect(r.outcome.status).toBe('hard-stop');
    if (r.outcome.status !== 'hard-stop') return;
    expect(r.outcome.reasons.map((x) => x.code)).toContain(code);
    expect(r.state).toBe(before);
    expect(r.outcome.deviation).toMatchObject({ hardStop: true, coi: COI, reasons: r.outcome.reasons.map((x) => x.code) });
    const reason = r.outcome.reasons.find((x) => x.code === code)!;
    expect(reason.rule.id).toBe(`custody.${code}`);
    expect(lookupMessage('en', reason.rule.id, reason.params)).not.toMatch(/\{\w+\}/);
    expect(lookupMessage('zh-TW', reason.rule.id, reason.params)).not.toMatch(/\{\w+\}/);
  });
});

describe('the cabinet reducer\'s own hard stops', () => {
  const open = (materialId: string, patientId = PATIENT) => ({ type: 'open' as const, id: `o-${materialId}`, cabinetId: 'BSC-1', at: at(0), performedBy: [tech()], coi: COI, patientId, materialId });
  const one: CabinetState = applyCabinetEvent({ open: [] }, open('m1')).state;
  it.each([
    ['cabinet-occupied', () => applyCabinetEvent(one, open('m2', 'patient-2'))],
    ['cabinet-material-already-open', () => applyCabinetEvent(one, open('m1'))],
    ['cabinet-material-not-open', () => applyCabinetEvent(one, { ...open('m9'), type: 'close' })],
  ] as const)('%s', (code, run) => {
    const r = run();
    expect(r.state).toBe(one);
    expect(r.outcome.status === 'hard-stop' && r.outcome.reasons.map((x) => x.code)).toEqual([code]);
  });
});

it('the tables cover every hard-stop code', () => {
  const covered = new Set<string>([...ROWS.map(([code]) => code), 'cabinet-material-already-open', 'cabinet-material-not-open']);
  expect(CUSTODY_REASON_CODES.filter((c) => isHardStopCode(c) && !covered.has(c))).toEqual([]);
});

