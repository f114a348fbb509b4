import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, isAppError, isErrorCode, toErrorJson, unhandled, type ErrorCode } from './errors';

describe('AppError', () => {
  it('carries a code, a message and plain details', () => {
    const e = new AppError('template_syntax', 'Chat template syntax error at line 3', { file: 't.jinja', line: 3 });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ code: 'template_syntax', details: { file: 't.jinja', line: 3 } });
    expect(JSON.parse(JSON.stringify(toErrorJson(e)))).toEqual({
      code: 'template_syntax',
      message: 'Chat template syntax error at line 3',
      details: { file: 't.jinja', line: 3 },
    });
  });

  it('leaves out undefined and empty details in its plain form', () => {
    expect(toErrorJson(new AppError('busy', 'locked', { file: undefined }))).toEqual({
      code: 'busy',
      message: 'locked',
    });
  });

  it('keeps its cause', () => {
    const cause = new Error('ENOENT');
    expect(new AppError('unreadable', 'cannot read x', {}, { cause }).cause).toBe(cause);
  });

  it('isAppError narrows by code, and knows an AppError from another copy of this module', () => {
    const e = new AppError('canceled', 'Canceled');
    expect(isAppError(e)).toBe(true);
    expect(isAppError(e, 'canceled')).toBe(true);
    expect(isAppError(e, 'busy', 'unreadable')).toBe(false);
    expect(isAppError(new Error('x'))).toBe(false);
    expect(isAppError(Object.assign(new Error('x'), { code: 'busy' }))).toBe(false);
    const foreign = Object.assign(new Error('from a second bundle'), { code: 'busy', details: {} });
    Object.defineProperty(foreign, Symbol.for('sift.AppError'), { value: true });
    expect(isAppError(foreign, 'busy')).toBe(true);
  });
});

describe('the code union', () => {
  it('is snake_case, unique, and spells canceled with one l', () => {
    for (const c of ERROR_CODES) expect(c).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(ERROR_CODES).toContain('canceled');
    expect(ERROR_CODES.some((c) => c.includes('cancelled'))).toBe(false);
  });

  it('isErrorCode accepts members only', () => {
    expect(isErrorCode('dataset_not_found')).toBe(true);
    expect(isErrorCode('DATASET_NOT_FOUND')).toBe(false);
    expect(isErrorCode('dataset-missing')).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });

  it('unhandled returns the fallback for a value from outside the union (e.g. stored by another version)', () => {
    const title = (code: Extract<ErrorCode, 'busy' | 'canceled'>) => {
      switch (code) {
        case 'busy':
          return 'Busy';
        case 'canceled':
          return 'Canceled';
        default:
          return unhandled(code, 'Other');
      }
    };
    expect(title('busy')).toBe('Busy');
    expect(title('SOMETHING_OLD' as never)).toBe('Other');
  });
});
