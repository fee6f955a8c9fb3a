/**
 * The bare-function baseline of the benchmark: the same grades as the engine, computed as
 * numbers only (no basis, actions, doses or warnings). Used to price the explanations and to
 * cross-check the engine's grades; never used by the product.
 */
import type { CarHematotoxInput, CrsInput, IcahtInput, IcansInput } from '@cartographer/core';

export function bareCrs(p: CrsInput): number | null {
  const fever = p.antipyreticOrAnticytokineGiven || (p.temperature !== undefined && p.temperature >= 38 && !p.feverAttributedToOtherCause);
  if (!p.antipyreticOrAnticytokineGiven && p.temperature === undefined) return null;
  if (!fever) return 0;
  let pressors = 0;
  let nonVasopressin = 0;
  for (const v of p.vasopressors) {
    pressors++;
    if (v !== 'vasopressin') nonVasopressin++;
  }
  const hypotension = !p.hypotension ? 0 : nonVasopressin >= 2 ? 4 : pressors >= 1 ? 3 : 2;
  const device = p.oxygen.device;
  const oxygen =
    device === 'none' ? 0
    : device === 'blow-by' ? 2
    : device === 'nasal-cannula' ? ((p.oxygen.flow ?? 0) <= 6 ? 2 : 3)
    : device === 'cpap' || device === 'bipap' || device === 'mechanical-ventilation' ? 4
    : 3;
  return Math.max(1, hypotension, oxygen);
}

const CONSCIOUSNESS: Record<string, number> = { alert: 0, 'awakens-spontaneously': 1, 'awakens-to-voice': 2, 'awakens-to-tactile-only': 3, unarousable: 4 };
const SEIZURE: Record<string, number> = { none: 0, 'rapidly-resolving': 3, 'prolonged-or-repetitive': 4 };
const EDEMA: Record<string, number> = { none: 0, 'focal-edema': 3, 'diffuse-edema-or-signs': 4 };

export function bareIcans(p: IcansInput): number | null {
  const total = p.ice?.total;
  if (total === undefined || p.consciousness === undefined || p.seizure === undefined || p.motor === undefined || p.cerebralEdema === undefined) return null;
  const ice = total === 10 ? 0 : total >= 7 ? 1 : total >= 3 ? 2 : 3;
  return Math.max(ice, CONSCIOUSNESS[p.consciousness]!, SEIZURE[p.seizure]!, p.motor === 'none' ? 0 : 4, EDEMA[p.cerebralEdema]!);
}

export function bareCarHematotox(p: CarHematotoxInput): number | null {
  if (p.platelets === undefined || p.anc === undefined || p.hemoglobin === undefined || p.crp === undefined || p.ferritin === undefined) return null;
  const platelets = p.platelets > 175_000 ? 0 : p.platelets >= 75_000 ? 1 : 2;
  const ferritin = p.ferritin < 650 ? 0 : p.ferritin <= 2_000 ? 1 : 2;
  return platelets + (p.anc > 1_200 ? 0 : 1) + (p.hemoglobin > 9 ? 0 : 1) + (p.crp < 3 ? 0 : 1) + ferritin;
}

/** Days set in `low` (bit d = day d) in days 0..last; recoveries shorter than 3 days between low stretches count as low. */
function daysAtOrBelow(low: number, last: number): number {
  let days = 0;
  let seenLow = false;
  let recovery = 0;
  for (let d = 0; d <= last; d++) {
    if ((low >>> d) & 1) {
      if (seenLow && recovery > 0 && recovery < 3) days += recovery;
      days++;
      seenLow = true;
      recovery = 0;
    } else if (seenLow) {
      recovery++;
    }
  }
  return days;
}

/** Early ICAHT on complete daily counts (the synthetic population has no gaps). */
export function bareEarlyIcaht(p: IcahtInput): number {
  const last = Math.min(p.asOfDay, 30);
  const below500 = daysAtOrBelow(p.earlyAtOrBelow500, last);
  const below100 = daysAtOrBelow(p.earlyAtOrBelow100, last);
  const neverAbove500 = last === 30 && (p.earlyAtOrBelow500 & 0x7fffffff) === 0x7fffffff;
  if (neverAbove500 || below100 >= 14) return 4;
  if (below500 >= 14 || below100 >= 7) return 3;
  if (below500 >= 7) return 2;
  return below500 >= 1 ? 1 : 0;
}
