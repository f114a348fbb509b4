/**
 * Every page asks for a session before anything else (lib/auth/session.ts requirePageRole), so a new
 * page cannot forget it; e2e/auth.spec.ts checks the same at run time. Server actions and route
 * handlers are walked at run time by action-matrix.test.ts and requests.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const app = path.resolve(__dirname, '../../app');
const pages = (fs.readdirSync(app, { recursive: true }) as string[]).filter((f) => /(^|\/)page\.tsx$/.test(f)).sort();
/** The only page anyone may open. */
const PUBLIC = new Set(['sign-in/page.tsx']);

describe('pages', () => {
  it('are found', () => {
    expect(pages.length).toBeGreaterThanOrEqual(15);
  });

  it.each(pages.filter((p) => !PUBLIC.has(p)))('%s calls requirePageRole first', (p) => {
    const src = fs.readFileSync(path.join(app, p), 'utf8');
    const body = src.slice(src.search(/export default async function/));
    const firstAwait = body.indexOf('await ');
    expect(firstAwait).toBeGreaterThan(-1);
    expect(body.slice(firstAwait, firstAwait + 80)).toMatch(
      /^await requirePageRole\('(viewer|reviewer|curator|admin)'\)/,
    );
  });
});
