import { describe, expect, it } from 'vitest';
import { parseLooseJson } from './loose-json';

describe('loose JSON', () => {
  it('parses python repr cells', () => {
    expect(parseLooseJson("{'a': None, 'b': True, 'c': [1, 2.5, 'x\\'y'], 'd': (1,)}")).toEqual({
      a: null,
      b: true,
      c: [1, 2.5, "x'y"],
      d: [1],
    });
    expect(parseLooseJson('{"a": 1}')).toEqual({ a: 1 });
    expect(parseLooseJson("{'a': ")).toBeUndefined();
  });
});
