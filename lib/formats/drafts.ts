/** RolloutDrafts with the defaults every module shares, and the ids and indices they carry. */
import { toFiniteNumber } from './numbers';
import type { RecordContext, RolloutDraft } from './types';

/** A RolloutDraft with defaults filled from the context; callers override what they know. */
export function newDraft(
  ctx: RecordContext,
  fields: Partial<RolloutDraft> & Pick<RolloutDraft, 'messages'>,
): RolloutDraft {
  const draft: RolloutDraft = {
    externalId: `record-${ctx.record}`,
    taskId: null,
    trial: null,
    tools: [],
    reward: null,
    metrics: {},
    success: null,
    split: null,
    source: sourceOf(ctx),
    ...fields,
  };
  return draft;
}

export function sourceOf(ctx: RecordContext): RolloutDraft['source'] {
  const src: RolloutDraft['source'] = { file: ctx.file, record: ctx.record };
  if (ctx.line !== undefined) src.line = ctx.line;
  return src;
}

/** Id as a string: strings as-is, finite numbers and bigints stringified, else null. */
export function idString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return null;
}

/** An integer (trial, index) from number/bigint/numeric string, else null. */
export function intOrNull(value: unknown): number | null {
  const n = toFiniteNumber(typeof value === 'boolean' ? undefined : value);
  return n !== undefined && Number.isInteger(n) ? n : null;
}
