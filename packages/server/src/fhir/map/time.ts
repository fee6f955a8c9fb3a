import { fhirInvalid } from '../issues.js';

// A clinical time needs the hour and the zone: a bare date cannot place a reading in the
// q15-minute vitals schedule, and a time without a zone is ambiguous by hours.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A FHIR dateTime/instant given to the minute with its time zone, or a 400 at `path`. */
export function instantOf(value: string, path: string): Date {
  const at = DATE_TIME.test(value) ? new Date(value) : null;
  if (at === null || Number.isNaN(at.getTime())) throw fhirInvalid(path, 'fhir.datetime-required');
  return at;
}
