/**
 * Token counts pinned from Python: test/fixtures/tokens/python-counts.jsonl holds conversations
 * (openai-chat lines: Sift's export of the fixture conversations, and lines of real fine-tuning
 * files) with the counts Hugging Face transformers 5.18 gave for
 * apply_chat_template(messages, tools=tools, tokenize=True) (bench/tokens_python.py, which makes
 * content text the way Sift does). Sift's render plus its cached encoder, its full encode, and the
 * analysis of the fixture rollouts must all give those numbers.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer, type Analyzer } from './analyze';
import { templateMessage } from './hf-messages';
import { encodeText } from './offsets';
import { loadTokenizer } from './registry';
import { renderHf } from './template';
import { fixtureConversation, loadFixtures } from './test-support';

interface Pinned {
  name: string;
  python: Record<'qwen3' | 'llama3', number>;
  line: { messages: { role: string }[]; tools?: unknown[] };
}

const pinned = readFileSync('test/fixtures/tokens/python-counts.jsonl', 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Pinned);

const analyzers: Record<string, Analyzer> = {};
beforeAll(async () => {
  for (const id of ['qwen3', 'llama3']) analyzers[id] = createAnalyzer(await loadTokenizer(id));
});

describe.each(['qwen3', 'llama3'] as const)('%s: counts identical to Python transformers', (id) => {
  it.each(pinned.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    const a = analyzers[id];
    const text = renderHf(a.loaded, p.line.messages.map(templateMessage), p.line.tools ?? null);
    expect(a.encoder.encode(text).count).toBe(p.python[id]);
    expect(encodeText(a.loaded.tokenizer, text).count).toBe(p.python[id]);
  });

  it('the analysis of each fixture rollout counts its exported line as Python does', () => {
    for (const f of loadFixtures()) {
      const p = pinned.find((x) => x.name === `fixture ${f.id} (openai-chat export line)`)!;
      expect(analyzers[id].analyze(fixtureConversation(f)).total).toBe(p.python[id]);
    }
  });
});
