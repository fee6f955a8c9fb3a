import { CustodyState, veinToVein, veinToVeinStatistics } from '@cartographer/core';
import type { Db } from '../db/connect.js';

/**
 * Vein-to-vein time across the program (core vein-to-vein.ts: first collection start to the first
 * bag's infusion start), from each course's stored state. Statistics only: no patient, no COI.
 */
export async function programVeinToVein(db: Db) {
  const rows = await db.selectFrom('custody_chains').select('state').execute();
  const courses = rows.map((r) => veinToVein(CustodyState.parse(r.state)));
  return { courses: rows.length, infused: courses.filter((c) => c !== null).length, statistics: veinToVeinStatistics(courses) };
}
