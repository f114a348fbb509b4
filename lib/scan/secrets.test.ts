import { describe, expect, it } from 'vitest';
import { SECRET_NEGATIVES, SECRET_POSITIVES } from './examples';
import { scanText } from './scan-text';

/** What scanText finds as secrets: `kind:matched text`. */
function secrets(text: string): string[] {
  return scanText(text, { categories: ['secret'] }).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
}

describe('secret rules', () => {
  it.each(SECRET_POSITIVES)('finds %s', (_, text, want) => expect(secrets(text)).toEqual(want));
  it.each(SECRET_NEGATIVES)('leaves look-alike: %s', (_, text) => expect(secrets(text)).toEqual([]));
});
