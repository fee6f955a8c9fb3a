import { localDateOf, type InstitutionSettings } from '@cartographer/core';
import type { Db, Tx } from '../db/connect.js';
import { OBSERVATION_CODES, type ObservationCode } from '../domain/observation-codes.js';

/**
 * A patient's clinical state as the alert engine reads it from the database: the latest value of
 * each observation within its look-back window, the medication administrations that matter, the
 * active CAR-T course and its anchors. Nothing is cached: every evaluation reads afresh, so that
 * several server processes agree.
 *
 * Look-back windows are institution settings (core institution/settings.ts):
 * - bedside findings (vital signs, oxygen, hypotension, ICE / CAPD, neurological examination):
 *   `bedsideLookBackHours` (default 12 h, one nursing shift). An older finding does not describe
 *   the patient now; it is treated as not recorded, so the instrument answers "cannot assess".
 * - laboratory values: `laboratoryLookBackHours` (default 36 h: labs are drawn daily after CAR-T,
 *   plus a margin for a late draw).
 * - body weight: the latest one recorded since the course began (weight changes slowly; dosing
 *   uses the course's weight), else the course's `details.weightKg`.
 * - the ANC series for ICAHT: every count from day 0 (infusion) on, as ICAHT is graded on the
 *   whole series (seed 002 §3.1.5, Table 12).
 */

const HOUR_MS = 3_600_000;

export interface Reading {
  readonly value: number | null;
  readonly unit: string | null;
  readonly code: string | null;
  readonly at: Date;
  /** The result's own reference range (in `unit`), when the laboratory sent one. */
  readonly referenceLow?: number | null;
  readonly referenceHigh?: number | null;
}

export interface Administration {
  readonly drug: string;
  readonly at: Date;
}

/**
 * The JSON a course may carry in `episodes.details` (all optional): the infusion instant, weight
 * and age when no observation gives them, the disease category, the patient's own baseline values
 * before CAR-T (canonical units, or { value, unit }). Reference limits are not a course's: they
 * come with each result or from the institution settings.
 */
export interface EpisodeDetails {
  readonly infusionAt?: string;
  readonly weightKg?: number;
  readonly ageYears?: number;
  readonly disease?: string;
  readonly hematotoxRisk?: 'low' | 'high';
  readonly baseline?: Readonly<Record<string, unknown>>;
}

export interface EpisodeState {
  readonly id: string;
  readonly disease: string;
  readonly details: EpisodeDetails;
  readonly startedAt: Date;
  /** Infusion start: the journey anchor, else `details.infusionAt`. */
  readonly infusionStart: Date | null;
  readonly infusionEnd: Date | null;
  readonly ldcStart: Date | null;
}

export interface ClinicalState {
  readonly patientId: string;
  readonly now: Date;
  readonly settings: InstitutionSettings;
  readonly episode: EpisodeState | null;
  readonly ageYears: number | null;
  readonly weightKg: number | null;
  /** Latest reading of each code within its window. */
  readonly latest: ReadonlyMap<ObservationCode, Reading>;
  /** Time of the latest vital-sign reading at or before now (any age). */
  readonly lastVitalsAt: Date | null;
  /** ANC counts from the infusion day on (empty without an infusion). */
  readonly ancSeries: readonly Reading[];
  /** Administrations since the course began (or within the longest window without a course). */
  readonly administrations: readonly Administration[];
  /** Grades of the course's CRS assessments so far, oldest first ("cannot assess" left out). */
  readonly crsGrades: readonly number[];
  /** Input of the latest IEC-HS assessment made by a clinician within the laboratory window. */
  readonly clinicianIecHs: Readonly<Record<string, unknown>> | null;
}

/** Vital signs in the sense of the infusion monitoring rule (seed 002 §2.2.3, infusion: vital signs every 15 min during, every 30 min after). */
export const VITAL_SIGN_CODES: readonly ObservationCode[] = ['body-temperature', 'heart-rate', 'systolic-blood-pressure', 'respiratory-rate', 'oxygen-saturation'];

function windowHours(code: ObservationCode, settings: InstitutionSettings): number {
  return OBSERVATION_CODES[code].category === 'laboratory' ? settings.laboratoryLookBackHours : settings.bedsideLookBackHours;
}

/** Whole years between a birth date and a calendar date (both YYYY-MM-DD). */
export function ageInYears(birthDate: string, onDate: string): number {
  const [by = 0, bm = 0, bd = 0] = birthDate.split('-').map(Number);
  const [y = 0, m = 0, d = 0] = onDate.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const LIVE_OBSERVATION = ['entered-in-error', 'cancelled'];
const LIVE_ADMINISTRATION = ['entered-in-error', 'not-done'];

async function activeEpisode(db: Db | Tx, patientId: string): Promise<EpisodeState | null> {
  const row = await db
    .selectFrom('episodes')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('kind', '=', 'car-t-course')
    .where('ended_at', 'is', null)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const details = (row.details ?? {}) as EpisodeDetails;
  const anchors = await db.selectFrom('journey_anchors').select(['anchor', 'at']).where('episode_id', '=', row.id).execute();
  const anchor = (name: string) => anchors.find((a) => a.anchor === name)?.at ?? null;
  const fromDetails = typeof details.infusionAt === 'string' && !Number.isNaN(Date.parse(details.infusionAt)) ? new Date(details.infusionAt) : null;
  return {
    id: row.id,
    disease: row.disease,
    details,
    startedAt: row.started_at,
    infusionStart: anchor('infusion-start') ?? fromDetails,
    infusionEnd: anchor('infusion-end'),
    ldcStart: anchor('ldc-start'),
  };
}

export async function loadClinicalState(db: Db | Tx, patientId: string, now: Date, settings: InstitutionSettings): Promise<ClinicalState | null> {
  const patient = await db.selectFrom('patients').select(['id', 'birth_date']).where('id', '=', patientId).executeTakeFirst();
  if (!patient) return null;
  const episode = await activeEpisode(db, patientId);
  const longest = Math.max(settings.bedsideLookBackHours, settings.laboratoryLookBackHours, settings.feverMaskingHours);
  const windowStart = new Date(now.getTime() - longest * HOUR_MS);

  const rows = await db
    .selectFrom('observations')
    .select(['code', 'value_number', 'unit', 'value_code', 'effective_at', 'reference_low', 'reference_high'])
    .where('patient_id', '=', patientId)
    .where('effective_at', '>=', windowStart)
    .where('effective_at', '<=', now)
    .where('status', 'not in', LIVE_OBSERVATION)
    .orderBy('effective_at', 'desc')
    .orderBy('recorded_at', 'desc')
    .execute();
  const latest = new Map<ObservationCode, Reading>();
  for (const r of rows) {
    const code = r.code as ObservationCode;
    if (!Object.hasOwn(OBSERVATION_CODES, code) || latest.has(code)) continue;
    if (r.effective_at.getTime() < now.getTime() - windowHours(code, settings) * HOUR_MS) continue;
    latest.set(code, { value: r.value_number, unit: r.unit, code: r.value_code, at: r.effective_at, referenceLow: r.reference_low, referenceHigh: r.reference_high });
  }

  const vitals = await db
    .selectFrom('observations')
    .select((eb) => eb.fn.max('effective_at').as('at'))
    .where('patient_id', '=', patientId)
    .where('code', 'in', VITAL_SIGN_CODES)
    .where('effective_at', '<=', now)
    .where('status', 'not in', LIVE_OBSERVATION)
    .executeTakeFirst();

  let weightKg: number | null = null;
  if (episode) {
    const weight = await db
      .selectFrom('observations')
      .select('value_number')
      .where('patient_id', '=', patientId)
      .where('code', '=', 'body-weight')
      .where('effective_at', '>=', episode.startedAt)
      .where('effective_at', '<=', now)
      .where('status', 'not in', LIVE_OBSERVATION)
      .orderBy('effective_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    weightKg = weight?.value_number ?? (typeof episode.details.weightKg === 'number' ? episode.details.weightKg : null);
  }

  const today = localDateOf(now.toISOString(), settings.timeZone);
  const ageYears = typeof episode?.details.ageYears === 'number' ? episode.details.ageYears : ageInYears(patient.birth_date, today);

  let ancSeries: Reading[] = [];
  if (episode?.infusionStart) {
    // A day earlier than the instant, so that counts on the local infusion day are all read.
    const from = new Date(episode.infusionStart.getTime() - 24 * HOUR_MS);
    const infusionDate = localDateOf(episode.infusionStart.toISOString(), settings.timeZone);
    const anc = await db
      .selectFrom('observations')
      .select(['value_number', 'unit', 'value_code', 'effective_at'])
      .where('patient_id', '=', patientId)
      .where('code', '=', 'neutrophils')
      .where('effective_at', '>=', from)
      .where('effective_at', '<=', now)
      .where('status', 'not in', LIVE_OBSERVATION)
      .orderBy('effective_at')
      .execute();
    ancSeries = anc
      .filter((r) => localDateOf(r.effective_at.toISOString(), settings.timeZone) >= infusionDate)
      .map((r) => ({ value: r.value_number, unit: r.unit, code: r.value_code, at: r.effective_at }));
  }

  const administrationsFrom = episode && episode.startedAt < windowStart ? episode.startedAt : windowStart;
  const administrations = await db
    .selectFrom('medication_administrations')
    .select(['drug', 'administered_at'])
    .where('patient_id', '=', patientId)
    .where('administered_at', '>=', administrationsFrom)
    .where('administered_at', '<=', now)
    .where('status', 'not in', LIVE_ADMINISTRATION)
    .orderBy('administered_at')
    .execute();

  let crsGrades: number[] = [];
  let clinicianIecHs: Record<string, unknown> | null = null;
  if (episode) {
    const crs = await db
      .selectFrom('assessments')
      .select('result')
      .where('patient_id', '=', patientId)
      .where('episode_id', '=', episode.id)
      .where('instrument', '=', 'crs')
      .where('assessed_at', '<=', now)
      .orderBy('assessed_at')
      .execute();
    crsGrades = crs.flatMap((a) => {
      const grade = (a.result as { value?: { grade?: unknown } | null }).value?.grade;
      return typeof grade === 'number' ? [grade] : [];
    });
    const judged = await db
      .selectFrom('assessments')
      .select('input')
      .where('patient_id', '=', patientId)
      .where('instrument', '=', 'iec-hs')
      .where('created_by', 'is not', null)
      .where('assessed_at', '>=', new Date(now.getTime() - settings.laboratoryLookBackHours * HOUR_MS))
      .where('assessed_at', '<=', now)
      .orderBy('assessed_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    clinicianIecHs = judged && typeof judged.input === 'object' && judged.input !== null ? (judged.input as Record<string, unknown>) : null;
  }

  return {
    patientId,
    now,
    settings,
    episode,
    ageYears,
    weightKg,
    latest,
    lastVitalsAt: vitals?.at ? new Date(vitals.at) : null,
    ancSeries,
    administrations: administrations.map((a) => ({ drug: a.drug, at: a.administered_at })),
    crsGrades,
    clinicianIecHs,
  };
}
