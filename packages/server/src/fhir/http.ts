import type { FastifyReply, FastifyRequest } from 'fastify';
import { fhirInvalid } from './issues.js';

export const FHIR_JSON = 'application/fhir+json';

/** FHIR JSON unless the client asked for plain JSON only. */
export function responseType(request: FastifyRequest): string {
  const accept = request.headers.accept ?? '';
  const type = accept.includes('application/json') && !accept.includes(FHIR_JSON) ? 'application/json' : FHIR_JSON;
  return `${type}; charset=utf-8`;
}

export function sendFhir(request: FastifyRequest, reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type(responseType(request)).send(body);
}

/** The service base, e.g. https://host/fhir, for fullUrl, Location and paging links. */
export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/fhir`;
}

export function etagOf(version: number | string): string {
  return `W/"${version}"`;
}

/** The version an If-Match names: W/"3" (the form this server sends) or "3". */
export function parseIfMatch(raw: string | undefined): number {
  if (raw === undefined) throw fhirInvalid('If-Match', 'fhir.if-match-required');
  const m = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(raw);
  if (!m) throw fhirInvalid('If-Match', 'fhir.if-match-format');
  return Number(m[1]);
}
