import { beforeAll, describe, expect, it } from 'vitest';
import { buildColumns, computeReport } from '../token-report';
import { createAnalyzer, type Analyzer } from './analyze';
import { ANALYSABLE_FORMATS, conversationFor, withoutSystemMessages, type TemplateConversation } from './export-shape';
import { loadTokenizer } from './registry';
import { fixtureConversation, loadFixture, loadFixtures, loadNativeTokenizer, nativeEncode } from './test-support';

const analyzers: Record<string, Analyzer> = {};
const natives: Record<string, ReturnType<typeof loadNativeTokenizer>> = {};
beforeAll(async () => {
  for (const id of ['qwen3', 'llama3']) {
    analyzers[id] = createAnalyzer(await loadTokenizer(id), { verifyEvery: 1 });
    natives[id] = loadNativeTokenizer(id);
  }
});

function decodeSpans(a: Analyzer, c: TemplateConversation): string[] {
  const l = a.layout(c);
  return l.spans.map(([s, e]) =>
    a.loaded.tokenizer.decode(l.encoding.ids.slice(s, e), { clean_up_tokenization_spaces: false }),
  );
}

const cases = loadFixtures().flatMap((f) =>
  ANALYSABLE_FORMATS.map((format) => [`${f.id} as ${format}`, f, format] as const),
);

describe.each(['qwen3', 'llama3'])(
  '%s: the cached one-pass analysis against a full encode of the same render',
  (id) => {
    it.each(cases)('%s', async (_name, f, format) => {
      const a = analyzers[id];
      const c = conversationFor({ messages: f.messages, tools: f.tools }, { format });
      if (!c) return;
      const l = a.layout(c);
      const native = await nativeEncode(natives[id], l.text);
      expect(l.encoding.ids).toEqual(native.ids);
      expect(l.encoding.exact).toBe(true);
      native.offsets.forEach(([start], k) => expect(l.encoding.charStart(k)).toBe(start));

      // Twice: the second run is served from the section and piece caches.
      for (let pass = 0; pass < 2; pass++) {
        const s = a.analyze(c);
        expect(s.total).toBe(native.ids.length);
        expect(s.spans).toEqual(l.spans);
        const first = c.messages.findIndex((m) => m.role !== 'system');
        expect(s.system).toBe(l.encoding.tokensBefore(l.turns.regions[first].start));
        expect(s.exact).toBe(true);
      }
    });
  },
);

describe('without the system prompt', () => {
  it.each(['qwen3', 'llama3'])('%s: every position moves by system - systemNoSys, as a full render says', (id) => {
    const a = analyzers[id];
    for (const f of loadFixtures()) {
      const c = fixtureConversation(f);
      const s = a.analyze(c);
      const noSys = a.layout(withoutSystemMessages(c));
      const d = s.system - s.systemNoSys;
      expect(s.systemNoSys).toBeGreaterThanOrEqual(0);
      expect(noSys.encoding.count).toBe(s.total - d);
      expect(noSys.spans).toEqual(s.spans.map(([x, y]) => [x - d, y - d]));
    }
    expect(a.noSysCheck.failed).toBe(0);
    expect(a.noSysCheck.checked).toBeGreaterThan(0);
  });

  it('is unknown (-1) when a system message sits mid-conversation', () => {
    const f = loadFixture('weather-tools');
    const messages = [
      ...f.messages.slice(0, 3),
      { role: 'system' as const, content: 'Be brief.' },
      ...f.messages.slice(3),
    ];
    const s = analyzers.qwen3.analyze(fixtureConversation({ ...f, messages }));
    expect(s.systemNoSys).toBe(-1);
  });
});

describe('trained spans', () => {
  it('Qwen3: exactly the assistant output plus <|im_end|>, as the openai-chat line writes it', () => {
    const a = analyzers.qwen3;
    const c = fixtureConversation(loadFixture('weather-tools'));
    expect(decodeSpans(a, c)).toEqual([
      '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", "unit": "c"}}\n</tool_call><|im_end|>',
      'It is 18°C and cloudy in Paris.<|im_end|>',
      // The line keeps arguments as JSON text; Qwen3's template prints a string verbatim.
      'Let me check both.\n<tool_call>\n{"name": "get_forecast", "arguments": {"city":"Paris","days":3}}\n</tool_call>\n' +
        '<tool_call>\n{"name": "get_forecast", "arguments": {"city":"Lyon","days":3}}\n</tool_call><|im_end|>',
      // Qwen3 writes an empty think block into the final turn; the model generates it, so it is trained.
      '<think>\n\n</think>\n\nParis: rain, then sun. Lyon: sun, then a storm on day 3.<|im_end|>',
    ]);
  });

  it('Llama 3: exactly the assistant content plus <|eot_id|>, not the header', () => {
    expect(decodeSpans(analyzers.llama3, fixtureConversation(loadFixture('unicode-plain')))).toEqual([
      'こんにちは (konnichiwa) — 👋🙂\n\nVoilà !<|eot_id|>',
      'Γειά σου (geia sou).<|eot_id|>',
    ]);
  });

  it('never renders or trains simulated-user tool calls in the SFT shape; never trains them in the canonical one', () => {
    const f = loadFixture('telecom-user-tools');
    for (const a of Object.values(analyzers)) {
      const sft = decodeSpans(a, fixtureConversation(f));
      expect(sft).toHaveLength(4);
      expect(a.layout(fixtureConversation(f)).text).not.toContain('check_status_bar');
      const canonical = decodeSpans(a, fixtureConversation(f, { format: 'rollouts-jsonl' }));
      expect(canonical).toHaveLength(4);
      expect(canonical.join('')).not.toContain('check_status_bar');
      expect(canonical.join('')).not.toContain('Status bar');
    }
  });

  it('an assistant turn marked requestor:user is rendered but not trained', () => {
    const f = loadFixture('weather-tools');
    const messages = f.messages.map((m, i) => (i === 4 ? { ...m, requestor: 'user' as const } : m));
    const spans = decodeSpans(analyzers.qwen3, fixtureConversation({ ...f, messages }));
    expect(spans).toHaveLength(3);
    expect(spans.join('')).not.toContain('18°C');
  });

  it('completion starts at the first assistant output after the prompt', () => {
    const a = analyzers.qwen3;
    const c = fixtureConversation(loadFixture('weather-tools'));
    const s = a.analyze(c);
    // The prompt is the system and first user message: the completion starts with the first trained span.
    expect(c.promptMessages).toBe(2);
    expect(s.completionStart).toBe(s.spans[0][0]);
    expect(a.layout(c).completionSpan).toEqual([s.spans[0][0], s.spans.at(-1)![1]]);
  });
});

describe('truncation of a real render', () => {
  it('detects examples left with zero trained tokens on a real render', () => {
    const a = analyzers.qwen3;
    const stats = a.analyze(fixtureConversation(loadFixture('weather-tools')));
    const trained = stats.spans.reduce((n, [s, e]) => n + (e - s), 0);
    // The Qwen tools preamble alone is longer than 200 tokens: nothing assistant-side survives.
    const report = computeReport(buildColumns([{ id: 1, counts: stats }]), {
      maxLengths: [200, stats.spans[0][0] + 1, stats.total],
    });
    expect(report.truncation.map((s) => s.zeroTrainedAll)).toEqual([1, 0, 0]);
    expect(report.truncation[0].lostAll).toBe(trained);
    expect(report.truncation[2]).toMatchObject({ truncated: 0, lostAll: 0 });
  });
});
