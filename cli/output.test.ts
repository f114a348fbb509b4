import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { CLI_ERRORS, cliErrorLine, exitStatus } from './output';

describe('CLI error mapping', () => {
  it('exits 2 for a command line that cannot run as given, 1 for every other expected failure', () => {
    expect(exitStatus('usage')).toBe(2);
    expect(exitStatus('validation')).toBe(2);
    for (const code of ['dataset_not_found', 'unknown_format', 'strict_abort', 'canceled', 'db_corrupt'] as const)
      expect(exitStatus(code)).toBe(1);
    expect(Object.values(CLI_ERRORS).every((r) => r.exit === 1 || r.exit === 2)).toBe(true);
  });

  it('prints the message, adding the line or file only when the message does not name it', () => {
    expect(cliErrorLine(new AppError('dataset_not_found', 'no dataset named "x"'))).toBe('no dataset named "x"');
    expect(
      cliErrorLine(new AppError('template_render', 'Chat template failed while rendering: boom', { line: 4 })),
    ).toBe('Chat template failed while rendering: boom (line 4)');
    expect(cliErrorLine(new AppError('template_syntax', 'Chat template syntax error at line 4: x', { line: 4 }))).toBe(
      'Chat template syntax error at line 4: x',
    );
    expect(
      cliErrorLine(
        new AppError('tokenizer_file_missing', 'tokenizer.json is missing in /m', { file: '/m/tokenizer.json' }),
      ),
    ).toBe('tokenizer.json is missing in /m');
    expect(cliErrorLine(new AppError('invalid_recipe', 'path: bad', { file: 'r.json' }))).toBe('path: bad (r.json)');
  });

  it('falls back to the code summary when an error has no message', () => {
    expect(cliErrorLine(new AppError('busy', ''))).toBe(CLI_ERRORS.busy.summary);
  });
});
