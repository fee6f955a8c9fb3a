import type { ResolvedContext } from './checks.js';
import type { CustodyEventOf, CustodyStep } from './events.js';
import type { CustodyReason } from './outcome.js';
import type { CollectionBagState, CustodyState, ProductBagState } from './state.js';

/**
 * What one step handler decides: the reasons to stop, the deviations to record beside an
 * accepted step, and the state the step leads to (used only when nothing stops it).
 */
export interface StepResult {
  readonly stops: readonly CustodyReason[];
  readonly deviations: readonly CustodyReason[];
  readonly next: CustodyState;
}

export type StepHandler<T extends CustodyStep> = (state: CustodyState, event: CustodyEventOf<T>, context: ResolvedContext) => StepResult;

export function patchCollectionBags(state: CustodyState, bagIds: readonly string[], patch: (bag: CollectionBagState) => CollectionBagState): CustodyState {
  return { ...state, collectionBags: state.collectionBags.map((b) => (bagIds.includes(b.bagId) ? patch(b) : b)) };
}

export function patchProductBags(state: CustodyState, bagIds: readonly string[], patch: (bag: ProductBagState) => ProductBagState): CustodyState {
  if (state.product === null) return state;
  return { ...state, product: { ...state.product, bags: state.product.bags.map((b) => (bagIds.includes(b.bagId) ? patch(b) : b)) } };
}

export function collectionBag(state: CustodyState, bagId: string): CollectionBagState | undefined {
  return state.collectionBags.find((b) => b.bagId === bagId);
}

export function productBag(state: CustodyState, bagId: string): ProductBagState | undefined {
  return state.product?.bags.find((b) => b.bagId === bagId);
}
