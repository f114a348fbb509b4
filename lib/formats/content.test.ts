import { describe, expect, it } from 'vitest';
import { textOf } from './content';

describe('content', () => {
  it('textOf handles every content shape', () => {
    expect(
      textOf([
        { type: 'output_text', text: 'a' },
        { type: 'text', value: 'b' },
        { type: 'image_url', image_url: { url: 'u' } },
      ]),
    ).toBe('ab');
    expect(textOf(null)).toBe('');
  });
});
