import { describe, expect, it } from 'vitest';
import { normalizeUsername, passwordProblem, usernameProblem } from './password';

describe('password policy', () => {
  it.each<[string, string | undefined, RegExp | null]>([
    ['short', undefined, /at least 10/],
    ['          ', undefined, /only spaces/],
    ['a'.repeat(129), undefined, /at most 128/],
    ['alice12345', 'Alice12345', /user name/],
    ['correct horse', 'alice', null],
    ['0123456789', undefined, null],
  ])('%j (user %j)', (pw, user, problem) => {
    const p = passwordProblem(pw, user);
    if (problem) expect(p).toMatch(problem);
    else expect(p).toBeNull();
  });
});

describe('user names', () => {
  it.each<[string, RegExp | null]>([
    ['alice', null],
    ['Bob.Smith-2', null],
    ['a', /at least 2/],
    ['x'.repeat(33), /at most 32/],
    ['-lead', /starts with/],
    ['an@email.com', /letters, digits/],
    ['two words', /letters, digits/],
  ])('%j', (name, problem) => {
    const p = usernameProblem(name);
    if (problem) expect(p).toMatch(problem);
    else expect(p).toBeNull();
  });

  it('are stored lower-case and trimmed', () => {
    expect(normalizeUsername('  Alice ')).toBe('alice');
  });
});
