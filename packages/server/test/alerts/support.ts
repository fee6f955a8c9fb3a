import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, type Actor } from '../../src/audit/trail.js';
import type { Row } from '../../src/db/schema.js';
import type { ObservationCode } from '../../src/domain/observation-codes.js';
import { createPatient } from '../../src/domain/patients.js';
import { recordAdministration, recordObservation, type ObservationValue } from '../../src/domain/record.js';
import { addToCareTeam } from '../../src/domain/users.js';
import type { Role } from '../../src/auth/roles.js';
import type { TestServer } from '../support/server.js';

/** A clock the tests move by hand. */
export class Clock {
  constructor(private at: Date) {}
  readonly now = (): Date => new Date(this.at);
  set(at: Date | string): void {
    this.at = new Date(at);
  }
  advance(minutes: number): Date {
    this.at = new Date(this.at.getTime() + minutes * 60_000);
    return this.now();
  }
}

let counter = 0;

/** A patient on the care team of the given roles, with an active CAR-T course. */
export async function patientWithCourse(
  s: TestServer,
  roles: readonly Role[],
  course: { details: Record<string, unknown>; startedAt: Date; disease?: string },
  now: Date,
): Promise<{ patientId: string; episodeId: string }> {
  counter += 1;
  return s.database.db.transaction().execute(async (tx) => {
    const p = await createPatient(
      tx,
      SYSTEM_ACTOR,
      {
        name: `測試病人${counter}`,
        birthDate: '1980-05-20',
        sex: 'male',
        identifiers: [
          { system: 'urn:test:mrn', value: `A${counter}-${randomUUID().slice(0, 6)}`, kind: 'medical-record-number' },
          { system: 'urn:test:program', value: `P${counter}-${randomUUID().slice(0, 6)}`, kind: 'program-id' },
        ],
      },
      now,
    );
    for (const role of roles) await addToCareTeam(tx, SYSTEM_ACTOR, p.row.id, s.users[role], now);
    const episodeId = randomUUID();
    await tx
      .insertInto('episodes')
      .values({ id: episodeId, patient_id: p.row.id, kind: 'car-t-course', status: 'active', disease: course.disease ?? 'all', details: JSON.stringify(course.details), started_at: course.startedAt })
      .execute();
    return { patientId: p.row.id, episodeId };
  });
}

export function nurseActor(s: TestServer): Actor {
  return { id: s.users.nurse, name: 'Test nurse' };
}

export async function observe(s: TestServer, patientId: string, code: ObservationCode, value: ObservationValue, at: Date): Promise<Row<'observations'>> {
  const { row } = await s.database.db
    .transaction()
    .execute((tx) => recordObservation(s.ctx, tx, nurseActor(s), { patientId, code, value, effectiveAt: at, source: 'rest' }, s.ctx.now()));
  return row;
}

export async function administer(s: TestServer, patientId: string, drug: string, at: Date): Promise<void> {
  await s.database.db
    .transaction()
    .execute((tx) => recordAdministration(s.ctx, tx, nurseActor(s), { patientId, drug, dose: null, route: 'IV', administeredAt: at, source: 'rest' }, s.ctx.now()));
}

export const celsius = (value: number): ObservationValue => ({ quantity: { value, unit: 'Cel' } });
export const coded = (code: string): ObservationValue => ({ code });

export async function liveAlert(s: TestServer, patientId: string, kind: string): Promise<Row<'alerts'> | undefined> {
  return s.database.db.selectFrom('alerts').selectAll().where('patient_id', '=', patientId).where('kind', '=', kind).where('status', '<>', 'resolved').executeTakeFirst();
}

export async function latestAssessment(s: TestServer, patientId: string, instrument: string): Promise<Row<'assessments'> | undefined> {
  return s.database.db
    .selectFrom('assessments')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('instrument', '=', instrument)
    .orderBy('assessed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
