// Property: parsers never throw on garbage, whatever the bytes or values, for every format.
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFileAll } from './parse-file';
import { formats } from './registry';

const dir = mkdtempSync(path.join(tmpdir(), 'sift-fuzz-'));

describe('never throws', () => {
  it.each(formats.map((f) => [f.id, f] as const))('%s.mapRecord on arbitrary JSON values', (_id, f) => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat(), (value, record) => {
        const res = f.mapRecord(value, { file: 'x', record, doc: {} });
        expect(Array.isArray(res.rollouts) && Array.isArray(res.issues)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it.each(formats.map((f) => [f.id, f] as const))('%s.mapRecord on near-miss records', (_id, f) => {
    const nearMiss = fc.dictionary(
      fc.constantFrom(
        'messages',
        'traj',
        'prompt',
        'response',
        'reward',
        'responses_create_params',
        'messages_list',
        'reward_info',
        'ticks',
        'task_id',
        'policy_response',
        'extra_info',
      ),
      fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.array(
          fc.dictionary(
            fc.constantFrom('role', 'content', 'type', 'tool_calls', 'id', 'name', 'arguments', 'output', 'call_id'),
            fc.jsonValue({ maxDepth: 2 }),
          ),
        ),
      ),
    );
    fc.assert(
      fc.property(nearMiss, (value) => {
        f.mapRecord(value, { file: 'x', record: 0, doc: { info: value } });
      }),
      { numRuns: 300 },
    );
  });

  it('parseFile on random bytes, for every format', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom(...formats.map((f) => f.id)),
        async (bytes, id) => {
          const p = path.join(dir, `g.${id === 'verl-csv' ? 'csv' : 'json'}`);
          writeFileSync(p, bytes);
          const { summary } = await parseFileAll(p, { format: id });
          expect(summary.format).toBe(id);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('parseFile on JSON-ish text, for every format', async () => {
    const text = fc
      .array(fc.oneof(fc.json(), fc.constantFrom('{', '}', '[', ']', '\n', ',', '"', 'NaN', '\r\n', '\ufeff')), {
        maxLength: 30,
      })
      .map((a) => a.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom(...formats.map((f) => f.id)), async (t, id) => {
        const p = path.join(dir, 'h.json');
        writeFileSync(p, t);
        await parseFileAll(p, { format: id });
      }),
      { numRuns: 150 },
    );
  });
});
