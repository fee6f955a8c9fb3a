import { InfusionInput, planInfusion } from '../journey/infusion.js';
import { manufacturerMismatches, recordedManufacturerIdentifiers, requireScan, scannedValues, scansOf, temperatureDeviation, temperatureRecorded } from './checks.js';
import type { ManufacturerIdentifier } from './events.js';
import { reason, type CustodyReason } from './outcome.js';
import type { CustodyState, ProductState } from './state.js';
import { patchProductBags, productBag, type StepHandler } from './step.js';

/**
 * The receipt status as the infusion planner decides it (§2.2.1, out-of-specification rules
 * included): the chain-of-identity check by two, the release documents, inventory by bag number
 * and the storage check.
 */
export function releaseStatusOf(product: Pick<ProductState, 'release' | 'chainOfIdentityVerifiedByTwo' | 'inventoryByBagNumber' | 'storageCheck'>): ProductState['releaseStatus'] {
  const receipt = {
    chainOfIdentityVerifiedByTwo: product.chainOfIdentityVerifiedByTwo,
    inventoryByBagNumber: product.inventoryByBagNumber,
    ...(product.release.releaseDocumentsReviewed === undefined ? {} : { releaseDocumentsReviewed: product.release.releaseDocumentsReviewed }),
    ...(product.release.outOfSpecification === undefined ? {} : { outOfSpecification: product.release.outOfSpecification }),
    ...(product.release.oos === undefined ? {} : { oos: product.release.oos }),
    ...(product.storageCheck === 'pending' ? {} : { storageCheckDone: product.storageCheck === 'passed' }),
  };
  return planInfusion(InfusionInput.parse({ receipt })).value!.receipt.status;
}

function withReleaseStatus(product: ProductState): ProductState {
  return { ...product, releaseStatus: releaseStatusOf(product) };
}

function releaseDeviation(product: ProductState): CustodyReason[] {
  return product.releaseStatus === 'not-accepted' ? [reason('release-not-accepted', 'release', { status: product.releaseStatus })] : [];
}

const matches = (recorded: readonly ManufacturerIdentifier[], id: ManufacturerIdentifier) => recorded.some((r) => r.system === id.system && r.value === id.value);

/** Status updates from the manufacturer's portal, tied to this course by the manufacturer's identifiers. */
export const applyManufacturingStatus: StepHandler<'manufacturing-status'> = (state, event) => {
  const stops: CustodyReason[] = [];
  if (state.shipments.length === 0) stops.push(reason('not-shipped', 'type'));
  const recorded = recordedManufacturerIdentifiers(state);
  stops.push(...manufacturerMismatches(recorded, event.manufacturerIdentifiers, 'manufacturerIdentifiers'));
  if (state.shipments.length > 0 && !event.manufacturerIdentifiers.some((id) => matches(recorded, id))) stops.push(reason('manufacturer-identifier-missing', 'manufacturerIdentifiers'));
  const next: CustodyState = { ...state, manufacturing: [...state.manufacturing, { at: event.at, status: event.status, manufacturerIdentifiers: event.manufacturerIdentifiers }] };
  return { stops, deviations: [], next };
};

/**
 * Product receipt (§2.2.1): two people check the chain of identity together (checked by the
 * reducer), a scanned manufacturer identifier must match the one recorded at shipment, every
 * bag is scanned by its unique number, and the release documents are read by the infusion
 * planner.
 */
export const applyReceipt: StepHandler<'receipt'> = (state, event, context) => {
  const stops: CustodyReason[] = [];
  if (state.shipments.length === 0) stops.push(reason('not-shipped', 'type'));
  if (state.product !== null) stops.push(reason('product-already-received', 'type'));
  const bagIds = event.product.bags.map((b) => b.bagId);
  const seen = new Set<string>();
  bagIds.forEach((id, i) => {
    if (seen.has(id) || state.collectionBags.some((b) => b.bagId === id)) stops.push(reason('identifier-already-used', `product.bags[${i}].bagId`, { found: id }));
    seen.add(id);
  });
  const scannedBags = scannedValues(event, 'product-bag');
  for (const id of bagIds) if (!scannedBags.includes(id)) stops.push(reason('bag-not-scanned', 'scanned', { bag: id }));
  const recorded = recordedManufacturerIdentifiers(state);
  stops.push(...manufacturerMismatches(recorded, event.product.manufacturerIdentifiers, 'product.manufacturerIdentifiers'));
  const scannedManufacturer = scansOf(event, 'manufacturer').map((s) => ({ system: s.system ?? '', value: s.value }));
  if (state.shipments.length > 0 && !scannedManufacturer.some((id) => matches(recorded, id))) stops.push(reason('manufacturer-identifier-missing', 'scanned'));
  const product = withReleaseStatus({
    productId: event.product.productId,
    receivedAt: event.at,
    expiresAt: event.product.expiresAt,
    manufacturerIdentifiers: event.product.manufacturerIdentifiers,
    release: event.release,
    chainOfIdentityVerifiedByTwo: true,
    inventoryByBagNumber: true,
    storageCheck: 'pending',
    releaseStatus: 'incomplete',
    bags: event.product.bags.map((b) => ({
      bagId: b.bagId,
      manufacturerBagId: b.manufacturerBagId ?? null,
      storedAt: null,
      atBedsideAt: null,
      matchedAt: null,
      thawStartedAt: null,
      infusionStartedAt: null,
      infusionEndedAt: null,
    })),
  });
  const deviations = [...releaseDeviation(product), ...temperatureDeviation(event, { minC: null, maxC: context.settings.liquidNitrogenMaxCelsius })];
  return { stops, deviations, next: { ...state, product } };
};

/** Release documents completed after receipt, e.g. the three out-of-specification documents (§2.2.1). */
export const applyReleaseDocuments: StepHandler<'release-documents'> = (state, event) => {
  if (state.product === null) return { stops: [reason('not-received', 'type')], deviations: [], next: state };
  const product = withReleaseStatus({ ...state.product, release: event.release });
  return { stops: [], deviations: releaseDeviation(product), next: { ...state, product } };
};

/** Product bags into liquid nitrogen after the dry shipper, identity, count and integrity re-checked (§2.2.1). */
export const applyProductStorage: StepHandler<'product-storage'> = (state, event, context) => {
  if (state.product === null) return { stops: [reason('not-received', 'type')], deviations: [], next: state };
  const stops: CustodyReason[] = [...requireScan(event, 'product-bag')];
  const targets = scannedValues(event, 'product-bag').filter((id) => productBag(state, id) !== undefined);
  for (const id of targets) if (productBag(state, id)!.thawStartedAt !== null) stops.push(reason('bag-already-thawed', 'scanned', { bag: id }));
  const passed = event.packageCountMatches && event.packagingIntact;
  const deviations: CustodyReason[] = [...(passed ? [] : [reason('package-integrity', event.packageCountMatches ? 'packagingIntact' : 'packageCountMatches')])];
  deviations.push(...temperatureDeviation(event, { minC: null, maxC: context.settings.liquidNitrogenMaxCelsius }));
  const stored = patchProductBags(state, targets, (b) => ({ ...b, storedAt: event.at, atBedsideAt: null, matchedAt: null }));
  const product = stored.product!;
  const allStored = product.bags.every((b) => b.storedAt !== null);
  const storageCheck = product.storageCheck === 'failed' || !passed ? 'failed' : allStored ? 'passed' : 'pending';
  return { stops, deviations, next: { ...stored, product: withReleaseStatus({ ...product, storageCheck }) } };
};

/** From storage to the bedside in a cryogenic shipper, with temperature monitoring (§2.2.2). */
export const applyTransferToBedside: StepHandler<'transfer-to-bedside'> = (state, event, context) => {
  if (state.product === null) return { stops: [reason('not-received', 'type')], deviations: [], next: state };
  const stops: CustodyReason[] = [...requireScan(event, 'product-bag')];
  const targets = scannedValues(event, 'product-bag').filter((id) => productBag(state, id) !== undefined);
  for (const id of targets) {
    const bag = productBag(state, id)!;
    if (bag.thawStartedAt !== null) stops.push(reason('bag-already-thawed', 'scanned', { bag: id }));
    else if (bag.storedAt === null) stops.push(reason('not-stored', 'scanned', { bag: id }));
  }
  const deviations = [...temperatureRecorded(event), ...temperatureDeviation(event, { minC: null, maxC: context.settings.liquidNitrogenMaxCelsius })];
  const next = patchProductBags(state, targets, (b) => ({ ...b, atBedsideAt: event.at, matchedAt: null }));
  return { stops, deviations, next };
};
