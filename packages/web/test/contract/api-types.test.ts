import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_PATH, generateApiTypes, serverDocument, webDocument, WEB_OPERATIONS } from './api-types.js';

/**
 * The web client's types are derived from the server's zod schemas through its OpenAPI
 * document; the generated file is committed so that a change of the server's shapes shows up in
 * review. UPDATE_API_TYPES=1 rewrites it (npm run api:types -w @cartographer/web).
 */
describe('the web client types (src/api/schema.gen.ts)', () => {
  it('are what the current server generates', async () => {
    const generated = await generateApiTypes();
    if (process.env['UPDATE_API_TYPES'] === '1') writeFileSync(API_TYPES_PATH, generated);
    expect(existsSync(API_TYPES_PATH), `${API_TYPES_PATH} is missing: run npm run api:types -w @cartographer/web`).toBe(true);
    const committed = readFileSync(API_TYPES_PATH, 'utf8');
    // A plain equality check, so that the failure says which file to regenerate rather than printing a long diff first.
    if (committed !== generated) expect.fail('src/api/schema.gen.ts differs from the server\'s OpenAPI document: run npm run api:types -w @cartographer/web and commit the result');
  });

  it('cover exactly the operations the web app calls, with their responses', async () => {
    const doc = webDocument(await serverDocument());
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual(Object.keys(WEB_OPERATIONS).sort());
    const board = doc.paths?.['/api/v1/board'] as { get?: { responses?: Record<string, unknown> } } | undefined;
    expect(board?.get?.responses?.['200']).toBeDefined();
  });

  it('refuse an operation the server does not document', async () => {
    const doc = await serverDocument();
    const paths = { ...doc.paths };
    delete paths['/api/v1/board'];
    expect(() => webDocument({ ...doc, paths })).toThrow(/does not document get \/api\/v1\/board/);
  });
});
