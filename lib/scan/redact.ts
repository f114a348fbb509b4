/**
 * Redaction: each span becomes `[REDACTED:kind]`. Spans never cut a JSON escape and the marker has
 * no quote, backslash or control character, so a tool call's `arguments` that parsed as JSON before
 * still parse after, with the same keys and non-string values (property-tested in redact.test.ts).
 * Nothing is mutated: redactRollout returns a copy that shares every untouched part.
 */
import { childPath } from './json-path';
import type { Scannable } from './scan-rollout';
import type { Category, Finding, FindingKind } from './types';

export function redactionMarker(kind: FindingKind): string {
  return `[REDACTED:${kind}]`;
}

type Span = Pick<Finding, 'kind' | 'start' | 'end'>;

/** Replaces each span (sorted or not; overlapping spans keep the first by start). */
export function redactText(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at || s.end > text.length) continue;
    out += text.slice(at, s.start) + redactionMarker(s.kind);
    at = s.end;
  }
  return out + text.slice(at);
}

export interface RedactOptions {
  /** Categories to redact (default: secrets only; personal data is opt-in). */
  categories?: readonly Category[];
}

export interface Redacted<T> {
  rollout: T;
  /** How many spans were replaced, by kind (for the export manifest). */
  counts: Partial<Record<FindingKind, number>>;
}

function locationKey(f: Finding): string {
  return f.field === 'meta' || f.field === 'tools'
    ? `${f.field}|${f.path}`
    : `${f.messageIndex}|${f.field}|${f.part ?? ''}|${f.call ?? ''}`;
}

function redactJson(value: unknown, path: string, field: string, by: Map<string, Finding[]>): unknown {
  if (typeof value === 'string') {
    const spans = by.get(`${field}|${path}`);
    return spans ? redactText(value, spans) : value;
  }
  if (Array.isArray(value)) return value.map((v, i) => redactJson(v, childPath(path, i), field, by));
  if (value !== null && typeof value === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) o[k] = redactJson(v, childPath(path, k), field, by);
    return o;
  }
  return value;
}

/** A copy of `rollout` with the findings of the chosen categories redacted. */
export function redactRollout<T extends Scannable>(
  rollout: T,
  findings: readonly Finding[],
  opts: RedactOptions = {},
): Redacted<T> {
  const cats = opts.categories ?? ['secret'];
  const by = new Map<string, Finding[]>();
  const counts: Partial<Record<FindingKind, number>> = {};
  for (const f of findings) {
    if (!cats.includes(f.category)) continue;
    const k = locationKey(f);
    by.set(k, [...(by.get(k) ?? []), f]);
    counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  }
  if (by.size === 0) return { rollout, counts };
  const at = (i: number, field: string, part?: number, call?: number) =>
    by.get(`${i}|${field}|${part ?? ''}|${call ?? ''}`);
  const messages = rollout.messages.map((m, i) => {
    const content = at(i, 'content');
    const reasoning = at(i, 'reasoning');
    const parts = Array.isArray(m.content) && m.content.some((_, p) => at(i, 'content', p));
    const calls = m.tool_calls?.some((_, c) => at(i, 'arguments', undefined, c));
    if (!content && !reasoning && !parts && !calls) return m;
    const copy = { ...m };
    if (content && typeof m.content === 'string') copy.content = redactText(m.content, content);
    if (parts && Array.isArray(m.content))
      copy.content = m.content.map((p, j) => {
        const spans = at(i, 'content', j);
        return spans && p.type === 'text' ? { ...p, text: redactText(p.text, spans) } : p;
      });
    if (reasoning && m.reasoning) copy.reasoning = redactText(m.reasoning, reasoning);
    if (calls && m.tool_calls)
      copy.tool_calls = m.tool_calls.map((c, j) => {
        const spans = at(i, 'arguments', undefined, j);
        return spans ? { ...c, arguments: redactText(c.arguments, spans) } : c;
      });
    return copy;
  });
  const hasMeta = [...by.keys()].some((k) => k.startsWith('meta|'));
  const hasTools = [...by.keys()].some((k) => k.startsWith('tools|'));
  return {
    rollout: {
      ...rollout,
      messages,
      meta: hasMeta ? (redactJson(rollout.meta, '$', 'meta', by) as T['meta']) : rollout.meta,
      tools: hasTools ? (redactJson(rollout.tools, '$', 'tools', by) as T['tools']) : rollout.tools,
    },
    counts,
  };
}
