/**
 * Step labels for process reward models, in TRL's stepwise-supervision shape (prompt, completions,
 * labels). A step is one assistant message of the completion. completions[k] holds what came after
 * step k−1 (tool results, user replies) and then step k itself, so prompt + completions[0..k] is the
 * conversation up to step k and each label sits right after the action it judges, before its result.
 * Messages after the last step are dropped.
 *
 * Labels, first rule that applies:
 * 1. the reviewer rated the turn: good +1, bad −1;
 * 2. the reviewer corrected the turn: −1 (a correction says the original was wrong);
 * 3. a first bad step at message m: the first step at or after m is −1, steps before it +1, steps
 *    after it 0 (the trajectory had already gone wrong; nobody judged them);
 * 4. no first bad step and the verdict is accept: +1;
 * 5. otherwise 0 (unknown).
 */
import type { Message, Rollout } from '../formats/types';
import { promptLengthOf } from './derive';
import type { RolloutAnnotation, RolloutVerdict } from './types';

export type StepLabel = 1 | -1 | 0;

export interface StepLabels {
  prompt: Message[];
  completions: Message[][];
  labels: StepLabel[];
  /** Message index of each step's assistant message in the source rollout. */
  steps: number[];
}

export function labelSteps(
  rollout: Rollout,
  annotation: Pick<RolloutAnnotation, 'firstBadStep' | 'ratings' | 'corrections'> | null,
  verdict: RolloutVerdict | null,
): StepLabels | null {
  const start = promptLengthOf(rollout);
  const steps: number[] = [];
  for (let i = start; i < rollout.messages.length; i++) if (rollout.messages[i].role === 'assistant') steps.push(i);
  if (steps.length === 0) return null;

  const rated = new Map((annotation?.ratings ?? []).map((r) => [r.messageIndex, r.rating]));
  const corrected = new Set((annotation?.corrections ?? []).map((c) => c.messageIndex));
  const bad = annotation?.firstBadStep?.messageIndex;
  const firstBadStep = bad === undefined ? -1 : steps.findIndex((i) => i >= bad);

  const labels = steps.map((i, k): StepLabel => {
    const rating = rated.get(i);
    if (rating) return rating === 'good' ? 1 : -1;
    if (corrected.has(i)) return -1;
    if (bad !== undefined) {
      if (firstBadStep === -1 || k < firstBadStep) return 1;
      return k === firstBadStep ? -1 : 0;
    }
    return verdict === 'accept' ? 1 : 0;
  });
  const completions = steps.map((i, k) => rollout.messages.slice(k === 0 ? start : steps[k - 1] + 1, i + 1));
  return { prompt: rollout.messages.slice(0, start), completions, labels, steps };
}

/** One row of TRL's standard stepwise-supervision dataset. */
export interface TrlStepwiseRow {
  prompt: string;
  completions: string[];
  labels: boolean[];
}

/**
 * TRL's shape: strings (its PRM trainer takes the standard, non-conversational format) and boolean
 * labels. TRL has no "unknown", so the row stops before the first step labelled 0 (later steps would
 * be judged in a context that contains an unjudged one); null when that leaves no step. `render`
 * turns messages into text (a chat template, or the writer's own plain rendering).
 */
export function toTrlStepwise(steps: StepLabels, render: (messages: Message[]) => string): TrlStepwiseRow | null {
  const known = steps.labels.indexOf(0);
  const n = known === -1 ? steps.labels.length : known;
  if (n === 0) return null;
  return {
    prompt: render(steps.prompt),
    completions: steps.completions.slice(0, n).map(render),
    labels: steps.labels.slice(0, n).map((l) => l === 1),
  };
}
