import type { CustodyPerson, CustodyStep } from './events.js';
import { reason, type CustodyReason } from './outcome.js';

/**
 * The steps two people check together, as the handbook asks:
 * - collection: labels and chain-of-identity documents checked by two staff (§1.4 item 10);
 * - receipt: the chain-of-identity documents checked by at least two people at the same time (§2.2.1);
 * - bedside-match: two people compare name, date of birth and expiry before infusion (§2.2.3).
 */
export const TWO_PERSON_STEPS: readonly CustodyStep[] = Object.freeze(['collection', 'receipt', 'bedside-match']);

/**
 * Roles allowed to take part in each step by default, in the server's role names (design.md
 * "Users"). The handbook leaves staffing to institutional procedure (§2.2.1: "a pharmacist may
 * take part"); the server may pass its own table in the reducer's context.
 */
export const CUSTODY_STEP_ROLES: Readonly<Record<CustodyStep, readonly string[]>> = Object.freeze({
  collection: ['nurse', 'physician', 'cell-therapy-technologist'],
  'cold-storage': ['cell-therapy-technologist', 'nurse'],
  cryopreservation: ['cell-therapy-technologist'],
  'liquid-nitrogen-storage': ['cell-therapy-technologist'],
  shipment: ['cell-therapy-technologist'],
  'manufacturing-status': ['cell-therapy-technologist', 'pharmacist', 'case-manager'],
  receipt: ['cell-therapy-technologist', 'pharmacist'],
  'release-documents': ['cell-therapy-technologist', 'pharmacist', 'physician'],
  'product-storage': ['cell-therapy-technologist', 'pharmacist'],
  'transfer-to-bedside': ['cell-therapy-technologist', 'pharmacist', 'nurse'],
  'bedside-match': ['nurse', 'physician', 'pharmacist'],
  thaw: ['nurse', 'physician', 'cell-therapy-technologist'],
  'infusion-start': ['nurse', 'physician'],
  'infusion-end': ['nurse', 'physician'],
});

/**
 * Who may do a step: every person in a permitted role, and for a two-person step two distinct
 * users in permitted roles. The same user id twice is refused as such, even when a second
 * session signed.
 */
export function checkPeople(step: CustodyStep, people: readonly CustodyPerson[], permitted: readonly string[]): CustodyReason[] {
  const reasons: CustodyReason[] = [];
  people.forEach((p, i) => {
    if (!permitted.includes(p.role)) reasons.push(reason('role-not-permitted', `performedBy[${i}].role`, { role: p.role }));
  });
  const ids = people.map((p) => p.userId);
  const distinct = new Set(ids);
  if (distinct.size < ids.length) reasons.push(reason('same-user-twice', 'performedBy'));
  if (TWO_PERSON_STEPS.includes(step)) {
    const qualified = new Set(people.filter((p) => permitted.includes(p.role)).map((p) => p.userId));
    if (qualified.size < 2) reasons.push(reason('second-person-required', 'performedBy'));
  }
  return reasons;
}
