import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EXPORT_NAME, resolveExportDir, sanitizeExportName, uniqueExportName } from './paths';

const ROOT = '/srv/sift/data/exports';
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(fc.constantFrom('..', '.', '/', '\\', '\0', 'a', ' ', '-', '%2e', 'é', '\n', 'C:'), { maxLength: 30 })
    .map((p) => p.join('')),
);

describe('export names', () => {
  it('never escapes the exports folder', () => {
    fc.assert(
      fc.property(nasty, (input) => {
        const name = sanitizeExportName(input);
        expect(name.length).toBeGreaterThan(0);
        expect([...name].length).toBeLessThanOrEqual(MAX_EXPORT_NAME);
        expect(name).not.toMatch(/[/\\\0]|\.\.|^\./);
        expect(name).not.toMatch(/[\p{Cc}]/u);
        const dir = resolveExportDir(ROOT, input);
        expect(path.dirname(dir)).toBe(ROOT);
        expect(sanitizeExportName(name)).toBe(name);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps ordinary names readable', () => {
    expect(sanitizeExportName('  tau2 airline SFT v2 ')).toBe('tau2 airline SFT v2');
    expect(sanitizeExportName('../../etc/passwd')).toBe('etc-passwd');
    expect(sanitizeExportName('..')).toBe('export');
    expect(sanitizeExportName('a'.repeat(500))).toHaveLength(MAX_EXPORT_NAME);
  });

  it('adds a numeric suffix until the name is free, within the length limit', async () => {
    const taken = new Set(['run', 'run-2']);
    expect(await uniqueExportName('run', (n) => taken.has(n))).toBe('run-3');
    const long = 'x'.repeat(MAX_EXPORT_NAME);
    const next = await uniqueExportName(long, (n) => n === long);
    expect(next).toBe('x'.repeat(MAX_EXPORT_NAME - 2) + '-2');
  });
});
