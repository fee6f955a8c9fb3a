import type { CustodyEvent, CustodyStep, ManufacturerIdentifier } from './events.js';

/**
 * The lineage of patient-specific material: patient -> course (COI) -> collection (DIN) ->
 * collection bags -> shipment -> manufactured product -> product bags -> infusion, traced both
 * ways from any identifier, including a manufacturer's own identifier recorded beside ours.
 * Built from accepted custody events only; it holds no name or medical record number.
 * Shipment, product and bag ids are taken as unique across courses (the server assigns them).
 */
export const LINEAGE_KINDS = ['patient', 'coi', 'din', 'collection-bag', 'shipment', 'product', 'product-bag', 'infusion'] as const;
export type LineageKind = (typeof LINEAGE_KINDS)[number];

export interface LineageNode {
  readonly key: string;
  readonly kind: LineageKind;
  readonly value: string;
  /** Manufacturer identifiers recorded for this node (its COI, order, lot, bag numbers). */
  readonly aliases: readonly ManufacturerIdentifier[];
}

/** A step that turned one thing into, or moved it to, the next. */
export interface LineageEdge {
  readonly from: string;
  readonly to: string;
  readonly eventId: string;
  readonly eventType: CustodyStep;
  readonly at: string;
}

export interface LineageGraph {
  readonly nodes: readonly LineageNode[];
  readonly edges: readonly LineageEdge[];
}

/** The alias system under which a product bag's manufacturer bag number is recorded. */
export const MANUFACTURER_BAG_SYSTEM = 'manufacturer-bag';

const keyOf = (kind: LineageKind, value: string) => `${kind}:${value}`;

class Builder {
  readonly nodes = new Map<string, { kind: LineageKind; value: string; aliases: ManufacturerIdentifier[] }>();
  readonly edges: LineageEdge[] = [];
  readonly shipmentsByCoi = new Map<string, string[]>();

  node(kind: LineageKind, value: string, aliases: readonly ManufacturerIdentifier[] = []): string {
    const key = keyOf(kind, value);
    const existing = this.nodes.get(key) ?? { kind, value, aliases: [] };
    for (const alias of aliases) {
      if (!existing.aliases.some((a) => a.system === alias.system && a.value === alias.value)) existing.aliases.push(alias);
    }
    this.nodes.set(key, existing);
    return key;
  }

  edge(from: string, to: string, event: CustodyEvent): void {
    if (!this.edges.some((e) => e.from === from && e.to === to)) this.edges.push({ from, to, eventId: event.id, eventType: event.type, at: event.at });
  }

  /** The course's shipments that share a manufacturer identifier with `ids`; all of them when none does. */
  shipmentsFor(coi: string, ids: readonly ManufacturerIdentifier[]): string[] {
    const all = this.shipmentsByCoi.get(coi) ?? [];
    const sharing = all.filter((key) => this.nodes.get(key)!.aliases.some((a) => ids.some((i) => i.system === a.system && i.value === a.value)));
    return sharing.length > 0 ? sharing : all;
  }
}

function add(b: Builder, event: CustodyEvent): void {
  const scanned = (kind: string) => [...new Set(event.scanned.filter((s) => s.kind === kind).map((s) => s.value))];
  switch (event.type) {
    case 'collection': {
      const coi = b.node('coi', event.coi);
      for (const patient of scanned('patient')) b.edge(b.node('patient', patient), coi, event);
      const din = b.node('din', event.din);
      b.edge(coi, din, event);
      for (const bag of event.bags) b.edge(din, b.node('collection-bag', bag.bagId), event);
      return;
    }
    case 'shipment': {
      const shipment = b.node('shipment', event.shipmentId, event.manufacturerIdentifiers);
      b.shipmentsByCoi.set(event.coi, [...(b.shipmentsByCoi.get(event.coi) ?? []), shipment]);
      for (const bag of scanned('collection-bag')) b.edge(b.node('collection-bag', bag), shipment, event);
      return;
    }
    case 'manufacturing-status': {
      for (const shipment of b.shipmentsFor(event.coi, event.manufacturerIdentifiers)) {
        const n = b.nodes.get(shipment)!;
        b.node('shipment', n.value, event.manufacturerIdentifiers);
      }
      return;
    }
    case 'receipt': {
      const scannedIds = event.scanned.filter((s) => s.kind === 'manufacturer').map((s) => ({ system: s.system ?? '', value: s.value }));
      const product = b.node('product', event.product.productId, event.product.manufacturerIdentifiers);
      for (const shipment of b.shipmentsFor(event.coi, [...scannedIds, ...event.product.manufacturerIdentifiers])) b.edge(shipment, product, event);
      for (const bag of event.product.bags) {
        const aliases = bag.manufacturerBagId === undefined ? [] : [{ system: MANUFACTURER_BAG_SYSTEM, value: bag.manufacturerBagId }];
        b.edge(product, b.node('product-bag', bag.bagId, aliases), event);
      }
      return;
    }
    case 'infusion-start': {
      for (const bag of scanned('product-bag')) b.edge(b.node('product-bag', bag), b.node('infusion', bag), event);
      return;
    }
    case 'cold-storage':
    case 'cryopreservation':
    case 'liquid-nitrogen-storage':
    case 'release-documents':
    case 'product-storage':
    case 'transfer-to-bedside':
    case 'bedside-match':
    case 'thaw':
    case 'infusion-end':
      return;
  }
}

/** Builds the lineage graph from accepted custody events (of one course or many), in any order of courses. */
export function buildLineage(events: readonly CustodyEvent[]): LineageGraph {
  const b = new Builder();
  for (const event of events) add(b, event);
  const nodes = [...b.nodes.entries()].map(([key, n]) => ({ key, kind: n.kind, value: n.value, aliases: [...n.aliases] }));
  return { nodes, edges: b.edges };
}

/** What to trace from: one of our identifiers, or a manufacturer's (kind `manufacturer`, with its system when known). */
export interface LineageQuery {
  readonly kind: LineageKind | 'manufacturer';
  readonly value: string;
  readonly system?: string;
}

export interface LineageTrace {
  /** The nodes the query names (several only for a manufacturer identifier shared by nodes). */
  readonly start: readonly LineageNode[];
  /** Everything made from, or moved on from, the start: towards the infused bags. */
  readonly forward: readonly LineageNode[];
  /** Everything the start came from: towards the patient. */
  readonly backward: readonly LineageNode[];
  /** The edges walked, both ways. */
  readonly edges: readonly LineageEdge[];
}

function walk(graph: LineageGraph, starts: readonly string[], direction: 'forward' | 'backward', edges: Set<LineageEdge>): string[] {
  const seen = new Set(starts);
  const found: string[] = [];
  const queue = [...starts];
  while (queue.length > 0) {
    const key = queue.shift()!;
    for (const e of graph.edges) {
      const [here, there] = direction === 'forward' ? [e.from, e.to] : [e.to, e.from];
      if (here !== key) continue;
      edges.add(e);
      if (seen.has(there)) continue;
      seen.add(there);
      found.push(there);
      queue.push(there);
    }
  }
  return found;
}

/** Traces forward and backward from an identifier; null when the graph does not know it. */
export function traceLineage(graph: LineageGraph, query: LineageQuery): LineageTrace | null {
  const start =
    query.kind === 'manufacturer'
      ? graph.nodes.filter((n) => n.aliases.some((a) => a.value === query.value && (query.system === undefined || a.system === query.system)))
      : graph.nodes.filter((n) => n.key === keyOf(query.kind as LineageKind, query.value));
  if (start.length === 0) return null;
  const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
  const keys = start.map((n) => n.key);
  const edges = new Set<LineageEdge>();
  const forward = walk(graph, keys, 'forward', edges).map((k) => byKey.get(k)!);
  const backward = walk(graph, keys, 'backward', edges).map((k) => byKey.get(k)!);
  return { start, forward, backward, edges: [...edges] };
}
