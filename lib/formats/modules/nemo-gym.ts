/**
 * NeMo-Gym rollouts.jsonl: one rollout per line, `responses_create_params` (the Responses API
 * request: input + tools) and `response` (output items), plus `reward` and server-specific metrics.
 *
 * Mapping decisions:
 * - messages = input items then output items (see responses-items.ts); promptLength = the number
 *   of messages from input (input can be the conversation so far, as in tau2-agent).
 * - reward → reward; every top-level number/boolean (reward included) → metrics.
 * - Nested judge calls (judge_evaluations, judge_response, ...) are never messages: dropped, except
 *   small string fields kept in meta.fields.
 * - taskId: `_ng_task_index` ?? `task_index` ?? `task_id` ?? (bbq) `source_id`; trial:
 *   `_ng_rollout_index`.
 * - bbq shape (no request, `policy_response`): one assistant message; the prompt is not in the file.
 * - multichallenge (input only, no reward): a prompt-only rollout, reward null.
 * - step lists: `response.output` as one CUMULATIVE item list per environment step ([[user, call,
 *   result], [user, call, result, answer]]). The last list is the whole rollout, so it alone is
 *   imported (an earlier list that is not a prefix of it is reported). The user's request arrives
 *   inside those lists, so their leading system/developer/user messages join the prompt.
 */
import type { FormatModule, Message, Probe, RecordContext, RecordResult } from '../types';
import { idString, intOrNull, newDraft } from '../drafts';
import { asArray, isRecord, typeName } from '../guards';
import { type IssueSink, issueSink, skipRecord } from '../issues';
import { numericFields, parseReward } from '../numbers';
import { pairToolResults, parseTools } from '../tools';
import { appendResponseItems } from './responses-items';

const META_STRING_MAX = 1000;
/** Ids and indices are not metrics. */
const NOT_METRICS = new Set(['_ng_task_index', '_ng_rollout_index', 'task_index', 'task_id', 'seed']);
const SKIP_META = new Set(['responses_create_params', 'response', 'policy_response', 'model_patch']);

function isNemoRecord(v: unknown): boolean {
  if (!isRecord(v)) return false;
  if (
    isRecord(v.responses_create_params) &&
    ('response' in v ||
      'reward' in v ||
      Array.isArray(v.responses_create_params.input) ||
      typeof v.responses_create_params.input === 'string')
  )
    return true;
  return typeof v.policy_response === 'string' && 'reward' in v;
}

/** True for `response.output` written as one item list per environment step (see the module doc). */
function isStepLists(output: unknown[]): output is unknown[][] {
  return output.length > 0 && output.every(Array.isArray);
}

/** The last step's items; an earlier step that is not a prefix of them is reported (it is lost). */
function lastStep(steps: unknown[][], sink: IssueSink, path: string): unknown[] {
  const last = steps[steps.length - 1];
  const lastJson = last.map((item) => JSON.stringify(item));
  for (let s = 0; s < steps.length - 1; s++) {
    const step = steps[s];
    if (step.length > last.length || step.some((item, i) => JSON.stringify(item) !== lastJson[i])) {
      sink.add(`${path}[${s}]`, `step ${s} is not a prefix of the last step; only the last step was imported`);
    }
  }
  return last;
}

const PROMPT_ROLES = new Set(['system', 'developer', 'user']);

function detect(probe: Probe): { score: number; reason: string } {
  if (probe.container !== 'jsonl' && probe.container !== 'json-concat' && probe.container !== 'json-object') {
    return { score: 0, reason: `expected JSONL, found ${probe.container}` };
  }
  const n = probe.samples.filter(isNemoRecord).length;
  if (n === 0)
    return {
      score: 0,
      reason: 'no record has responses_create_params (NeMo-Gym Responses request) or policy_response',
    };
  const withResponse = probe.samples.some(
    (s) => isRecord(s) && isRecord(s.response) && Array.isArray(s.response.output),
  );
  const score = n === probe.samples.length ? (withResponse ? 0.95 : 0.8) : 0.5;
  const stepLists = probe.samples.filter(
    (s) => isRecord(s) && isRecord(s.response) && Array.isArray(s.response.output) && isStepLists(s.response.output),
  ).length;
  const variant =
    stepLists > 0
      ? `; in ${stepLists}, response.output is a list of cumulative per-step item lists (the last, complete one is imported)`
      : '';
  return { score, reason: `${n}/${probe.samples.length} records have the NeMo-Gym rollout shape${variant}` };
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value)) return skipRecord(ctx, '$', `expected an object, found ${typeName(value)}`);
  const sink = issueSink(ctx);
  const req = value.responses_create_params;
  const messages: Message[] = [];
  let promptLength = 0;
  let tools = [] as ReturnType<typeof parseTools>;
  if (isRecord(req)) {
    const input = req.input;
    if (typeof input === 'string') messages.push({ role: 'user', content: input });
    else if (Array.isArray(input)) appendResponseItems(input, messages, sink, '$.responses_create_params.input');
    else if (input !== undefined && input !== null)
      sink.add('$.responses_create_params.input', `input is ${typeName(input)}; expected a string or a list`);
    if (typeof req.instructions === 'string' && req.instructions)
      messages.unshift({ role: 'system', content: req.instructions });
    promptLength = messages.length;
    tools = parseTools(req.tools, sink, '$.responses_create_params.tools');
  }
  const response = value.response;
  if (isRecord(response)) {
    const output = asArray(response.output);
    if (output && isStepLists(output)) {
      const last = output.length - 1;
      appendResponseItems(lastStep(output, sink, '$.response.output'), messages, sink, `$.response.output[${last}]`);
      while (promptLength < messages.length && PROMPT_ROLES.has(messages[promptLength].role)) promptLength++;
    } else if (output) appendResponseItems(output, messages, sink, '$.response.output');
    else if (response.output !== undefined)
      sink.add('$.response.output', `output is ${typeName(response.output)}; expected a list`);
  } else if (typeof value.policy_response === 'string') {
    messages.push({ role: 'assistant', content: value.policy_response });
  } else if (!isRecord(req)) {
    return skipRecord(
      ctx,
      '$',
      'neither responses_create_params/response nor policy_response: not a NeMo-Gym rollout',
      sink.issues,
    );
  }
  if (messages.length === 0) return skipRecord(ctx, '$', 'the rollout has no messages', sink.issues);
  pairToolResults(messages, sink);

  const taskId =
    idString(value._ng_task_index) ??
    idString(value.task_index) ??
    idString(value.task_id) ??
    idString(value.source_id);
  const draft = newDraft(ctx, {
    messages,
    tools,
    promptLength,
    taskId,
    trial: intOrNull(value._ng_rollout_index),
    reward: parseReward(value.reward, sink, '$.reward'),
    metrics: numericFields(value, '', NOT_METRICS),
    meta: metaOf(value),
  });
  if (typeof value.success === 'boolean') draft.success = value.success;
  else if (typeof value.resolved === 'boolean') draft.success = value.resolved;
  return { rollouts: [draft], issues: sink.issues };
}

function metaOf(value: Record<string, unknown>): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  const response = value.response;
  if (isRecord(response)) {
    if (typeof response.model === 'string' && response.model) meta.model = response.model;
    if (typeof response.id === 'string' && response.id) meta.responseId = response.id;
    if (isRecord(response.usage)) meta.usage = response.usage;
  }
  if (isRecord(value.agent_ref) && typeof value.agent_ref.name === 'string') meta.agent = value.agent_ref.name;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!SKIP_META.has(k) && typeof v === 'string' && v.length <= META_STRING_MAX) fields[k] = v;
  }
  if (Object.keys(fields).length > 0) meta.fields = fields;
  if (typeof value.model_patch === 'string') meta.modelPatch = value.model_patch;
  return meta;
}

export const format: FormatModule = {
  id: 'nemo-gym',
  label: 'NeMo-Gym rollouts',
  description: 'NVIDIA NeMo-Gym rollouts.jsonl (Responses API request + response, reward and metrics per line)',
  layout: { kind: 'json-values' },
  detect,
  mapRecord,
};
