/**
 * Every code in lib/errors.ts's union has a CLI exit status and a UI title. TypeScript enforces the
 * same (CLI_ERRORS is a mapped type, errorText an exhaustive switch); this catches a table that was
 * satisfied with a cast or a fallback.
 */
import { describe, expect, it } from 'vitest';
import { CLI_ERRORS } from '@/cli/output';
import { ERROR_CODES } from '@/lib/errors';
import { errorText } from '@/lib/ui/error-text';

describe('the error vocabulary is complete', () => {
  it.each(ERROR_CODES)('%s has a CLI exit status, a CLI summary and a UI title', (code) => {
    expect([1, 2]).toContain(CLI_ERRORS[code].exit);
    expect(CLI_ERRORS[code].summary).toMatch(/\S/);
    expect(errorText(code).title).toMatch(/\S/);
    expect(errorText(code).title).not.toBe(errorText('UNKNOWN' as never).title);
  });

  it('the CLI table has no code outside the union', () => {
    expect(Object.keys(CLI_ERRORS).sort()).toEqual([...ERROR_CODES].sort());
  });
});
