/**
 * A rollout as canonical JSON (the model of lib/formats/types.ts, not a projection), with a fixed
 * key order. Used where the original rollout is the payload: rollouts-jsonl and dpo-pairs.
 *
 * Rewards and metrics are written as floats (`1.0`, not `1`), as Python's json.dumps writes them:
 * pyarrow types a JSON column of integral numbers int64, so a split whose rewards were all 0 and 1
 * could not be loaded with a split holding 0.5 (datasets casts every split to the first one's types).
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

/** A number as JSON with a decimal point when it is integral (1 → 1.0); null stays null. */
export function floatJson(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return 'null';
  return Number.isInteger(x) && Math.abs(x) < 1e21 ? x.toFixed(1) : JSON.stringify(x);
}

/** canonicalRecord(r) as JSON text, reward and metric values written by floatJson. */
export function canonicalRecordJson(r: Rollout): string {
  const c = canonicalRecord(r);
  const head = JSON.stringify({ id: c.id, task_id: c.task_id, trial: c.trial, messages: c.messages, tools: c.tools });
  const metrics = Object.entries(c.metrics).map(([k, v]) => `${JSON.stringify(k)}:${floatJson(v)}`);
  return `${head.slice(0, -1)},"reward":${floatJson(c.reward)},"metrics":{${metrics.join(',')}}}`;
}
