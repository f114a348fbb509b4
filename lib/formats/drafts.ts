/** RolloutDrafts with the defaults every module shares, the ids they carry and the extra fields kept in meta. */
import type { JsonObject } from './guards';
import type { IssueSink } from './issues';
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

/**
 * Top-level keys worth keeping in meta (e.g. RFT grader fields). Values larger than `maxChars` of
 * JSON are left out with an issue, so meta stays small.
 */
export function extraFields(
  obj: JsonObject,
  known: ReadonlySet<string>,
  sink: IssueSink,
  maxChars = 4096,
): JsonObject | undefined {
  const out: JsonObject = {};
  let any = false;
  for (const [k, v] of Object.entries(obj)) {
    if (known.has(k) || v === undefined) continue;
    const size = JSON.stringify(v)?.length ?? 0;
    if (size > maxChars) {
      sink.add(`$.${k}`, `field is ${size} characters of JSON; not kept in metadata`);
      continue;
    }
    out[k] = v;
    any = true;
  }
  return any ? out : undefined;
}
