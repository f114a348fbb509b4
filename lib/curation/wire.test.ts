import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64';
import { buildModel } from './model';
import { row } from './test-helpers';
import { fromWire, toWire } from './wire';

describe('base64', () => {
  it('matches Buffer for any bytes and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70000 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(text)).toEqual(bytes);
      }),
      { numRuns: 60 },
    );
  });
});

describe('wire', () => {
  it('sends integer ids as deltas and any other ids as strings, round-tripping both exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 30 }), { maxLength: 300 }), fc.boolean(), (nums, stringy) => {
        const ids = nums.map((v, i) => (stringy && i === 0 ? `x${v}` : String(v)));
        const model = buildModel(ids.map((id) => row({ id })));
        const wire = JSON.parse(JSON.stringify(toWire(model)));
        expect(wire.ids === undefined).toBe(!stringy || ids.length === 0);
        expect(fromWire(wire).ids).toEqual(ids);
      }),
      { numRuns: 100 },
    );
    const consecutive = buildModel(Array.from({ length: 1000 }, (_, i) => row({ id: String(5000 + i) })));
    expect(toWire(consecutive).idDeltas?.bytes).toBe(1);
  });

  it('round-trips a model exactly, NaN and hooks included', () => {
    const model = buildModel([
      row({
        id: 'a',
        reward: 0.1 + 0.2,
        success: true,
        taskId: 't1',
        promptKey: 'p1',
        split: 'train',
        metrics: { acc: 1 },
        turns: 3,
        toolCalls: 2,
        reviewStatus: 'approved',
        tokens: 812,
      }),
      row({ id: 'b', reward: null, success: false, taskId: null, promptKey: 'p1', metrics: { f1: 0.5 } }),
      row({ id: 'c', reward: -2.0000000000000004, promptKey: 'p2', split: 'test', tokens: null }),
    ]);
    const wire = JSON.parse(JSON.stringify(toWire(model)));
    const back = fromWire(wire);
    expect(back).toEqual(model);
    expect(back.promptIdx).toBeInstanceOf(Int32Array);
    expect(Number.isNaN(back.reward[1])).toBe(true);
    expect(back.reward[0]).toBe(0.1 + 0.2);
    expect(back.metrics.map((m) => m.name)).toEqual(['acc', 'f1']);
    expect(Array.from(back.metrics[0].values)).toEqual([1, NaN, NaN]);
  });

  it('narrows integer columns and widens them back', () => {
    const model = buildModel(
      Array.from({ length: 300 }, (_, i) =>
        row({ id: `r${i}`, promptKey: `p${i}`, turns: i % 3, toolCalls: i * 1000 }),
      ),
    );
    const wire = toWire(model);
    expect([wire.columns.turns.bytes, wire.columns.promptIdx.bytes, wire.columns.toolCalls.bytes]).toEqual([1, 2, 4]);
    expect(fromWire(wire)).toEqual(model);
  });

  it('rejects a column of the wrong length', () => {
    const wire = toWire(buildModel([row({ id: 'a', reward: 1 })]));
    wire.columns.reward = encodeBase64(new Uint8Array(4));
    expect(() => fromWire(wire)).toThrow(/reward/);
  });
});
