import { sql, type Kysely } from 'kysely';

/**
 * A laboratory result's own reference range, in the observation's canonical unit: the limits
 * belong to the assay that measured it (FHIR Observation.referenceRange), so they travel with the
 * result rather than with the course. The range as sent is kept in `entered_reference_range`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE observations
      ADD COLUMN reference_low double precision,
      ADD COLUMN reference_high double precision,
      ADD COLUMN entered_reference_range jsonb,
      ADD CONSTRAINT observations_reference_range_order CHECK (reference_low IS NULL OR reference_high IS NULL OR reference_low <= reference_high)
  `.execute(db);
}
