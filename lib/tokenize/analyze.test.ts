import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeTruncation } from '../token-stats/truncation';
import { createAnalyzer, type Analyzer } from './analyze';
import { loadTokenizer } from './registry';
import { loadFixture, loadFixtures, loadNativeTokenizer, nativeEncode } from './test-support';

const analyzers: Record<string, Analyzer> = {};
beforeAll(async () => {
  for (const id of ['qwen3', 'llama3']) analyzers[id] = createAnalyzer(await loadTokenizer(id));
});

function decodeSpans(a: Analyzer, f: ReturnType<typeof loadFixture>): string[] {
  const l = a.layout(f);
  return l.spans.map(([s, e]) =>
    a.loaded.tokenizer.decode(l.encoding.ids.slice(s, e), { clean_up_tokenization_spaces: false }),
  );
}

describe.each(['qwen3', 'llama3'])('%s: counts and offsets against the native HF tokenizers', (id) => {
  it.each(loadFixtures().map((f) => [f.id, f] as const))('%s', async (_id, f) => {
    const a = analyzers[id];
    const l = a.layout(f);
    const native = await nativeEncode(loadNativeTokenizer(id), l.text);
    expect(l.encoding.ids).toEqual(native.ids);
    expect(l.encoding.exact).toBe(true);
    native.offsets.forEach(([start], k) => expect(l.encoding.charStart(k)).toBe(start));
    const stats = a.analyze(f);
    expect(stats.total).toBe(native.ids.length);
    expect(stats.perMessage.reduce((s, n) => s + n, 0) + l.encoding.tokensBefore(l.turns.regions[0].start)).toBe(
      stats.total,
    );
    expect(stats.system + stats.conversation).toBe(stats.total);
  });
});

describe('trained spans', () => {
  it('Qwen3: exactly the assistant output plus <|im_end|>, under both masks', () => {
    const a = analyzers.qwen3;
    const f = loadFixture('weather-tools');
    expect(decodeSpans(a, f)).toEqual([
      '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", "unit": "c"}}\n</tool_call><|im_end|>',
      'It is 18°C and cloudy in Paris.<|im_end|>',
      'Let me check both.\n<tool_call>\n{"name": "get_forecast", "arguments": {"city": "Paris", "days": 3}}\n</tool_call>\n' +
        '<tool_call>\n{"name": "get_forecast", "arguments": {"city": "Lyon", "days": 3}}\n</tool_call><|im_end|>',
      // Qwen3 writes an empty think block into the final turn; the model generates it, so it is trained.
      '<think>\n\n</think>\n\nParis: rain, then sun. Lyon: sun, then a storm on day 3.<|im_end|>',
    ]);
    const s = a.analyze(f);
    expect(s.lastSpan).toEqual(s.spans[3]);
    expect(s.trainedLast).toBe(s.spans[3][1] - s.spans[3][0]);
    expect(s.trainedAll).toBe(s.spans.reduce((n, [x, y]) => n + y - x, 0));
  });

  it('Llama 3: exactly the assistant content plus <|eot_id|>, not the header', () => {
    expect(decodeSpans(analyzers.llama3, loadFixture('unicode-plain'))).toEqual([
      'こんにちは (konnichiwa) — 👋🙂\n\nVoilà !<|eot_id|>',
      'Γειά σου (geia sou).<|eot_id|>',
    ]);
  });

  it('never trains simulated-user tool calls or their results', () => {
    const f = loadFixture('telecom-user-tools');
    for (const a of Object.values(analyzers)) {
      const spans = decodeSpans(a, f);
      expect(spans).toHaveLength(4);
      expect(spans.join('')).not.toContain('check_status_bar');
      expect(spans.join('')).not.toContain('Status bar');
    }
  });

  it('an assistant turn marked requestor:user is rendered but not trained', () => {
    const f = loadFixture('weather-tools');
    const messages = f.messages.map((m, i) => (i === 4 ? { ...m, requestor: 'user' as const } : m));
    const spans = decodeSpans(analyzers.qwen3, { ...f, messages });
    expect(spans).toHaveLength(3);
    expect(spans.join('')).not.toContain('18°C');
  });

  it('removeSystemMessages drops the system prompt but keeps message indexes', () => {
    const f = loadFixture('weather-tools');
    const a = analyzers.qwen3;
    const full = a.analyze(f);
    const noSys = a.analyze(f, { removeSystemMessages: true });
    expect(noSys.perMessage[0]).toBe(0);
    expect(noSys.system).toBeLessThan(full.system); // the tools preamble still renders
    expect(noSys.system).toBeGreaterThan(0);
    expect(noSys.trainedAll).toBe(full.trainedAll);
  });
});

describe('truncation of a real render', () => {
  it('detects examples left with zero trained tokens on a real render', () => {
    const a = analyzers.qwen3;
    const stats = a.analyze(loadFixture('weather-tools'));
    // The Qwen tools preamble alone is longer than 200 tokens: nothing assistant-side survives.
    const report = analyzeTruncation([stats], { maxLengths: [200, stats.spans[0][0] + 1, stats.total] });
    expect(report.steps.map((s) => s.zeroTrainedAll)).toEqual([1, 0, 0]);
    expect(report.steps[0].lostAll).toBe(stats.trainedAll);
    expect(report.steps[2]).toMatchObject({ truncated: 0, lostAll: 0 });
  });
});
