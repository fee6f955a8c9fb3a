import { describe, expect, it } from 'vitest';
import { applyCustodyEvent, releaseStatusOf } from '../../src/index.js';
import { acceptAll, cabinetOpen, codes, D, deviationCodes, MFR, PRODUCT_BAGS, reading, stateAfter, step, tech, pharmacist } from './fixtures.js';

const ctx = { cabinets: cabinetOpen() };
const shipped = () => stateAfter([step.collection(), step.coldStorage(), step.cryopreservation(), step.liquidNitrogen(), step.shipment()]);
const received = () => acceptAll(shipped(), [step.receipt()]);
const stored = () => acceptAll(received(), [step.productStorage()]);
const RECEIPT = 20 * 24 * 60;

describe('manufacturing status updates', () => {
  it('are recorded when they carry this course\'s manufacturer identifier', () => {
    const s = acceptAll(shipped(), [step.manufacturing(), step.manufacturing(4 * 24 * 60, { id: 'e-mfg-2', status: 'released' })]);
    expect(s.manufacturing.map((m) => m.status)).toEqual(['in-production', 'released']);
  });
  it('come after a shipment', () => {
    const beforeShipment = stateAfter([step.collection()]);
    expect(codes(applyCustodyEvent(beforeShipment, step.manufacturing(), ctx))).toEqual(['not-shipped']);
  });
  it('are refused for another patient\'s manufacturer identifier', () => {
    const r = applyCustodyEvent(shipped(), step.manufacturing(3 * 24 * 60, { manufacturerIdentifiers: [{ system: MFR.system, value: 'ACME-999' }] }), ctx);
    expect(codes(r)).toEqual(['manufacturer-identifier-mismatch', 'manufacturer-identifier-missing']);
    expect(r.outcome.status === 'hard-stop' && r.outcome.reasons[0]!.params).toEqual({ system: MFR.system, found: 'ACME-999', expected: MFR.value });
  });
});

describe('receipt (§2.2.1)', () => {
  it('records the product beside the manufacturer\'s identifiers, accepted when every check passes and the bags are stored', () => {
    const s = received();
    expect(s.product).toMatchObject({ productId: 'LOT-55', chainOfIdentityVerifiedByTwo: true, inventoryByBagNumber: true, storageCheck: 'pending', releaseStatus: 'incomplete' });
    expect(stored().product!.releaseStatus).toBe('accepted');
  });
  it('needs two distinct people in permitted roles', () => {
    expect(codes(applyCustodyEvent(shipped(), step.receipt(RECEIPT, { performedBy: [tech()] }), ctx))).toEqual(['second-person-required']);
    expect(codes(applyCustodyEvent(shipped(), step.receipt(RECEIPT, { performedBy: [tech(), tech()] }), ctx))).toEqual(['same-user-twice', 'second-person-required']);
    expect(codes(applyCustodyEvent(shipped(), step.receipt(RECEIPT, { performedBy: [tech(), { userId: 'u-x', role: 'social-worker' }] }), ctx))).toEqual(['role-not-permitted', 'second-person-required']);
    expect(applyCustodyEvent(shipped(), step.receipt(RECEIPT, { performedBy: [tech(), pharmacist()] }), ctx).outcome.status).toBe('accepted');
  });
  it('links the product to the shipped material by a scanned manufacturer identifier', () => {
    const noScan = step.receipt(RECEIPT, { scanned: PRODUCT_BAGS.map((value) => ({ kind: 'product-bag', value })) });
    expect(codes(applyCustodyEvent(shipped(), noScan, ctx))).toEqual(['manufacturer-identifier-missing']);
    const other = step.receipt(RECEIPT, { scanned: [{ kind: 'manufacturer', system: MFR.system, value: 'ACME-999' }, ...PRODUCT_BAGS.map((value) => ({ kind: 'product-bag', value }))] });
    expect(codes(applyCustodyEvent(shipped(), other, ctx))).toEqual(['manufacturer-identifier-mismatch', 'manufacturer-identifier-missing']);
  });
  it('refuses a product whose declared manufacturer COI differs from the shipped material\'s', () => {
    const wrong = step.receipt(RECEIPT, {
      product: { productId: 'LOT-9', expiresAt: '2026-12-01T00:00:00+08:00', manufacturerIdentifiers: [{ system: MFR.system, value: 'ACME-999' }], bags: PRODUCT_BAGS.map((bagId) => ({ bagId })) },
    });
    expect(codes(applyCustodyEvent(shipped(), wrong, ctx))).toEqual(['manufacturer-identifier-mismatch']);
  });
  it('scans every bag by its unique number', () => {
    const one = step.receipt(RECEIPT, { scanned: [{ kind: 'manufacturer', system: MFR.system, value: MFR.value }, { kind: 'product-bag', value: PRODUCT_BAGS[0] }] });
    expect(codes(applyCustodyEvent(shipped(), one, ctx))).toEqual(['bag-not-scanned']);
  });
  it('comes after a shipment, and once', () => {
    expect(codes(applyCustodyEvent(stateAfter([step.collection()]), step.receipt(), ctx))).toEqual(['not-shipped']);
    expect(codes(applyCustodyEvent(received(), step.receipt(RECEIPT + 1, { id: 'again' }), ctx))).toEqual(['product-already-received']);
  });
  it('records a contaminated out-of-specification product as not accepted, with a deviation', () => {
    const r = applyCustodyEvent(shipped(), step.receipt(RECEIPT, { release: { releaseDocumentsReviewed: true, outOfSpecification: true, oos: { microbialOrHarmfulContamination: true } } }), ctx);
    expect(r.state.product!.releaseStatus).toBe('not-accepted');
    expect(deviationCodes(r)).toEqual(['release-not-accepted']);
  });
  it('accepts an out-of-specification product once its three documents are on file (§2.2.1, infusion planner)', () => {
    const oos = { releaseDocumentsReviewed: true, outOfSpecification: true, oos: { microbialOrHarmfulContamination: false, detailsOnReleaseCertificate: true } };
    const s = acceptAll(shipped(), [step.receipt(RECEIPT, { release: oos }), step.productStorage()]);
    expect(s.product!.releaseStatus).toBe('incomplete');
    const documents = { ...oos, oos: { ...oos.oos, manufacturerRiskAssessment: true, physicianStatement: true, patientWrittenConsent: true } };
    const r = applyCustodyEvent(s, step.releaseDocuments(RECEIPT + 60, documents), ctx);
    expect(r.outcome).toEqual({ status: 'accepted', deviations: [] });
    expect(r.state.product!.releaseStatus).toBe('accepted');
  });
  it('release documents come after receipt', () => {
    expect(codes(applyCustodyEvent(shipped(), step.releaseDocuments(RECEIPT, { releaseDocumentsReviewed: true }), ctx))).toEqual(['not-received']);
  });
  it('follows the infusion planner for every receipt status', () => {
    const base = { release: { releaseDocumentsReviewed: true, outOfSpecification: false }, chainOfIdentityVerifiedByTwo: true, inventoryByBagNumber: true } as const;
    expect(releaseStatusOf({ ...base, storageCheck: 'passed' })).toBe('accepted');
    expect(releaseStatusOf({ ...base, storageCheck: 'pending' })).toBe('incomplete');
    expect(releaseStatusOf({ ...base, storageCheck: 'failed' })).toBe('not-accepted');
    expect(releaseStatusOf({ ...base, release: { releaseDocumentsReviewed: false, outOfSpecification: false }, storageCheck: 'passed' })).toBe('not-accepted');
    expect(releaseStatusOf({ ...base, release: {}, storageCheck: 'passed' })).toBe('incomplete');
  });
});

describe('storage after receipt (§2.2.1)', () => {
  it('passes the storage check once every bag is stored with count and integrity confirmed', () => {
    const first = acceptAll(received(), [step.productStorage(RECEIPT + 30, { scanned: [{ kind: 'product-bag', value: PRODUCT_BAGS[0] }] })]);
    expect(first.product!.storageCheck).toBe('pending');
    const both = acceptAll(first, [step.productStorage(RECEIPT + 31, { id: 'e-store-2', scanned: [{ kind: 'product-bag', value: PRODUCT_BAGS[1] }] })]);
    expect(both.product).toMatchObject({ storageCheck: 'passed', releaseStatus: 'accepted' });
  });
  it.each([
    [{ packageCountMatches: false }, 'packageCountMatches'],
    [{ packagingIntact: false }, 'packagingIntact'],
  ])('a failed check (%j) is a deviation, and the product is not released', (extra, field) => {
    const r = applyCustodyEvent(received(), step.productStorage(RECEIPT + 30, extra), ctx);
    expect(r.outcome.status === 'accepted' && r.outcome.deviations.map((d) => [d.code, d.field])).toEqual([['package-integrity', field]]);
    expect(r.state.product).toMatchObject({ storageCheck: 'failed', releaseStatus: 'not-accepted' });
  });
  it.each([
    [-150, []],
    [-149.9, ['temperature-out-of-range']],
  ])('a storage reading of %f °C: %j', (celsius, expected) => {
    expect(deviationCodes(applyCustodyEvent(received(), step.productStorage(RECEIPT + 30, { temperatures: [reading(RECEIPT + 30, celsius)] }), ctx))).toEqual(expected);
  });
  it('comes after receipt and refuses a bag that is not this product\'s', () => {
    expect(codes(applyCustodyEvent(shipped(), step.productStorage(), ctx))).toEqual(['product-bag-unknown', 'product-bag-unknown', 'not-received']);
    expect(codes(applyCustodyEvent(received(), step.productStorage(RECEIPT + 30, { scanned: [{ kind: 'product-bag', value: 'PB-OTHER' }] }), ctx))).toEqual(['product-bag-unknown']);
  });
});

describe('transfer to the bedside (§2.2.2)', () => {
  it('takes stored bags to the bedside with a monitored shipper', () => {
    const s = acceptAll(stored(), [step.transfer(D)]);
    expect(s.product!.bags.every((b) => b.atBedsideAt !== null)).toBe(true);
  });
  it.each([
    [[], ['temperature-not-recorded']],
    [[reading(D, -150)], []],
    [[reading(D, -149.9)], ['temperature-out-of-range']],
  ])('readings %j: %j', (temperatures, expected) => {
    expect(deviationCodes(applyCustodyEvent(stored(), step.transfer(D, PRODUCT_BAGS, { temperatures }), ctx))).toEqual(expected);
  });
  it('needs the bags stored first', () => {
    expect(codes(applyCustodyEvent(received(), step.transfer(D), ctx))).toEqual(['not-stored', 'not-stored']);
    expect(codes(applyCustodyEvent(stateAfter([step.collection()]), step.transfer(D), ctx))).toEqual(['product-bag-unknown', 'product-bag-unknown', 'not-received']);
  });
});

