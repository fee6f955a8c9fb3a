import type { Role } from './roles.js';

/**
 * Who may do what. An action absent from a role's list is denied: there is no default grant.
 * Every route names one action (or `public`); the server refuses to start with a route that
 * names none, and a test walks every route with every role against this table.
 * Clinical actions also require that the user is on the patient's care team.
 */
const CLINICAL: readonly Role[] = ['physician', 'nurse', 'pharmacist', 'cell-therapy-technologist', 'case-manager', 'psychologist', 'social-worker'];
const PRESCRIBERS_AND_NURSES: readonly Role[] = ['physician', 'nurse', 'pharmacist'];

export const PERMISSIONS = {
  'patient.list': CLINICAL,
  'patient.read': CLINICAL,
  'patient.create': ['physician', 'nurse', 'case-manager'],
  'patient.update': ['physician', 'nurse', 'case-manager'],
  'observation.read': CLINICAL,
  'observation.create': ['physician', 'nurse', 'cell-therapy-technologist'],
  'medication.read': CLINICAL,
  'medication.create': ['physician', 'nurse', 'pharmacist'],
  'assessment.read': CLINICAL,
  'assessment.create': PRESCRIBERS_AND_NURSES,
  // The IEC-HS judgments (seed 002 §3.1.4, Table 9) are the treating physician's.
  'iec-hs.judge': ['physician'],
  'alert.read': CLINICAL,
  'alert.acknowledge': ['physician', 'nurse', 'pharmacist'],
  // The bedside read models (ward board, patient sheet, alert view): what the clinical team reads.
  'board.read': CLINICAL,
  'journey.read': CLINICAL,
  'journey.update': ['physician', 'nurse', 'pharmacist', 'cell-therapy-technologist', 'case-manager'],
  'journey.override': ['physician'],
  'task.read': CLINICAL,
  'task.complete': CLINICAL,
  'document.read': CLINICAL,
  'document.create': CLINICAL,
  'product.read': ['physician', 'nurse', 'pharmacist', 'cell-therapy-technologist', 'case-manager'],
  'product.update': ['physician', 'pharmacist', 'cell-therapy-technologist'],
  // Chain of identity and custody (issue 6): who handles patient-specific cell products.
  'custody.read': ['physician', 'nurse', 'pharmacist', 'cell-therapy-technologist', 'case-manager'],
  // Record a custody step, open or close a cabinet; the core's CUSTODY_STEP_ROLES narrows each step further.
  'custody.record': ['physician', 'nurse', 'pharmacist', 'cell-therapy-technologist'],
  // Be the second person of a two-person check (signed with the verifier's own credentials).
  'custody.verify': ['physician', 'nurse', 'pharmacist', 'cell-therapy-technologist'],
  'custody.deviation.investigate': ['physician', 'nurse', 'pharmacist', 'cell-therapy-technologist'],
  // Sign-off answers to the facility director (handbook §1.4 item 7); no lab director role exists, so the
  // physician and the cell-therapy technologist (the cell lab's own quality role) sign off.
  'custody.deviation.sign-off': ['physician', 'cell-therapy-technologist'],
  // Program-wide vein-to-vein statistics: counts and quantiles, no patient.
  'custody.program.read': ['physician', 'nurse', 'pharmacist', 'cell-therapy-technologist', 'case-manager'],
  'fhir.import': ['physician', 'nurse', 'administrator'],
  'cds.patient-view': ['physician', 'nurse', 'pharmacist', 'case-manager'],
  'settings.read': ['physician', 'nurse', 'pharmacist', 'cell-therapy-technologist', 'case-manager', 'psychologist', 'social-worker', 'administrator'],
  'settings.update': ['administrator'],
  'user.manage': ['administrator'],
  'audit.read': ['administrator'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** `public`: no login (health, documentation, login itself); `authenticated`: any signed-in user. */
export type RoutePermission = Action | 'public' | 'authenticated';

export function isAllowed(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** Actions that read or change one patient's record: the user must be on that patient's care team. */
export const PATIENT_SCOPED: ReadonlySet<Action> = new Set<Action>([
  'patient.read',
  'patient.update',
  'observation.read',
  'observation.create',
  'medication.read',
  'medication.create',
  'assessment.read',
  'assessment.create',
  'iec-hs.judge',
  'alert.read',
  'alert.acknowledge',
  'board.read',
  'journey.read',
  'journey.update',
  'journey.override',
  'task.read',
  'task.complete',
  'document.read',
  'document.create',
  'product.read',
  'product.update',
  'custody.read',
  'custody.record',
  'custody.verify',
  'custody.deviation.investigate',
  'custody.deviation.sign-off',
  'cds.patient-view',
]);
