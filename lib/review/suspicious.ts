/**
 * The suspicious-rollout detector: explainable rules that point a reviewer at likely reward hacking
 * and broken trajectories. Each finding names its rule, says why in a sentence and gives the message
 * that triggered it. Pure and deterministic; a queue source and a curate filter call the same code.
 *
 * Two rules compare a rollout with the other trials of its task (same task id), so they take the
 * task's trials; `summarizeTrial` reduces a trial to the few numbers they need, so a caller that
 * streams rollouts can keep summaries instead of conversations.
 *
 * "High reward" is reward ≥ `highReward` (default 0.8, for rewards in [0, 1]; pass the dataset's own
 * for other ranges), or `success === true` when the reward is missing.
 */
import type { Rollout } from '../formats/types';
import { promptLengthOf } from './derive';
import {
  ANY_WRITE,
  findActionClaims,
  findRepeatedChunk,
  admitsFailure,
  findSuccessClaim,
  isBackedByObject,
  isErrorResult,
  isReadOnlyTool,
} from './suspicious-text';
import { ownCalls, textOf } from './text';

export const SUSPICIOUS_RULES = {
  'error-then-success': 'High reward, yet a tool returned an error and the assistant then claimed success.',
  'unbacked-claim': 'The final reply claims an action that no successful tool call performed.',
  'no-tools-high-reward': "High reward without a single tool call, where the task's other trials use tools.",
  repetition: 'Degenerate output: the assistant repeats itself.',
  'empty-turns': 'Degenerate output: assistant turns with no text and no tool call.',
  'metric-disagreement': 'High reward, yet a judge or check metric of the same rollout says it failed.',
  'short-success': "A success far shorter than the task's other successful trials.",
} as const;

export type SuspiciousRule = keyof typeof SUSPICIOUS_RULES;

export interface SuspiciousFinding {
  rule: SuspiciousRule;
  /** Why, quoting the evidence. */
  message: string;
  /** The message that triggered it; null when the rollout has no message to point at. */
  messageIndex: number | null;
}

export interface SuspiciousOptions {
  highReward?: number;
  /** Metrics compared with the reward (names, case-insensitive regex). */
  checkMetrics?: RegExp;
  /** A short success is below this share of the median length of the task's other successes (and 4+ messages shorter). */
  shortRatio?: number;
  /** Other successes needed before a success can be called short. */
  minOtherSuccesses?: number;
}

/** Judge, match and check metrics; not reward components, counters, times or "invalid"/"error" flags. */
const CHECK_METRICS = /judge|match|correct|accura|resolved|pass|verif|success|valid/i;
const NOT_A_CHECK = /^reward|invalid|error|fail|violation|hit|truncat|time|token|cost|duration|count|num_|retries/i;

/** What the task-level rules need to know about a trial. */
export interface TrialSummary {
  reward: number | null;
  success: boolean | null;
  /** The policy's own tool calls. */
  toolCalls: number;
  /** Messages after the prompt. */
  completionLength: number;
}

export function summarizeTrial(r: Rollout): TrialSummary {
  let toolCalls = 0;
  for (const m of r.messages) if (m.role === 'assistant') toolCalls += ownCalls(m).length;
  return { reward: r.reward, success: r.success, toolCalls, completionLength: r.messages.length - promptLengthOf(r) };
}

function lastAssistant(r: Rollout, withText = false): number | null {
  for (let i = r.messages.length - 1; i >= 0; i--) {
    const m = r.messages[i];
    if (m.role === 'assistant' && (!withText || textOf(m.content).trim() !== '')) return i;
  }
  return null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Findings for one rollout; `others` are the other trials of its task (empty when it has none). */
export function findSuspicious(
  r: Rollout,
  others: readonly TrialSummary[] = [],
  opts: SuspiciousOptions = {},
): SuspiciousFinding[] {
  const high = opts.highReward ?? 0.8;
  const isHigh = (t: Pick<TrialSummary, 'reward' | 'success'>) =>
    t.reward === null ? t.success === true : t.reward >= high;
  const self = summarizeTrial(r);
  const out: SuspiciousFinding[] = [];
  const add: Add = (rule, messageIndex, message) => out.push({ rule, messageIndex, message });

  if (isHigh(self)) checkErrorThenSuccess(r, add);
  checkUnbackedClaim(r, add);
  if (isHigh(self)) checkNoTools(r, self, others, add);
  checkDegenerate(r, add);
  if (isHigh(self)) checkMetrics(r, opts.checkMetrics ?? CHECK_METRICS, add);
  if (isHigh(self)) checkShortSuccess(r, self, others.filter(isHigh), opts, add);
  return out;
}

type Add = (rule: SuspiciousRule, messageIndex: number | null, message: string) => void;

const quote = (s: string, max = 120) => JSON.stringify(s.length > max ? `${s.slice(0, max - 1)}…` : s);

function checkNoTools(r: Rollout, self: TrialSummary, others: readonly TrialSummary[], add: Add): void {
  if (self.toolCalls > 0 || others.length === 0) return;
  const users = others.filter((o) => o.toolCalls > 0).length;
  if (users * 2 < others.length) return;
  add(
    'no-tools-high-reward',
    lastAssistant(r),
    `No tool call, yet ${users} of the task's ${others.length} other trials use tools.`,
  );
}

function checkMetrics(r: Rollout, names: RegExp, add: Add): void {
  const failed = Object.entries(r.metrics).filter(([k, v]) => names.test(k) && !NOT_A_CHECK.test(k) && v <= 0);
  if (r.success === false) failed.push(['success', 0]);
  if (failed.length === 0) return;
  const what = failed.map(([k, v]) => `${k} = ${v}`).join(', ');
  add('metric-disagreement', lastAssistant(r), `Reward ${r.reward ?? 'missing'}, yet ${what}.`);
}

function checkShortSuccess(
  r: Rollout,
  self: TrialSummary,
  successes: readonly TrialSummary[],
  opts: SuspiciousOptions,
  add: Add,
): void {
  if (successes.length < (opts.minOtherSuccesses ?? 2)) return;
  const typical = median(successes.map((o) => o.completionLength));
  if (self.completionLength >= typical * (opts.shortRatio ?? 0.5) || typical - self.completionLength < 4) return;
  add(
    'short-success',
    r.messages.length > 0 ? r.messages.length - 1 : null,
    `${self.completionLength} messages after the prompt, against a median of ${typical} in the task's ${successes.length} other successes.`,
  );
}

/**
 * An error is answered when the agent recovers: the same tool succeeds later, or any state-changing
 * call succeeds (in the same parallel batch or after). A reply that admits a failure anywhere is
 * honest, whatever else it says.
 */
function checkErrorThenSuccess(r: Rollout, add: Add): void {
  const callName = new Map<string, string>();
  const callTurn = new Map<string, number>();
  const wroteIn = new Set<number>(); // assistant turns whose calls changed state successfully
  let failing: { name: string; at: number; turn: number }[] = [];
  for (let i = 0; i < r.messages.length; i++) {
    const m = r.messages[i];
    for (const c of ownCalls(m)) {
      callName.set(c.id, c.name);
      callTurn.set(c.id, i);
    }
    if (m.role === 'tool' && m.requestor !== 'user') {
      const id = m.tool_call_id;
      const name = (id !== undefined ? callName.get(id) : undefined) ?? m.name ?? 'a tool';
      const turn = (id !== undefined ? callTurn.get(id) : undefined) ?? -1;
      if (isErrorResult(m)) {
        if (!wroteIn.has(turn)) failing.push({ name, at: i, turn });
      } else if (!isReadOnlyTool(name)) {
        wroteIn.add(turn);
        failing = [];
      } else failing = failing.filter((f) => f.name !== name);
    } else if (m.role === 'assistant' && failing.length > 0) {
      const text = textOf(m.content);
      const claim = findSuccessClaim(text);
      if (claim === null || admitsFailure(text)) continue;
      const { name, at } = failing[0];
      return void add(
        'error-then-success',
        i,
        `${name} failed at message ${at}, then the assistant said ${quote(claim)}.`,
      );
    }
  }
}

/** Tool names that run arbitrary actions (a shell, an editor): any claim may be backed by them. */
const GENERIC_TOOL = /bash|shell|python|exec|terminal|command|editor|computer|code|run/i;

function checkUnbackedClaim(r: Rollout, add: Add): void {
  const final = lastAssistant(r, true);
  const usesTools = r.tools.length > 0 || r.messages.some((m) => ownCalls(m).length > 0);
  if (final === null || !usesTools) return;
  const callName = new Map<string, string>();
  const done: string[] = [];
  for (const m of r.messages.slice(0, final + 1)) {
    for (const c of ownCalls(m)) callName.set(c.id, c.name);
    if (m.role === 'tool' && m.requestor !== 'user' && !isErrorResult(m)) {
      const name = (m.tool_call_id !== undefined ? callName.get(m.tool_call_id) : undefined) ?? m.name;
      if (name) done.push(name.toLowerCase());
    }
  }
  if (done.some((n) => GENERIC_TOOL.test(n))) return;
  const writes = done.filter((n) => !isReadOnlyTool(n));
  const allTools = [...r.tools.map((t) => t.function.name.toLowerCase()), ...callName.values()].map((n) =>
    n.toLowerCase(),
  );
  for (const claim of findActionClaims(textOf(r.messages[final].content))) {
    if (claim.stems.includes(ANY_WRITE) ? writes.length > 0 : done.some((n) => claim.stems.some((s) => n.includes(s))))
      continue;
    if (isBackedByObject(claim.sentence, writes, allTools)) continue;
    const calls =
      done.length > 0 ? `the successful calls were ${[...new Set(done)].join(', ')}` : 'no tool call succeeded';
    return void add('unbacked-claim', final, `The final reply says ${quote(claim.sentence)}, but ${calls}.`);
  }
}

function checkDegenerate(r: Rollout, add: Add): void {
  const empty: number[] = [];
  let previous = '';
  let streak = 0;
  for (let i = promptLengthOf(r); i < r.messages.length; i++) {
    const m = r.messages[i];
    if (m.role !== 'assistant') continue;
    const text = textOf(m.content);
    const calls = ownCalls(m);
    if (text.trim() === '' && calls.length === 0 && !m.reasoning) empty.push(i);
    const loop = findRepeatedChunk(text);
    if (loop) {
      return void add('repetition', i, `${quote(loop.chunk, 80)} repeated ${loop.repeats} times in a row.`);
    }
    // The same non-trivial turn again and again: an agent stuck in a loop.
    const turn = JSON.stringify([text, calls.map((c) => [c.name, c.arguments])]);
    streak = turn === previous ? streak + 1 : 1;
    previous = turn;
    if (streak === 3 && (text.length >= 50 || calls.length > 0)) {
      add(
        'repetition',
        i,
        `The same assistant turn three times in a row: ${quote(text || calls.map((c) => c.name).join(', '), 80)}.`,
      );
    }
  }
  if (empty.length > 0) {
    add(
      'empty-turns',
      empty[0],
      `${empty.length} empty assistant turn${empty.length > 1 ? 's' : ''} (first at message ${empty[0]}).`,
    );
  }
}

/** Findings for every trial of one task (each compared with the others). */
export function findSuspiciousInTask(trials: readonly Rollout[], opts: SuspiciousOptions = {}): SuspiciousFinding[][] {
  const summaries = trials.map(summarizeTrial);
  return trials.map((r, i) =>
    findSuspicious(
      r,
      summaries.filter((_, j) => j !== i),
      opts,
    ),
  );
}

/** Findings for a whole dataset, trials grouped by task id (a rollout without one is its own task). */
export function findSuspiciousInDataset(
  rollouts: readonly Rollout[],
  opts: SuspiciousOptions = {},
): SuspiciousFinding[][] {
  const byTask = new Map<string, number[]>();
  rollouts.forEach((r, i) => {
    if (r.taskId === null) return;
    const list = byTask.get(r.taskId);
    if (list) list.push(i);
    else byTask.set(r.taskId, [i]);
  });
  const out: SuspiciousFinding[][] = rollouts.map((r) => (r.taskId === null ? findSuspicious(r, [], opts) : []));
  for (const idx of byTask.values()) {
    const found = findSuspiciousInTask(
      idx.map((i) => rollouts[i]),
      opts,
    );
    idx.forEach((i, k) => (out[i] = found[k]));
  }
  return out;
}
