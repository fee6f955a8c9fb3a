import type { paths } from './schema.gen';

/**
 * The shapes the app reads, derived from the generated OpenAPI types (schema.gen.ts) so that
 * they follow the server's zod schemas; nothing here restates a field.
 */
type JsonOf<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;
type Operation<P extends keyof paths, M extends 'get' | 'post'> = NonNullable<paths[P][M]>;
type Ok<P extends keyof paths, M extends 'get' | 'post'> = Operation<P, M> extends { responses: { 200: infer R } } ? JsonOf<R> : never;

export type User = Ok<'/api/v1/auth/me', 'get'>;
export type Role = User['role'];
export type Credentials = JsonOf<{ content: NonNullable<Operation<'/api/v1/auth/login', 'post'>['requestBody']>['content'] }>;

export type Board = Ok<'/api/v1/board', 'get'>;
export type BoardRow = Board['rows'][number];
export type Alert = BoardRow['alerts'][number];
export type Severity = Alert['severity'];
export type Grade = BoardRow['grades'][number];
export type CourseSummary = NonNullable<BoardRow['course']>;
export type Identifier = BoardRow['patient']['identifiers'][number];

export type Sheet = Ok<'/api/v1/board/patients/{patientId}', 'get'>;
export type CourseSheet = Sheet['courses'][number];
export type Step = CourseSheet['steps'][number];
export type OpenTask = CourseSheet['openTasks'][number];
export type Observation = Sheet['observations'][number];
export type StoredAssessment = Sheet['assessments'][number];
export type Rendered = NonNullable<StoredAssessment['rendered']>;

export type AlertSheet = Ok<'/api/v1/board/alerts/{alertId}', 'get'>;
export type Basis = AlertSheet['criteria'][number];

export type InstrumentSummary = Ok<'/api/v1/instruments', 'get'>[number];

export type CustodyChainSummary = Ok<'/api/v1/patients/{patientId}/custody/chains', 'get'>[number];
export type CustodyChain = Ok<'/api/v1/custody/chains/{chainId}', 'get'>;
export type CustodyStepRecord = CustodyChain['events'][number];
export type CustodyClock = CustodyChain['clocks'][number];
export type CustodyDeviation = CustodyChain['deviations'][number];

/** The server's error body (one vocabulary for every route), or what the client saw instead of one. */
export type ServerProblem = JsonOf<Operation<'/api/v1/auth/login', 'post'>['responses'][401]>;
export type ApiProblem = ServerProblem | { readonly error: 'network' | 'http-error'; readonly message: string; readonly issues?: undefined; readonly instrument?: undefined };

export type ApiResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly status: number; readonly problem: ApiProblem };
