import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer, type Analyzer } from './analyze';
import { loadTokenizer } from './registry';
import { renderView } from './render-view';
import { fixtureConversation, loadFixture } from './test-support';

let a: Analyzer;
beforeAll(async () => {
  a = createAnalyzer(await loadTokenizer('qwen3'));
});

describe('renderView', () => {
  const f = fixtureConversation(loadFixture('weather-tools'));

  it('splits the exact rendered text into trained and untrained segments on token edges', () => {
    const v = renderView(a, f);
    expect(v.segments.map((s) => s.text).join('')).toBe(v.text);
    const trained = v.segments.filter((s) => s.trained);
    expect(trained.map((s) => s.text)).toEqual([
      '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", "unit": "c"}}\n</tool_call><|im_end|>',
      'It is 18°C and cloudy in Paris.<|im_end|>',
      expect.stringMatching(/^Let me check both\.\n<tool_call>[\s\S]*<\|im_end\|>$/),
      '<think>\n\n</think>\n\nParis: rain, then sun. Lyon: sun, then a storm on day 3.<|im_end|>',
    ]);
    expect(trained.map((s) => s.message)).toEqual([2, 4, 6, 9]);
    expect(v.segments[0]).toMatchObject({ message: 0, tokenStart: 0, trained: false });
    expect(v.cutChar).toBeNull();
  });

  it('marks the max_length cut and the last-turn mask', () => {
    const full = a.analyze(f);
    const v = renderView(a, f, { maxLength: full.spans[1][0], mask: 'last' });
    expect(v.segments.filter((s) => s.trained).map((s) => s.message)).toEqual([9]);
    expect(v.text.slice(v.cutChar!)).toMatch(/^It is 18°C/);
  });

  it('completion-only trains everything from the first answer after the prompt', () => {
    const v = renderView(a, f, { mask: 'completion' });
    const trained = v.segments.filter((s) => s.trained);
    expect(trained[0].text.startsWith('<tool_call>')).toBe(true);
    expect(trained.map((s) => s.text).join('')).toContain('<tool_response>'); // tool results too
    expect(trained.at(-1)!.text.endsWith('<|im_end|>')).toBe(true);
  });
});
