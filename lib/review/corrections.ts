/**
 * Corrections: applying a reviewer's replacement to an assistant message, and checking it against
 * the rollout before it is saved. The same checks run in the review panel (as the reviewer types)
 * and in the server action (actions are public endpoints), so both say the same thing.
 *
 * Rules:
 * - only the policy's own assistant messages can be corrected (not user, tool or system messages);
 * - at most one correction per message, and the corrected message is not empty;
 * - a corrected call's name is one of the rollout's tools when the rollout lists tools (tau2 result
 *   files do not, and then any name is accepted);
 * - arguments are a JSON object (OpenAI's function-calling shape), valid against the tool's
 *   `parameters` schema when it has one. A schema that cannot be used is a warning, not an error:
 *   the reviewer cannot fix the dataset's schema.
 * Every message names the message index, the call (index and name) and the argument path.
 */
import type { Message, Rollout, ToolCall } from '../formats/types';
import { checkAgainstSchema } from './json-schema';
import { ownCalls, textOf } from './text';
import type { Correction } from './types';

export type CorrectionIssueCode =
  | 'message_out_of_range'
  | 'not_assistant'
  | 'duplicate'
  | 'empty'
  | 'unknown_tool'
  | 'invalid_json'
  | 'not_object'
  | 'schema'
  | 'schema_unusable'
  | 'unchanged';

export interface CorrectionIssue {
  code: CorrectionIssueCode;
  /** Errors block saving; warnings are shown. */
  level: 'error' | 'warning';
  /** Index in the `corrections` array checked. */
  correction: number;
  messageIndex: number;
  /** The corrected call, when the issue is about one. */
  callIndex?: number;
  /** Inside the call's arguments: `items[0].id`; '' for the arguments as a whole. */
  argumentPath?: string;
  message: string;
}

/** Ids for corrected calls: the original call's id at the same position, else a made-up stable one. */
function callId(original: Message, messageIndex: number, k: number): string {
  return ownCalls(original)[k]?.id ?? `call_fix_${messageIndex}_${k}`;
}

/**
 * The corrected message: the original with the reviewer's text and/or calls. Simulated-user calls
 * on the message (tau2 telecom) are kept; the policy's own calls are replaced when `toolCalls` is set.
 */
export function applyCorrection(original: Message, correction: Correction): Message {
  const out: Message = { ...original };
  if (correction.content !== undefined) out.content = correction.content === '' ? null : correction.content;
  if (correction.toolCalls !== undefined) {
    const userCalls = (original.tool_calls ?? []).filter((c) => c.requestor === 'user');
    const calls: ToolCall[] = correction.toolCalls.map((c, k) => ({
      id: callId(original, correction.messageIndex, k),
      name: c.name,
      arguments: c.arguments,
    }));
    const all = [...calls, ...userCalls];
    if (all.length > 0) out.tool_calls = all;
    else delete out.tool_calls;
  }
  return out;
}

/** True when the correction changes nothing a trainer would see (same text, same calls). */
export function isNoOpCorrection(original: Message, correction: Correction): boolean {
  const fixed = applyCorrection(original, correction);
  const calls = (m: Message) => JSON.stringify((m.tool_calls ?? []).map((c) => [c.name, c.arguments]));
  return textOf(fixed.content) === textOf(original.content) && calls(fixed) === calls(original);
}

function checkCall(
  rollout: Pick<Rollout, 'tools'>,
  call: { name: string; arguments: string },
  where: string,
  report: (code: CorrectionIssueCode, message: string, argumentPath?: string, level?: 'error' | 'warning') => void,
): void {
  const tool = rollout.tools.find((t) => t.function.name === call.name);
  if (rollout.tools.length > 0 && !tool) {
    const names = rollout.tools.map((t) => t.function.name).join(', ');
    report('unknown_tool', `${where}: "${call.name}" is not one of this rollout's tools (${names})`);
    return;
  }
  let args: unknown;
  try {
    args = JSON.parse(call.arguments);
  } catch (e) {
    report('invalid_json', `${where}: the arguments are not valid JSON (${(e as Error).message})`, '');
    return;
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    report('not_object', `${where}: the arguments must be a JSON object`, '');
    return;
  }
  const schema = tool?.function.parameters;
  if (!schema) return;
  const check = checkAgainstSchema(schema, args);
  if (!check.ok) {
    report('schema_unusable', `${where}: the tool's schema could not be used (${check.reason})`, '', 'warning');
    return;
  }
  for (const e of check.errors) {
    report('schema', `${where}: ${e.path ? `argument ${e.path}` : 'arguments'}: ${e.message}`, e.path);
  }
}

/** Every problem with a review's corrections of one rollout, in order. */
export function findCorrectionIssues(
  rollout: Pick<Rollout, 'messages' | 'tools'>,
  corrections: readonly Correction[],
): CorrectionIssue[] {
  const issues: CorrectionIssue[] = [];
  const seen = new Set<number>();
  corrections.forEach((c, correction) => {
    const i = c.messageIndex;
    const add = (
      issue: Omit<CorrectionIssue, 'correction' | 'messageIndex' | 'level'> & { level?: 'error' | 'warning' },
    ) => issues.push({ level: 'error', correction, messageIndex: i, ...issue });
    const m = rollout.messages[i];
    if (!m)
      return add({
        code: 'message_out_of_range',
        message: `message ${i}: the rollout has ${rollout.messages.length} messages`,
      });
    if (m.role !== 'assistant')
      return add({
        code: 'not_assistant',
        message: `message ${i}: a ${m.role} message cannot be corrected, only assistant turns`,
      });
    if (seen.has(i)) return add({ code: 'duplicate', message: `message ${i}: corrected twice in one review` });
    seen.add(i);

    (c.toolCalls ?? []).forEach((call, callIndex) => {
      const where = `message ${i}, tool call ${callIndex} (${call.name})`;
      checkCall(rollout, call, where, (code, message, argumentPath, level) =>
        add({
          code,
          message,
          callIndex,
          ...(argumentPath !== undefined ? { argumentPath } : {}),
          ...(level ? { level } : {}),
        }),
      );
    });
    const fixed = applyCorrection(m, c);
    if (textOf(fixed.content).trim() === '' && (fixed.tool_calls ?? []).length === 0) {
      add({ code: 'empty', message: `message ${i}: the corrected turn has neither text nor tool calls` });
    } else if (isNoOpCorrection(m, c)) {
      add({ code: 'unchanged', level: 'warning', message: `message ${i}: the correction is the same as the original` });
    }
  });
  return issues;
}
