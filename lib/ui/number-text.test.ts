import { describe, expect, it } from 'vitest';
import { checkNumberText, type NumberCheck, type NumberRules } from './number-text';

describe('checkNumberText', () => {
  it.each<[string, NumberRules, NumberCheck]>([
    ['', {}, { ok: true, value: null }],
    ['  ', { optional: false }, { ok: false, message: 'required' }],
    ['0.5', {}, { ok: true, value: 0.5 }],
    [' -2 ', {}, { ok: true, value: -2 }],
    ['.5', {}, { ok: true, value: 0.5 }],
    ['1e-3', {}, { ok: true, value: 0.001 }],
    ['abc', {}, { ok: false, message: '"abc" is not a number' }],
    ['0x10', {}, { ok: false, message: '"0x10" is not a number' }],
    ['1,5', {}, { ok: false, message: '"1,5" is not a number' }],
    ['1e999', {}, { ok: false, message: '"1e999" is not a finite number' }],
    ['2.5', { integer: true }, { ok: false, message: 'must be a whole number' }],
    ['-1', { min: 0 }, { ok: false, message: 'must be at least 0' }],
    ['1.5', { max: 1 }, { ok: false, message: 'must be at most 1' }],
  ])('%j with %j', (text, rules, expected) => {
    expect(checkNumberText(text, rules)).toEqual(expected);
  });

  it("reports the browser's unparseable input", () => {
    expect(checkNumberText('', {}, true)).toEqual({ ok: false, message: 'not a number' });
  });
});
