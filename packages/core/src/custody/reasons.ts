import { defineRules } from '../explain/rules.js';
import type { RuleSources, SeedReference } from '../explain/sources.js';
import { registerMessages } from '../i18n/catalog.js';
import { reasonMessages } from './reasons.messages.js';

registerMessages(reasonMessages);

const item5 = { seed: 'handbook', section: '§1.4, item 5 (records)' } as const;
const item6 = { seed: 'handbook', section: '§1.4, item 6 (transport of apheresis material)' } as const;
const item7 = { seed: 'handbook', section: '§1.4, item 7 (cell processing and freezing)' } as const;
const item8 = { seed: 'handbook', section: '§1.4, item 8 and Table 3 (controlled-rate freezing)' } as const;
const item9 = { seed: 'handbook', section: '§1.4, item 9 (transfer to liquid nitrogen)' } as const;
const item10 = { seed: 'handbook', section: '§1.4, item 10 (identity, one patient at a time, two-person check)' } as const;
const receipt = { seed: 'handbook', section: '§2.2.1 (product receipt)' } as const;
const thaw = { seed: 'handbook', section: '§2.2.2 (thawing)' } as const;
const infusion = { seed: 'handbook', section: '§2.2.3 (infusion)' } as const;
type Seed = SeedReference;
const collection = (...seed: Seed[]): RuleSources => ({ seed, publications: ['qayed2022'] });
const product = (...seed: Seed[]): RuleSources => ({ seed, publications: ['hayden2022'] });
const both = (...seed: Seed[]): RuleSources => ({ seed, publications: ['qayed2022', 'hayden2022'] });

/**
 * Every reason the custody reducer stops a step or records a deviation: one coded list, each code
 * a rule with its sources and its text in zh-TW and en (message key `custody.<code>`).
 */
export const CUSTODY_REASONS = defineRules('custody', {
  // Identity: a scanned identifier that does not belong to this patient or product stops the step.
  'coi-mismatch': both(item10, thaw),
  'patient-mismatch': both(item10, thaw, infusion),
  'din-mismatch': collection(item10),
  'collection-bag-unknown': collection(item10),
  'product-bag-unknown': product(receipt, thaw),
  'manufacturer-identifier-mismatch': product(receipt),
  'manufacturer-identifier-missing': product(receipt),
  'scan-required': both(item10, receipt, infusion),
  'bag-not-scanned': both(item10, receipt),
  'identifier-already-used': both(item5, receipt),
  'patient-identifiers-too-few': collection(item10),
  'bedside-identifiers-incomplete': product(infusion),
  'product-expired': product(infusion),
  // Two-person steps.
  'second-person-required': both(item10, receipt, infusion),
  'same-user-twice': both(item10, receipt, infusion),
  'role-not-permitted': both(item10, receipt, infusion),
  // Order of steps.
  'time-before-previous-event': both(item5),
  'collection-times-invalid': collection(item5),
  'wrong-pathway': collection(item6),
  'already-cryopreserved': collection(item7, item8),
  'not-cryopreserved': collection(item8, item9),
  'already-shipped': collection(item6),
  'not-shipped': product(receipt),
  'product-already-received': product(receipt),
  'not-received': product(receipt, thaw),
  'not-released': product(receipt, thaw),
  'not-stored': product(receipt, thaw),
  'not-at-bedside': product(thaw),
  'no-bedside-match': product(thaw, infusion),
  'previous-bag-not-infused': product(thaw),
  'bag-not-thawed': product(thaw, infusion),
  'bag-already-thawed': product(thaw),
  'infusion-not-started': product(infusion),
  'bag-already-infused': product(infusion),
  'freezing-record-invalid': collection(item7, item8),
  // One patient's material at a time in the biosafety cabinet.
  'cabinet-required': collection(item7),
  'cabinet-not-open': collection(item10),
  'cabinet-occupied': collection(item10),
  'cabinet-material-already-open': collection(item10),
  'cabinet-material-not-open': collection(item10),
  // Deviations that do not stop the step.
  'cold-storage-late': collection(item6),
  'cryopreservation-late': collection(item6),
  'freeze-start-late': collection(item8),
  'freezing-curve-nonconforming': collection(item8),
  'processing-value-out-of-range': collection(item7),
  'microbiology-positive': collection(item7),
  'temperature-out-of-range': both(item6, item9, thaw),
  'temperature-not-recorded': both(item6, item9, thaw),
  'release-not-accepted': product(receipt),
  'package-integrity': product(receipt),
  'thaw-to-infusion-exceeded': product(infusion),
});
export type CustodyReasonCode = keyof typeof CUSTODY_REASONS;

/** Codes that stop the step (state unchanged) as opposed to those recorded beside an accepted step. */
export const DEVIATION_ONLY_CODES = [
  'cold-storage-late',
  'cryopreservation-late',
  'freeze-start-late',
  'freezing-curve-nonconforming',
  'processing-value-out-of-range',
  'microbiology-positive',
  'temperature-out-of-range',
  'temperature-not-recorded',
  'release-not-accepted',
  'package-integrity',
  'thaw-to-infusion-exceeded',
] as const satisfies readonly CustodyReasonCode[];

export const CUSTODY_REASON_CODES = Object.keys(CUSTODY_REASONS) as CustodyReasonCode[];

export function isHardStopCode(code: CustodyReasonCode): boolean {
  return !(DEVIATION_ONLY_CODES as readonly CustodyReasonCode[]).includes(code);
}
