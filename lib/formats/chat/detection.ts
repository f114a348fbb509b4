/** Small predicates the conversation formats' `detect` functions share. */
import { type JsonObject, isRecord, typeName } from '../guards';

/** The object-valued samples of a probe. */
export function objectSamples(samples: unknown[]): JsonObject[] {
  return samples.filter(isRecord);
}

/** "`a`, `b`, `c`" for reasons. */
export function keyList(obj: unknown, max = 6): string {
  if (!isRecord(obj)) return typeName(obj);
  const keys = Object.keys(obj);
  const shown = keys
    .slice(0, max)
    .map((k) => `\`${k}\``)
    .join(', ');
  return keys.length > max ? `${shown}, …` : shown || 'no keys';
}

/** Fraction of samples for which `test` holds (0 when there are none). */
export function share<T>(items: T[], test: (item: T) => boolean): number {
  if (items.length === 0) return 0;
  return items.filter(test).length / items.length;
}

/** True for a list of objects that all have a string `role` (a chat message list). */
export function isRoleList(value: unknown): value is JsonObject[] {
  return Array.isArray(value) && value.length > 0 && value.every((m) => isRecord(m) && typeof m.role === 'string');
}

/** True for a list of ShareGPT turns ({from, value}). */
export function isTurnList(value: unknown): value is JsonObject[] {
  return Array.isArray(value) && value.length > 0 && value.every((m) => isRecord(m) && typeof m.from === 'string');
}

/** True when some message has content parts keyed `value` (LLaMA-Factory v1 typed parts). */
export function hasValueParts(messages: unknown): boolean {
  return (
    Array.isArray(messages) &&
    messages.some(
      (m) =>
        isRecord(m) && Array.isArray(m.content) && m.content.some((p) => isRecord(p) && 'value' in p && !('text' in p)),
    )
  );
}
