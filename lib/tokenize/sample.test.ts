import { describe, expect, it } from 'vitest';
import { sampleRollouts } from './sample';

describe('seeded sampling', () => {
  const items = Array.from({ length: 500 }, (_, i) => ({ id: `r${i}` }));
  it('is deterministic, order-independent and nested as n grows', () => {
    const a = sampleRollouts(items, 50, 42, (x) => x.id);
    const b = sampleRollouts([...items].reverse(), 50, 42, (x) => x.id);
    expect(a.map((x) => x.id)).toEqual(b.map((x) => x.id));
    expect(new Set(sampleRollouts(items, 60, 42, (x) => x.id).slice(0, 50))).toEqual(new Set(a));
    expect(sampleRollouts(items, 50, 43, (x) => x.id)).not.toEqual(a);
  });
});
