/** Test-only factories for reviews and rollouts (not used by production code). */
import type { Message, Rollout, ToolSpec } from '../formats/types';
import type { Review, RolloutVerdict, Verdict } from './types';

let clock = Date.parse('2026-01-01T00:00:00Z');

/** A submitted review; `verdict` may be a rollout verdict's value for brevity. */
export function review(
  partial: Partial<Omit<Review, 'verdict'>> & { verdict?: Verdict | RolloutVerdict | null },
): Review {
  const v = partial.verdict;
  const verdict: Verdict | null = typeof v === 'string' ? { kind: 'rollout', value: v } : (v ?? null);
  return {
    itemId: 'i1',
    queueId: 'q1',
    reviewer: 'ann',
    note: '',
    labels: [],
    annotations: [],
    submittedAt: new Date((clock += 1000)).toISOString(),
    durationMs: null,
    ...partial,
    verdict,
  };
}

export function rollout(partial: Partial<Rollout> & { messages: Message[] }): Rollout {
  return {
    externalId: 'r1',
    taskId: null,
    trial: null,
    tools: [],
    reward: null,
    metrics: {},
    success: null,
    split: null,
    source: { file: 'test.jsonl', record: 0 },
    promptKey: 'p',
    contentHash: 'h',
    ...partial,
  };
}

export const sys = (content: string): Message => ({ role: 'system', content });
export const user = (content: string): Message => ({ role: 'user', content });
export const asst = (content: string | null, calls: [string, string, string][] = []): Message => ({
  role: 'assistant',
  content,
  ...(calls.length > 0 ? { tool_calls: calls.map(([id, name, args]) => ({ id, name, arguments: args })) } : {}),
});
export const tool = (id: string, content: string, error?: boolean): Message => ({
  role: 'tool',
  content,
  tool_call_id: id,
  ...(error ? { error } : {}),
});

export function toolSpec(name: string, parameters?: Record<string, unknown>): ToolSpec {
  return { type: 'function', function: { name, ...(parameters ? { parameters } : {}) } };
}
