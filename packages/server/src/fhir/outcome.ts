import type { Lang } from '@cartographer/core';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { ApiError, toProblem, type ApiProblem, type ErrorCode } from '../errors.js';
import { fhirError } from './issues.js';
import { RULE_SYSTEM } from './systems.js';

type IssueType = OperationOutcomeIssue['code'];

/** The OperationOutcome issue type of each error code (http://hl7.org/fhir/R4/valueset-issue-type.html). */
function issueType(code: ErrorCode, rule: string): IssueType {
  if (rule === 'fhir.structure') return 'structure';
  switch (code) {
    case 'invalid-input':
    case 'invalid-request':
      return 'invalid';
    case 'unknown-instrument':
    case 'not-found':
      return 'not-found';
    case 'unauthenticated':
      return 'login';
    case 'signature-invalid':
      return 'security';
    case 'forbidden':
      return 'forbidden';
    case 'conflict':
    case 'precondition-failed':
      return 'conflict';
    case 'gate-closed':
      return 'business-rule';
    case 'payload-too-large':
      return 'too-long';
    case 'unsupported-media-type':
      return 'not-supported';
    case 'internal-error':
      return 'exception';
  }
}

/** An error in the one vocabulary (errors.ts) as a FHIR OperationOutcome: one issue per field and rule. */
export function operationOutcome(problem: ApiProblem): OperationOutcome {
  const issues = problem.issues ?? [];
  const issue: OperationOutcomeIssue[] =
    issues.length === 0
      ? [{ severity: 'error', code: issueType(problem.error, problem.error), diagnostics: problem.message, details: { coding: [{ system: RULE_SYSTEM, code: problem.error }], text: problem.message } }]
      : issues.map((i) => ({
          severity: 'error',
          code: issueType(problem.error, i.rule),
          diagnostics: i.message,
          details: { coding: [{ system: RULE_SYSTEM, code: i.rule }], text: i.message },
          ...(i.path === '' ? {} : { expression: [i.path] }),
        }));
  return { resourceType: 'OperationOutcome', issue };
}

interface PgError {
  code?: unknown;
}

/**
 * Anything thrown while serving FHIR, in the vocabulary. A unique violation can only come from
 * two requests writing the same identifier at once (each checks first): the loser is told to
 * send again, and its replay then finds the winner's record.
 */
export function fhirProblem(err: unknown, lang: Lang): { status: ErrorCode; outcome: OperationOutcome } {
  const mapped = typeof err === 'object' && err !== null && !(err instanceof ApiError) && (err as PgError).code === '23505' ? fhirError('conflict', '', 'fhir.concurrent-write') : err;
  const problem = toProblem(mapped, lang);
  return { status: problem.error, outcome: operationOutcome(problem) };
}
