import type { Role } from '../../src/auth/roles.js';
import type { ApiProblem } from '../../src/errors.js';
import type { CourseView, StepView, TaskView } from '../../src/journey/schemas.js';
import { SYSTEM_ACTOR } from '../../src/audit/trail.js';
import { createPatient } from '../../src/domain/patients.js';
import { addToCareTeam } from '../../src/domain/users.js';
import type { TestServer } from '../support/server.js';

/** A patient whose care team holds every role's test user except those left out. */
export async function patientWithTeam(s: TestServer, now: Date, leaveOut: readonly Role[] = [], mrn = 'MRN-0001'): Promise<string> {
  return s.database.db.transaction().execute(async (tx) => {
    const { row } = await createPatient(
      tx,
      SYSTEM_ACTOR,
      {
        name: '王小明',
        birthDate: '2006-05-01',
        sex: 'male',
        identifiers: [
          { system: 'urn:test:mrn', value: mrn, kind: 'medical-record-number' },
          { system: 'urn:test:program', value: `P-${mrn}`, kind: 'program-id' },
        ],
      },
      now,
    );
    for (const [role, id] of Object.entries(s.users) as [Role, string][]) {
      if (!leaveOut.includes(role)) await addToCareTeam(tx, SYSTEM_ACTOR, row.id, id, now);
    }
    return row.id;
  });
}

const q = (value: number, unit: string) => ({ value, unit });

/** Eligibility (handbook Table 1, §1.2.2): a 20-year-old in second relapse of B-ALL, every criterion met. */
export const ELIGIBLE = {
  product: 'tisagenlecleucel',
  assessmentDate: '2026-03-01',
  performanceStatus: { scale: 'ecog', value: 1 },
  lifeExpectancy: 'over-8-weeks',
  highTumorBurden: false,
  otherMalignancy: 'none',
  priorAlloHct: false,
  priorCd19DirectedTherapy: false,
  systemicImmunosuppression: false,
  activeBacterialOrFungalInfection: false,
  activeViralInfection: false,
  covidPcr: 'negative',
  hbv: 'negative',
  hcv: 'negative',
  hiv: 'negative',
  cnsInvolvement: 'none',
  sex: 'male',
  weight: q(70, 'kg'),
  creatinine: q(0.9, 'mg/dL'),
  lvef: q(60, '%'),
  spo2RoomAir: q(98, '%'),
  requiresSupplementalOxygen: false,
  diagnosis: 'B-ALL',
  ageYears: 20,
  linesOfPriorSystemicTherapy: 3,
  diseaseStatus: 'second-or-later-relapse',
  kmt2aRearranged: false,
  tp53Mutated: false,
  hypodiploid: false,
  concurrentTkiPlanned: false,
  blinatumomabResponse: 'not-given',
  marrowBlasts: q(2, '%'),
  extramedullaryDisease: 'none',
  cd19MarrowLoad: q(40, '%'),
} as const;

/** The same patient with an active bacterial infection (absolute) and a low LVEF (review). */
export const NOT_ELIGIBLE = { ...ELIGIBLE, activeBacterialOrFungalInfection: true, lvef: q(35, '%') };

const sent = { sentOn: '2026-03-01', resultedOn: '2026-03-04' };
/** Seed 000 §共同初步檢查: every item resulted, B-lymphoid blasts 80%, team decision on day 1. */
export const WORKUP_DONE = {
  now: '2026-03-06',
  diagnosisConfirmedOn: '2026-03-04',
  teamDecisionOn: '2026-03-05',
  items: {
    cbcSmear: sent,
    marrowAspirate: sent,
    marrowBiopsy: sent,
    flowCytometry: { ...sent, lineage: 'b-lymphoid' },
    karyotype: sent,
    flt3: sent,
    npm1: sent,
    idh1: sent,
    idh2: sent,
    tp53: sent,
    bcrAbl1: sent,
    kmt2a: sent,
    lumbarPuncture: sent,
  },
  marrowBlastPercent: q(80, '%'),
  amlDefiningGenetics: [],
  bcrAbl1Detected: false,
};

export const ALL_PATHWAY_PH_NEGATIVE = { lineage: 'B', phStatus: 'negative', age: q(45, 'a'), status: { phase: 'newly-diagnosed' } };
export const ALL_PATHWAY_PH_PENDING = { ...ALL_PATHWAY_PH_NEGATIVE, phStatus: 'pending' };
export const MRD_NEGATIVE = { disease: 'ALL', results: [{ date: '2026-04-10', method: 'flow', marker: 'LAIP', sensitivityFraction: 0.0001, valueFraction: 'undetectable' }] };

/** Typed readers of the responses (the shapes are the routes' zod schemas). */
interface JsonResponse {
  json<T>(): T;
}
export const asCourse = (res: JsonResponse) => res.json<CourseView>();
export const asTasks = (res: JsonResponse) => res.json<TaskView[]>();
export const asTask = (res: JsonResponse) => res.json<TaskView>();
export const firstIssue = (res: JsonResponse) => res.json<ApiProblem>().issues?.[0];
export const issues = (res: JsonResponse) => res.json<ApiProblem>().issues ?? [];
export const stepView = (view: CourseView, step: string): StepView => {
  const found = view.steps.find((x) => x.step === step);
  if (!found) throw new Error(`no step ${step}`);
  return found;
};
export const taskByCode = (view: CourseView, code: string): TaskView => {
  const found = view.tasks.find((t) => t.code === code);
  if (!found) throw new Error(`no task ${code}`);
  return found;
};
