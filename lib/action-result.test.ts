import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseInput, toActionResult } from './action-result';
import { AppError } from './errors';

describe('toActionResult', () => {
  it('returns an AppError as { ok: false, error: { code, message, details } }', () => {
    const e = new AppError('template_syntax', 'Chat template syntax error at line 2', { file: 't.jinja', line: 2 });
    expect(toActionResult(e)).toEqual({
      ok: false,
      error: {
        code: 'template_syntax',
        message: 'Chat template syntax error at line 2',
        details: { file: 't.jinja', line: 2 },
      },
    });
  });

  it('puts the message under the field the error names, or the one the action gives', () => {
    const taken = new AppError('name_taken', 'A recipe named "x" already exists.', { field: 'name' });
    expect(toActionResult(taken)).toMatchObject({
      ok: false,
      error: { code: 'name_taken', fieldErrors: { name: ['A recipe named "x" already exists.'] } },
    });
    const missing = new AppError('tokenizer_dir_not_found', 'Tokenizer folder does not exist: /x', { file: '/x' });
    expect(toActionResult(missing, { field: 'tokenizer' })).toMatchObject({
      error: { code: 'tokenizer_dir_not_found', fieldErrors: { tokenizer: ['Tokenizer folder does not exist: /x'] } },
    });
    expect(toActionResult(new AppError('busy', 'locked'))).toEqual({
      ok: false,
      error: { code: 'busy', message: 'locked' },
    });
  });

  it('returns a zod error as validation with the messages per field', () => {
    const schema = z.object({ name: z.string().min(1, 'give it a name'), n: z.number() });
    let thrown: unknown;
    try {
      schema.parse({ name: '', n: 'x' });
    } catch (e) {
      thrown = e;
    }
    const r = toActionResult(thrown);
    expect(r).toMatchObject({ ok: false, error: { code: 'validation', message: 'name: give it a name' } });
    expect(!r.ok && r.error.fieldErrors).toEqual({ name: ['give it a name'], n: [expect.any(String)] });
    // the same shape parseInput returns
    const p = parseInput(schema, { name: '', n: 'x' });
    expect(!p.ok && p.result).toEqual(r);
  });

  it('rethrows anything unexpected, unchanged, for error.tsx', () => {
    const bug = new TypeError('x is undefined');
    expect(() => toActionResult(bug)).toThrow(bug);
    const coded = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(() => toActionResult(coded)).toThrow(coded);
    expect(() => toActionResult('a string')).toThrow();
  });
});
