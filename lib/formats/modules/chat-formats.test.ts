/**
 * Cross-module properties of the chat/preference formats: on every project fixture the right module
 * wins detection among them, and no module throws on arbitrary input.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormatModule, Probe } from '../types';
import { format as hhRlhf } from './hh-rlhf';
import { format as kto } from './kto';
import { format as llamafactoryDpo } from './llamafactory-dpo';
import { format as openaiChat } from './openai-chat';
import { format as openaiDpo } from './openai-dpo';
import { format as sftJson } from './sft-json';
import { format as sharegpt } from './sharegpt';
import { format as trlPreference } from './trl-preference';

const modules: FormatModule[] = [openaiChat, sftJson, hhRlhf, openaiDpo, trlPreference, llamafactoryDpo, kto, sharegpt];
const fixtures = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));

function probeOf(rel: string): Probe {
  const text = readFileSync(fixtures + rel, 'utf8');
  if (rel.endsWith('.jsonl')) {
    const samples = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, 5)
      .map((l) => JSON.parse(l) as unknown);
    return { fileName: rel, head: text, samples, container: 'jsonl' };
  }
  const doc = JSON.parse(text) as unknown;
  if (Array.isArray(doc)) return { fileName: rel, head: text, samples: doc.slice(0, 5), container: 'json-array' };
  return { fileName: rel, head: text, samples: [doc], container: 'json-object', topKeys: Object.keys(doc as object) };
}

describe('detection among the chat/preference formats', () => {
  it.each([
    ['openai-chat/sft-tools.jsonl', 'openai-chat'],
    ['openai-chat/bare-list.jsonl', 'openai-chat'],
    ['openai-chat/rft-prompt-only.jsonl', 'openai-chat'],
    ['sft-json/tau2-sft-dataset.json', 'sft-json'],
    ['hh-rlhf/pairs.jsonl', 'hh-rlhf'],
    ['openai-dpo/pairs.jsonl', 'openai-dpo'],
    ['trl-preference/preference.jsonl', 'trl-preference'],
    ['llamafactory-dpo/sharegpt-dpo.json', 'llamafactory-dpo'],
    ['llamafactory-dpo/v1-preference.jsonl', 'llamafactory-dpo'],
    ['kto/llamafactory-kto.json', 'kto'],
    ['sharegpt/llamafactory-tools.json', 'sharegpt'],
    ['sharegpt/fastchat.json', 'sharegpt'],
    ['sharegpt/v1-typed-parts.jsonl', 'sharegpt'],
  ])('%s → %s', (rel, id) => {
    const probe = probeOf(rel);
    // HH lines that fail on purpose and TRL rows of mixed shapes are in the fixtures: detection
    // sees the first 5 records, like the real probe.
    const scores = modules.map((m) => ({ id: m.id, ...m.detect(probe) })).sort((a, b) => b.score - a.score);
    expect(scores[0].id).toBe(id);
    expect(scores[0].score).toBeGreaterThanOrEqual(0.3);
    expect(scores[0].score).toBeGreaterThan(scores[1].score);
    for (const s of scores) expect(s.reason.length).toBeGreaterThan(10);
  });
});

describe('mapRecord never throws', () => {
  it.each(modules.map((m) => [m.id, m] as const))('%s on arbitrary JSON', (_id, m) => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const r = m.mapRecord(value, { file: 'x', record: 0, path: ['splits', 'train', 0] });
        return Array.isArray(r.rollouts) && Array.isArray(r.issues) && (r.rollouts.length > 0 || r.issues.length > 0);
      }),
      { numRuns: 300 },
    );
  });

  const message = fc.record(
    {
      role: fc.constantFrom('system', 'user', 'assistant', 'tool', 'gpt', 'human', 'function_call', 'observation', 'x'),
      from: fc.constantFrom('human', 'gpt', 'function_call', 'observation', 'system'),
      content: fc.oneof(
        fc.string(),
        fc.constant(null),
        fc.array(
          fc.record(
            {
              type: fc.constantFrom('text', 'tool_call', 'reasoning', 'image_url'),
              value: fc.string(),
              text: fc.string(),
            },
            { requiredKeys: ['type'] },
          ),
        ),
      ),
      value: fc.oneof(
        fc.string(),
        fc.constant('{"name":"f","arguments":{}}'),
        fc.constant('[{"name":"f"},{"name":"g"}]'),
      ),
      tool_calls: fc.array(
        fc.record(
          {
            id: fc.string(),
            function: fc.record({ name: fc.string(), arguments: fc.oneof(fc.string(), fc.object()) }),
          },
          { requiredKeys: [] },
        ),
      ),
      tool_call_id: fc.string(),
      weight: fc.oneof(fc.integer(), fc.string()),
    },
    { requiredKeys: [] },
  );
  const conv = fc.array(message, { maxLength: 6 });
  const record = fc.record(
    {
      messages: conv,
      conversations: conv,
      chosen: fc.oneof(fc.string(), conv, message),
      rejected: fc.oneof(fc.string(), conv, message),
      prompt: fc.oneof(fc.string(), conv),
      input: fc.record({ messages: conv, tools: fc.jsonValue() }, { requiredKeys: [] }),
      preferred_output: conv,
      non_preferred_output: conv,
      chosen_messages: conv,
      rejected_messages: conv,
      label: fc.oneof(fc.boolean(), fc.jsonValue()),
      tools: fc.oneof(fc.string(), fc.jsonValue()),
      system: fc.jsonValue(),
      reward: fc.jsonValue(),
    },
    { requiredKeys: [] },
  );
  it.each(modules.map((m) => [m.id, m] as const))('%s on near-miss records', (_id, m) => {
    fc.assert(
      fc.property(record, (value) => {
        const r = m.mapRecord(value, { file: 'x', record: 3, line: 4 });
        return r.issues.every((i) => i.record === 3 && i.path.startsWith('$'));
      }),
      { numRuns: 400 },
    );
  });
});
