/**
 * tau2-bench results: the monolithic `Results` JSON ({timestamp, info, tasks, simulations}), the
 * non-standard wrapper ({domain, agent, model, ..., simulations} with `policy` per simulation) and
 * the dir format (results.json + simulations/*.json, read by the `dir` reader).
 *
 * Mapping decisions:
 * - The domain policy (info.environment_info.policy, or the simulation's own `policy`) becomes the
 *   system message, as plain text. meta.policy and meta.agentImplementation keep what an exporter
 *   needs to rebuild tau2's SFT system prompt (`<instructions>…</instructions><policy>…</policy>`).
 * - reward = reward_info.reward (null when reward_info is null/absent); numeric reward_info fields
 *   become metrics: db_reward, db_match, reward_breakdown.<basis>, plus agent_cost/user_cost/duration.
 * - success = reward ≥ 1 (tau2's pass criterion), null without a reward.
 * - tool definitions from info.environment_info.tool_defs when present (null in every known file).
 */
import type { FormatModule, Message, Probe, RecordContext, RecordResult } from '../types';
import { idString, intOrNull, newDraft } from '../drafts';
import { asString, isRecord, typeName } from '../guards';
import { issueSink, skipRecord } from '../issues';
import { numericFields, parseReward } from '../numbers';
import { pairToolResults, parseTools } from '../tools';
import { mapTau2Messages, messagesFromTicks } from './tau2-messages';

const CONTEXT = ['$.timestamp', '$.info', '$.tasks', '$.domain', '$.agent', '$.model'];

function detect(probe: Probe): { score: number; reason: string } {
  const keys = probe.topKeys ?? [];
  if (probe.container === 'dir') {
    const simLike = probe.samples.some((s) => isRecord(s) && 'task_id' in s && ('messages' in s || 'ticks' in s));
    if (simLike || keys.includes('info'))
      return { score: 0.95, reason: 'a tau2 dir-format folder (results.json + simulations/)' };
    return { score: 0.3, reason: 'a folder, but no tau2 simulation files were recognised' };
  }
  if (probe.container !== 'json-object')
    return { score: 0, reason: `expected one JSON document with simulations, found ${probe.container}` };
  if (!keys.includes('simulations')) return { score: 0, reason: 'no top-level "simulations" key' };
  const simHint = /"termination_reason"|"reward_info"|"task_id"/.test(probe.head);
  if (keys.includes('info') || keys.includes('tasks')) {
    return { score: simHint ? 0.98 : 0.85, reason: `tau2 Results JSON (top-level keys: ${keys.join(', ')})` };
  }
  return {
    score: simHint ? 0.9 : 0.5,
    reason: `a "simulations" document without info/tasks (tau2 wrapper; keys: ${keys.join(', ')})`,
  };
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value)) return skipRecord(ctx, '$', `a simulation must be an object, found ${typeName(value)}`);
  const sink = issueSink(ctx);
  const doc = ctx.doc ?? {};
  const info = isRecord(doc.info) ? doc.info : undefined;
  const env = info && isRecord(info.environment_info) ? info.environment_info : undefined;
  const agentInfo = info && isRecord(info.agent_info) ? info.agent_info : undefined;
  const policy = asString(value.policy) ?? (env ? asString(env.policy) : undefined);

  const messages: Message[] = [];
  if (policy) messages.push({ role: 'system', content: policy });
  const offset = messages.length;
  if (Array.isArray(value.messages) && value.messages.length > 0) {
    messages.push(...mapTau2Messages(value.messages, sink, '$.messages', offset));
  } else if (Array.isArray(value.ticks) && value.ticks.length > 0) {
    const rebuilt = messagesFromTicks(value.ticks);
    if (rebuilt.length === 0) {
      return skipRecord(
        ctx,
        '$.ticks',
        `voice simulation with ${value.ticks.length} ticks and no messages: the ticks carry no text, so no conversation can be rebuilt`,
        sink.issues,
      );
    }
    messages.push(...rebuilt);
    sink.add('$.ticks', `messages rebuilt from ${value.ticks.length} voice ticks`);
  } else {
    const why = value.termination_reason ? ` (termination_reason: ${String(value.termination_reason)})` : '';
    return skipRecord(ctx, '$.messages', `simulation has no messages${why}`, sink.issues);
  }
  pairToolResults(messages, sink, '$.messages');

  const ri = value.reward_info;
  const reward = isRecord(ri) ? parseReward(ri.reward, sink, '$.reward_info.reward') : null;
  if (ri !== undefined && ri !== null && !isRecord(ri))
    sink.add('$.reward_info', `reward_info is ${typeName(ri)}; no reward`);
  const metrics: Record<string, number> = numericFields(value, '', new Set(['trial', 'seed']));
  if (isRecord(ri)) {
    Object.assign(metrics, numericFields(ri));
    if (isRecord(ri.db_check)) Object.assign(metrics, numericFields(ri.db_check));
    if (isRecord(ri.reward_breakdown)) Object.assign(metrics, numericFields(ri.reward_breakdown, 'reward_breakdown.'));
  }

  const meta: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== null) meta[k] = v;
  };
  put('terminationReason', value.termination_reason);
  put('simulationId', value.id);
  put('policy', policy);
  put('agentImplementation', agentInfo?.implementation ?? (typeof doc.agent === 'string' ? doc.agent : undefined));
  put('agentModel', agentInfo?.llm ?? doc.model);
  put('domain', env?.domain_name ?? doc.domain);
  put('mode', value.mode);
  put('seed', value.seed);

  const tools =
    env && Array.isArray(env.tool_defs) ? parseTools(env.tool_defs, sink, '$.info.environment_info.tool_defs') : [];
  const draft = newDraft(ctx, {
    externalId: asString(value.id) ?? `record-${ctx.record}`,
    taskId: idString(value.task_id),
    trial: intOrNull(value.trial),
    messages,
    tools,
    reward,
    metrics,
    success: reward === null ? null : reward >= 1,
    meta,
  });
  return { rollouts: [draft], issues: sink.issues };
}

export const format: FormatModule = {
  id: 'tau2',
  label: 'tau2-bench results',
  description:
    'tau2-bench simulation results: Results JSON, the leaderboard wrapper, or a results.json + simulations/ folder',
  layout: { kind: 'json-doc', records: ['$.simulations.*'], context: CONTEXT },
  detect,
  mapRecord,
};
