/**
 * verl rows built from canonical rollouts, as plain objects (structs = objects, lists = arrays,
 * int64 = bigint). The parquet and CSV writers serialise the same rows, so both carry the same data.
 *
 * verl columns: data_source, ability, reward_model{ground_truth, style}, extra_info{index, split, ...}
 * (data_source and ground_truth: see defaultDataSource, commonColumns and docs/verl.md)
 * plus, per mode:
 * - multi-turn SFT (MultiTurnSFTDataset, messages_key=messages): `messages` list<struct{role, content,
 *   tool_calls, tool_call_id, name}>, and `tools_json` (tool schemas are open-ended JSON Schema,
 *   which has no fixed parquet struct; named *_json so verl's tools_key does not pick up a string).
 * - single-turn SFT (SFTDataset, prompt_key=prompt_data, prompt_dict_keys=[content], same for
 *   response_data): one row per trainable assistant turn. prompt_data.content = the message the turn
 *   answers (user text or tool result), response_data.content = the turn; the full history before
 *   the turn is kept in `prompt` (verl's list<struct{role, content}>). Tool calls are written into
 *   text as Hermes/Qwen `<tool_call>{"name":..,"arguments":..}</tool_call>` blocks, since a
 *   single-turn trainer has no tool-call field.
 * - RL (RLHFDataset): `prompt` list<struct{role, content}> only.
 */
import type { Rollout } from '../formats/types';
import type { OpenAiMessage } from './openai-messages';
import { textOf } from './openai-messages';
import { bool, double, int64, list, str, struct, type SchemaNode } from './parquet-schema';

export interface VerlOptions {
  /** data_source column for every row. Default: each rollout's own source (defaultDataSource). */
  dataSource?: string;
  /** data_source when a rollout says nothing of its source: the dataset's name (set by the export job). */
  fallbackDataSource?: string;
  /** ability column. Default 'agent' (verl-agent's convention for agent SFT). */
  ability?: string;
  /**
   * reward_model.ground_truth from this field of the rollout's metadata, a dotted path such as
   * `fields.expected_answer` (a leading `meta.` is allowed). Default: the first of GROUND_TRUTH_KEYS
   * in meta, else ''.
   */
  groundTruthField?: string;
}

const GROUND_TRUTH_KEYS = ['groundTruth', 'ground_truth', 'expectedAnswer', 'expected_answer', 'label'];

/** A meta value as verl's ground_truth string: strings as they are, numbers and booleans as text, the rest as JSON. */
function truthText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function defaultGroundTruth(rollout: Rollout): string {
  for (const k of GROUND_TRUTH_KEYS) {
    const v = rollout.meta?.[k];
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  }
  return '';
}

/** The value at a dotted path of a rollout's meta (`fields.expected_answer`, `meta.label`); null when absent. */
export function metaField(meta: Record<string, unknown> | undefined, field: string): string | null {
  let v: unknown = meta ?? {};
  for (const key of field.replace(/^meta\./, '').split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    v = (v as Record<string, unknown>)[key];
  }
  return truthText(v);
}

/**
 * Where a rollout came from, as verl's data_source: what its importer recorded.
 * - a verl row's own data_source (meta.dataSource), so a verl dataset round-trips;
 * - tau2: `tau2/<domain>` (meta.domain, from the results' environment_info);
 * - NeMo-Gym: `nemo-gym/<agent server>` (meta.agent, from agent_ref.name);
 * - otherwise `fallback` (the dataset's name).
 * verl routes rewards by this string (docs/verl.md), so it should name the environment.
 */
export function defaultDataSource(meta: Record<string, unknown> | undefined, fallback: string): string {
  meta ??= {};
  if (typeof meta.dataSource === 'string' && meta.dataSource) return meta.dataSource;
  if (typeof meta.domain === 'string' && meta.domain && typeof meta.simulationId === 'string')
    return `tau2/${meta.domain}`;
  if (typeof meta.agent === 'string' && meta.agent) return `nemo-gym/${meta.agent}`;
  return fallback;
}

export const ROLE_CONTENT = struct('element', [str('content'), str('role')]);

const TOOL_CALL = struct('element', [str('id'), str('type'), struct('function', [str('name'), str('arguments')])]);
const MESSAGE = struct('element', [
  str('role'),
  str('content'),
  list('tool_calls', TOOL_CALL),
  str('tool_call_id'),
  str('name'),
]);
const REWARD_MODEL = struct('reward_model', [str('ground_truth'), str('style')]);

export const VERL_SFT_MULTI_COLUMNS: SchemaNode[] = [
  str('data_source'),
  list('messages', MESSAGE),
  str('tools_json'),
  str('ability'),
  REWARD_MODEL,
  struct('extra_info', [
    int64('index'),
    str('split'),
    str('task_id'),
    str('rollout_id'),
    double('reward'),
    bool('success'),
  ]),
];

export const VERL_SFT_SINGLE_COLUMNS: SchemaNode[] = [
  str('data_source'),
  list('prompt', ROLE_CONTENT),
  struct('prompt_data', [str('content')]),
  struct('response_data', [str('content')]),
  str('ability'),
  REWARD_MODEL,
  struct('extra_info', [
    int64('index'),
    str('split'),
    str('task_id'),
    str('rollout_id'),
    int64('turn'),
    double('reward'),
  ]),
];

export const VERL_RL_COLUMNS: SchemaNode[] = [
  str('data_source'),
  list('prompt', ROLE_CONTENT),
  str('ability'),
  REWARD_MODEL,
  struct('extra_info', [int64('index'), str('split'), str('task_id'), str('prompt_key')]),
];

function parseArgs(args: string): unknown {
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

/** A message as plain text: content, then its tool calls as <tool_call> blocks. */
export function renderText(m: OpenAiMessage): string {
  const parts = [textOf(m.content)];
  for (const c of m.tool_calls ?? []) {
    parts.push(
      `<tool_call>\n${JSON.stringify({ name: c.function.name, arguments: parseArgs(c.function.arguments) })}\n</tool_call>`,
    );
  }
  return parts.filter((p) => p.length > 0).join('\n');
}

export function roleContent(messages: readonly OpenAiMessage[]): { content: string; role: string }[] {
  return messages.map((m) => ({ content: renderText(m), role: m.role }));
}

export function messageRow(m: OpenAiMessage) {
  return {
    role: m.role,
    content: textOf(m.content),
    tool_calls: m.tool_calls
      ? m.tool_calls.map((c) => ({ id: c.id, type: c.type, function: { ...c.function } }))
      : null,
    tool_call_id: m.tool_call_id ?? null,
    name: m.name ?? null,
  };
}

/**
 * The columns every verl row has. `ground_truth` is null when `groundTruthField` is set and the
 * rollout's meta has no such field (the RL writer skips such rows: a rule reward needs it).
 */
export function commonColumns(rollout: Rollout, opts: VerlOptions = {}) {
  const groundTruth = opts.groundTruthField
    ? metaField(rollout.meta, opts.groundTruthField)
    : defaultGroundTruth(rollout);
  return {
    data_source: opts.dataSource ?? defaultDataSource(rollout.meta, opts.fallbackDataSource ?? 'sift'),
    ability: opts.ability ?? 'agent',
    groundTruth,
    reward_model: { ground_truth: groundTruth ?? '', style: 'rule' },
  };
}
