import * as z from 'zod';
import { Instant } from '../units/quantity.js';
import { CustodyPerson } from './events.js';
import { deviationDraft, reason, type CustodyReason, type DeviationDraft } from './outcome.js';

/**
 * Biosafety cabinet occupancy across patients: one patient's material at a time in a cabinet
 * (handbook §1.4 item 10). A pure reducer over open / close events; the custody reducer reads
 * its state to refuse processing in a cabinet that does not hold this patient's material.
 */

export const CabinetEvent = z
  .object({
    type: z.enum(['open', 'close']),
    id: z.string().min(1).describe("The server's id for this event."),
    cabinetId: z.string().min(1),
    at: Instant,
    performedBy: z.array(CustodyPerson).min(1).max(4),
    coi: z.string().min(1).describe('Course the material belongs to.'),
    patientId: z.string().min(1).describe('Patient the material belongs to (from the course).'),
    materialId: z.string().min(1).describe('The bag or container opened or closed (its scanned identifier).'),
  })
  .strict();
export type CabinetEvent = z.output<typeof CabinetEvent>;

export const OpenMaterial = z.object({
  cabinetId: z.string(),
  materialId: z.string(),
  coi: z.string(),
  patientId: z.string(),
  openedAt: z.string(),
  openedBy: z.array(z.string()),
});
export type OpenMaterial = z.infer<typeof OpenMaterial>;

/** Every material open in any cabinet. Plain JSON. */
export const CabinetState = z.object({ open: z.array(OpenMaterial) });
export type CabinetState = z.infer<typeof CabinetState>;

export const EMPTY_CABINETS: CabinetState = Object.freeze({ open: [] });

export type CabinetOutcome =
  | { readonly status: 'accepted' }
  | { readonly status: 'hard-stop'; readonly reasons: readonly CustodyReason[]; readonly deviation: DeviationDraft };

function stopped(state: CabinetState, event: CabinetEvent, reasons: CustodyReason[]): { state: CabinetState; outcome: CabinetOutcome } {
  const step = { id: event.id, coi: event.coi, type: `cabinet-${event.type}`, at: event.at, performedBy: event.performedBy };
  return { state, outcome: { status: 'hard-stop', reasons, deviation: deviationDraft(step, reasons, true) } };
}

/** The patients whose material is open in a cabinet (at most one while the reducer guards it). */
export function cabinetPatients(state: CabinetState, cabinetId: string): string[] {
  return [...new Set(state.open.filter((m) => m.cabinetId === cabinetId).map((m) => m.patientId))];
}

/**
 * Opens or closes a material in a cabinet. Opening is refused while another patient's material
 * is open there, or when the same material is already open; closing is refused for a material
 * that is not open. A refusal leaves the state unchanged.
 */
export function applyCabinetEvent(state: CabinetState, event: CabinetEvent): { state: CabinetState; outcome: CabinetOutcome } {
  const here = state.open.filter((m) => m.cabinetId === event.cabinetId);
  if (event.type === 'open') {
    const reasons: CustodyReason[] = [];
    if (here.some((m) => m.patientId !== event.patientId)) reasons.push(reason('cabinet-occupied', 'cabinetId', { cabinet: event.cabinetId }));
    if (here.some((m) => m.materialId === event.materialId)) {
      reasons.push(reason('cabinet-material-already-open', 'materialId', { cabinet: event.cabinetId, material: event.materialId }));
    }
    if (reasons.length > 0) return stopped(state, event, reasons);
    const opened: OpenMaterial = {
      cabinetId: event.cabinetId,
      materialId: event.materialId,
      coi: event.coi,
      patientId: event.patientId,
      openedAt: event.at,
      openedBy: event.performedBy.map((p) => p.userId),
    };
    return { state: { open: [...state.open, opened] }, outcome: { status: 'accepted' } };
  }
  const index = state.open.findIndex((m) => m.cabinetId === event.cabinetId && m.materialId === event.materialId && m.patientId === event.patientId);
  if (index < 0) {
    return stopped(state, event, [reason('cabinet-material-not-open', 'materialId', { cabinet: event.cabinetId, material: event.materialId })]);
  }
  return { state: { open: state.open.filter((_, i) => i !== index) }, outcome: { status: 'accepted' } };
}

/**
 * Whether a custody step may be done in a cabinet for this patient: the cabinet must hold this
 * patient's material and no other patient's.
 */
export function checkCabinetFor(state: CabinetState, cabinetId: string, patientId: string): CustodyReason[] {
  const patients = cabinetPatients(state, cabinetId);
  if (patients.some((p) => p !== patientId)) return [reason('cabinet-occupied', 'location.cabinetId', { cabinet: cabinetId })];
  if (!patients.includes(patientId)) return [reason('cabinet-not-open', 'location.cabinetId', { cabinet: cabinetId })];
  return [];
}
