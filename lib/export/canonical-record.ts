/**
 * A rollout as canonical JSON (the model of lib/formats/types.ts, not a projection), with a fixed
 * key order. Used where the original rollout is the payload: rollouts-jsonl and dpo-pairs.
 */
import type { Message, Rollout, ToolSpec } from '../formats/types';
import { contentOut } from './openai-messages';
import { toolsOut } from './tools';

export interface CanonicalRecord {
  id: string;
  task_id: string | null;
  trial: number | null;
  messages: Message[];
  tools: ToolSpec[];
  reward: number | null;
  metrics: Record<string, number>;
}

const MESSAGE_KEYS = [
  'role',
  'content',
  'reasoning',
  'tool_calls',
  'tool_call_id',
  'name',
  'requestor',
  'error',
  'weight',
] as const;

/** A message with canonical keys in a fixed order, as rollouts-jsonl and dpo-pairs write it. */
export function canonicalMessage(m: Message): Message {
  const out: Record<string, unknown> = {};
  for (const k of MESSAGE_KEYS) {
    const v = m[k];
    if (v === undefined) continue;
    out[k] =
      k === 'tool_calls'
        ? m.tool_calls!.map((c) =>
            c.requestor
              ? { id: c.id, name: c.name, arguments: c.arguments, requestor: c.requestor }
              : { id: c.id, name: c.name, arguments: c.arguments },
          )
        : k === 'content'
          ? contentOut(m.content)
          : v;
  }
  return out as unknown as Message;
}

/** Metric names sorted: importers may collect them in any order. */
function sortedMetrics(metrics: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(metrics).sort()) out[k] = metrics[k];
  return out;
}

export function canonicalRecord(r: Rollout): CanonicalRecord {
  return {
    id: r.externalId,
    task_id: r.taskId,
    trial: r.trial,
    messages: r.messages.map(canonicalMessage),
    tools: toolsOut(r.tools),
    reward: r.reward,
    metrics: sortedMetrics(r.metrics),
  };
}
