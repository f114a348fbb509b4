/**
 * tau2-bench `prepare_dataset.py make` SFT dataset, as one JSON document
 * `{splits: {train: [SFTDataPoint…], test: […]}}` where SFTDataPoint is
 * `{messages, tools, task_id, simulation_id, reward}`.
 *
 * Older tau2 writers emit tool calls without an `id` (`{name, function:{name, arguments}, type}`),
 * `tool_calls: null` on plain turns and tool messages without `tool_call_id`; ids are generated and
 * results paired by position (chat/finish-conversation, tools.pairToolResults). The split comes from the key path
 * (ctx.path = ['splits', <name>, <index>]), not from the record.
 */
import type { Detection, FormatModule, Probe, RecordContext, RecordResult } from '../types';
import { idString, newDraft } from '../drafts';
import { isRecord, typeName } from '../guards';
import { issueSink, skipRecord } from '../issues';
import { parseReward } from '../numbers';
import { parseTools } from '../tools';
import { parseState } from '../chat/conversation';
import { keyList, objectSamples } from '../chat/detection';
import { finishConversation } from '../chat/finish-conversation';
import { parseChatMessages } from '../chat/messages';

const SPLITS_OPEN = /^\s*\{\s*"splits"\s*:\s*\{/;
/** `{"splits": {"<name>": [{"messages": [` — the prepare_dataset layout, visible in any head. */
const SPLITS_OF_MESSAGES = /^\s*\{\s*"splits"\s*:\s*\{\s*"[^"]*"\s*:\s*\[\s*\{\s*"messages"\s*:/;

function detect(probe: Probe): Detection {
  const hasSplitsKey = probe.topKeys?.includes('splits') || /"splits"\s*:\s*\{/.test(probe.head.slice(0, 4096));
  if (!hasSplitsKey) return { score: 0, reason: 'no top-level `splits` object' };
  // The head shows the first data points; a sample may also be the whole document or a record.
  const head = probe.head;
  const hasMessages = /"messages"\s*:/.test(head);
  const hasTau2Ids = /"simulation_id"\s*:/.test(head) || /"task_id"\s*:/.test(head);
  const sampleFits = objectSamples(probe.samples).some(
    (s) => (Array.isArray(s.messages) && ('simulation_id' in s || 'task_id' in s)) || isRecord(s.splits),
  );
  if (hasMessages && (hasTau2Ids || sampleFits)) {
    const leading = SPLITS_OPEN.test(head) ? 'the document starts with `splits`' : 'the document has `splits`';
    return {
      score: 0.95,
      reason: `${leading}, whose lists hold {messages, tools, task_id, simulation_id, reward} (tau2 SFT dataset)`,
    };
  }
  // Messages can fill the whole head before task_id appears; the opening alone is specific enough.
  if (SPLITS_OF_MESSAGES.test(head)) {
    return {
      score: 0.9,
      reason: 'the document opens with `splits` → a list of {messages, …} data points (tau2 SFT dataset)',
    };
  }
  if (hasMessages)
    return { score: 0.6, reason: 'a `splits` object with `messages` lists, but no task_id/simulation_id seen' };
  return { score: 0.2, reason: 'a `splits` object, but no `messages` seen in the first bytes' };
}

function mapRecord(value: unknown, ctx: RecordContext): RecordResult {
  if (!isRecord(value)) return skipRecord(ctx, '$', `data point is ${typeName(value)}, expected an object`);
  const sink = issueSink(ctx);
  const st = parseState(sink);
  if (value.messages === undefined)
    return skipRecord(ctx, '$', `data point has no \`messages\` (keys: ${keyList(value)})`);
  const parsed = parseChatMessages(value.messages, '$.messages', st);
  if (!parsed) return { rollouts: [], issues: sink.issues };
  if (parsed.messages.length === 0) return skipRecord(ctx, '$.messages', 'the message list is empty', sink.issues);
  const conv = finishConversation(parsed, sink);

  const reward = parseReward(value.reward, sink, '$.reward');
  const splitName = ctx.path && ctx.path[0] === 'splits' && typeof ctx.path[1] === 'string' ? ctx.path[1] : null;
  const draft = newDraft(ctx, {
    externalId: idString(value.simulation_id) ?? `${ctx.record}`,
    taskId: idString(value.task_id),
    messages: conv.messages,
    tools: parseTools(value.tools, sink, '$.tools'),
    reward,
    // tau2 counts a simulation as a success only at full reward (prepare_dataset keeps reward == 1).
    success: reward === null ? null : reward >= 1,
    split: splitName,
  });
  return { rollouts: [draft], issues: sink.issues };
}

export const format: FormatModule = {
  id: 'sft-json',
  label: 'tau2 SFT dataset (JSON)',
  description:
    'tau2-bench prepare_dataset output {splits: {train: [...], test: [...]}} of {messages, tools, task_id, simulation_id, reward}.',
  layout: { kind: 'json-doc', records: ['$.splits.*.*'] },
  detect,
  mapRecord,
};
