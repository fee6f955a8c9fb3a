import { describe, expect, it } from 'vitest';
import { buildLineage, MANUFACTURER_BAG_SYSTEM, traceLineage, type LineageNode } from '../../src/index.js';
import { BAGS, COI, DIN, fullCourse, MFR, PATIENT, PRODUCT_BAGS } from './fixtures.js';

const keys = (nodes: readonly LineageNode[] | undefined) => (nodes ?? []).map((n) => n.key).sort();
const graph = () => buildLineage(fullCourse());

describe('lineage: patient -> collection -> bags -> shipment -> product -> infused bags', () => {
  it('builds the graph from the accepted events', () => {
    const g = graph();
    expect(g.nodes.map((n) => n.key).sort()).toEqual(
      [
        `patient:${PATIENT}`,
        `coi:${COI}`,
        `din:${DIN}`,
        ...BAGS.map((b) => `collection-bag:${b}`),
        'shipment:SHIP-1',
        'product:LOT-55',
        ...PRODUCT_BAGS.map((b) => `product-bag:${b}`),
        ...PRODUCT_BAGS.map((b) => `infusion:${b}`),
      ].sort(),
    );
    expect(g.edges.find((e) => e.from === 'shipment:SHIP-1')).toMatchObject({ to: 'product:LOT-55', eventType: 'receipt', eventId: 'e-receipt' });
  });

  it('traces forward from the patient to every infused bag', () => {
    const t = traceLineage(graph(), { kind: 'patient', value: PATIENT })!;
    expect(keys(t.forward)).toContain(`infusion:${PRODUCT_BAGS[1]}`);
    expect(t.forward).toHaveLength(10);
    expect(t.backward).toEqual([]);
  });

  it('traces backward from an infused bag to the patient', () => {
    const t = traceLineage(graph(), { kind: 'infusion', value: PRODUCT_BAGS[0]! })!;
    expect(keys(t.backward)).toEqual(
      [`product-bag:${PRODUCT_BAGS[0]}`, 'product:LOT-55', 'shipment:SHIP-1', ...BAGS.map((b) => `collection-bag:${b}`), `din:${DIN}`, `coi:${COI}`, `patient:${PATIENT}`].sort(),
    );
    expect(t.forward).toEqual([]);
  });

  it('traces both ways from a collection bag', () => {
    const t = traceLineage(graph(), { kind: 'collection-bag', value: BAGS[0]! })!;
    expect(keys(t.backward)).toEqual([`coi:${COI}`, `din:${DIN}`, `patient:${PATIENT}`].sort());
    expect(keys(t.forward)).toEqual(['shipment:SHIP-1', 'product:LOT-55', ...PRODUCT_BAGS.map((b) => `product-bag:${b}`), ...PRODUCT_BAGS.map((b) => `infusion:${b}`)].sort());
  });

  it('finds the chain from a manufacturer\'s own identifier recorded beside ours', () => {
    const byCoi = traceLineage(graph(), { kind: 'manufacturer', system: MFR.system, value: MFR.value })!;
    expect(keys(byCoi.start)).toEqual(['product:LOT-55', 'shipment:SHIP-1']);
    expect(keys(byCoi.backward)).toContain(`patient:${PATIENT}`);
    const byBag = traceLineage(graph(), { kind: 'manufacturer', system: MANUFACTURER_BAG_SYSTEM, value: 'ACME-BAG-2' })!;
    expect(keys(byBag.start)).toEqual([`product-bag:${PRODUCT_BAGS[1]}`]);
    expect(keys(byBag.forward)).toEqual([`infusion:${PRODUCT_BAGS[1]}`]);
  });

  it('is null for an identifier it does not know', () => {
    expect(traceLineage(graph(), { kind: 'din', value: 'A999926000999' })).toBeNull();
    expect(traceLineage(graph(), { kind: 'manufacturer', value: 'nope' })).toBeNull();
  });

  it('holds no name or record number: only the ids the events carried', () => {
    const text = JSON.stringify(graph());
    expect(text).not.toMatch(/name|date-of-birth|medical-record/);
  });

  it('keeps two courses apart', () => {
    const other = fullCourse().map((e) => JSON.parse(JSON.stringify(e).replaceAll(PATIENT, 'patient-2').replaceAll(COI, 'COI26000002').replaceAll(DIN, 'A999926000002').replaceAll('PB-', 'QB-').replaceAll('SHIP-1', 'SHIP-2').replaceAll('LOT-55', 'LOT-66').replaceAll('A99992600000', 'A99992600009').replaceAll(MFR.value, 'ACME-900')) as typeof e);
    const g = buildLineage([...fullCourse(), ...other]);
    const t = traceLineage(g, { kind: 'patient', value: 'patient-2' })!;
    expect(keys(t.forward).every((k) => !k.includes('PB-') && !k.includes('SHIP-1'))).toBe(true);
    expect(t.forward).toHaveLength(10);
  });
});
