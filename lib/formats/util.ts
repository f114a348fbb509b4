/**
 * Helpers shared by every format module. PURE (no fs, no db). The API here is relied on by modules
 * written by several people: extend it, do not change existing signatures.
 *
 * Conventions:
 * - Every helper that can find a problem takes an `IssueSink` and pushes a `ParseIssue` instead of
 *   throwing, so a module's `mapRecord` never throws on odd input.
 * - Paths are JSONPath-like strings rooted at the record: "$.messages[3].content".
 */
import type {
  ContentPart,
  Message,
  ParseIssue,
  RecordContext,
  RecordResult,
  Role,
  RolloutDraft,
  ToolCall,
  ToolSpec,
} from './types';

export type JsonObject = Record<string, unknown>;

/** Collects issues for one record; created with `issueSink(ctx)`. */
export interface IssueSink {
  ctx: RecordContext;
  issues: ParseIssue[];
  add(path: string, message: string): void;
}

export function issueSink(ctx: RecordContext): IssueSink {
  const issues: ParseIssue[] = [];
  return {
    ctx,
    issues,
    add(path, message) {
      issues.push(makeIssue(ctx, path, message));
    },
  };
}

/** A ParseIssue located at the record of `ctx`. */
export function makeIssue(ctx: Pick<RecordContext, 'record' | 'line'>, path: string, message: string): ParseIssue {
  const issue: ParseIssue = { record: ctx.record, path, message };
  if (ctx.line !== undefined) issue.line = ctx.line;
  return issue;
}

/** The result for a record that yields nothing: skipped, with the reason. */
export function skipRecord(ctx: RecordContext, path: string, message: string, more: ParseIssue[] = []): RecordResult {
  return { rollouts: [], issues: [...more, makeIssue(ctx, path, message)] };
}

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** Short human description of a value's type for issue messages ("string", "array", "null"...). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

// ---------------------------------------------------------------------------------------------
// Numbers, rewards, metrics

/** int64 from parquet arrives as BigInt: convert when it is a safe integer, else undefined. */
export function bigintToNumber(value: bigint): number | undefined {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) return undefined;
  return Number(value);
}

/**
 * A finite number from a number, a numeric string ("0.5", because Python's default=str wrote it),
 * a boolean (0/1) or a BigInt. Anything else, and NaN/Infinity, gives undefined.
 */
export function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return bigintToNumber(value);
  if (typeof value === 'string') {
    const t = value.trim();
    if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Reads a reward-like value. null/undefined → null silently (no reward is legal). Numeric strings
 * are accepted (reported as a note, because numpy values serialised by default=str are common).
 * NaN, Infinity, "nan", objects... → null with an issue, so the user sees why a reward is missing.
 */
export function parseReward(value: unknown, sink: IssueSink, path: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    sink.add(path, `reward is ${String(value)}; stored as no reward`);
    return null;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  const n = toFiniteNumber(value);
  if (n !== undefined) {
    if (typeof value === 'string') sink.add(path, `reward is the string ${JSON.stringify(value)}; read as ${n}`);
    return n;
  }
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeName(value);
  sink.add(path, `reward is not a finite number (${shown}); stored as no reward`);
  return null;
}

/** Keeps only finite numbers; booleans become 0/1; numeric strings are parsed. Others dropped. */
export function sanitizeMetrics(input: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(input)) {
    if (typeof v === 'string') continue; // strings are labels, not metrics (a numeric string is ambiguous)
    const n = toFiniteNumber(v);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/**
 * Numeric and boolean fields of `obj` as metrics (no recursion), e.g. NeMo-Gym's top-level
 * accuracy/set_overlap. `prefix` namespaces them ("reward_breakdown.DB").
 */
export function numericFields(
  obj: unknown,
  prefix = '',
  exclude: ReadonlySet<string> = new Set(),
): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isRecord(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (exclude.has(k)) continue;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
      const n = toFiniteNumber(v);
      if (n !== undefined) out[prefix + k] = n;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Content and messages

/**
 * Plain text of any content shape: string; null; list of parts ({type:'text', text},
 * {type:'output_text', text}, {type:'input_text', text}, LLaMA-Factory {type:'text', value});
 * a single part object. Non-text parts (images) contribute nothing.
 */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) {
    let out = '';
    for (const part of content) out += textOf(part);
    return out;
  }
  if (isRecord(content)) {
    const type = content.type;
    if (type !== undefined && type !== 'text' && type !== 'output_text' && type !== 'input_text') return '';
    if (typeof content.text === 'string') return content.text;
    if (typeof content.value === 'string') return content.value;
  }
  return '';
}

/**
 * Canonical Message.content from a source content value: strings stay; null/undefined → null;
 * part lists keep text and image parts (as canonical parts) — a list of text-only parts collapses to
 * one string, since that is what every exporter wants.
 */
export function toContent(content: unknown): string | ContentPart[] | null {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return null;
  if (Array.isArray(content)) {
    const parts: ContentPart[] = [];
    let hasImage = false;
    for (const p of content) {
      if (isRecord(p) && (p.type === 'image_url' || p.type === 'input_image')) {
        const url = isRecord(p.image_url) ? asString(p.image_url.url) : asString(p.image_url);
        if (url !== undefined) {
          parts.push({ type: 'image_url', image_url: { url } });
          hasImage = true;
        }
        continue;
      }
      const text = textOf(p);
      if (text !== '' || (isRecord(p) && (p.type === 'text' || p.type === 'output_text')))
        parts.push({ type: 'text', text });
    }
    if (!hasImage) return parts.map((p) => (p as { text: string }).text).join('');
    return parts;
  }
  return textOf(content);
}

const ROLE_ALIASES: Record<string, Role> = {
  system: 'system',
  developer: 'developer',
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  gpt: 'assistant',
  model: 'assistant',
  bot: 'assistant',
  tool: 'tool',
  function: 'tool',
  observation: 'tool',
  ipython: 'tool',
};

/** Canonical role for common spellings (human/gpt/observation...), or undefined. */
export function normalizeRole(role: unknown): Role | undefined {
  if (typeof role !== 'string') return undefined;
  return ROLE_ALIASES[role.toLowerCase()];
}

/** ToolCall.arguments must be a JSON string: strings stay as-is, anything else is stringified. */
export function argumentsString(args: unknown): string {
  if (typeof args === 'string') return args;
  if (args === undefined) return '{}';
  return JSON.stringify(args);
}

/**
 * An OpenAI-shaped ({id, type, function:{name, arguments}}) or flat ({id, name, arguments}) tool
 * call → ToolCall. Missing id gets `fallbackId`.
 */
export function toToolCall(raw: unknown, fallbackId: string): ToolCall | undefined {
  if (!isRecord(raw)) return undefined;
  const fn = isRecord(raw.function) ? raw.function : raw;
  const name = asString(fn.name);
  if (name === undefined) return undefined;
  const id = asString(raw.id) ?? asString(raw.call_id) ?? fallbackId;
  const call: ToolCall = { id, name, arguments: argumentsString(fn.arguments ?? fn.kwargs) };
  if (raw.requestor === 'user') call.requestor = 'user';
  return call;
}

/**
 * A tool definition in any common shape → ToolSpec: OpenAI nested `{type:'function', function:{…}}`,
 * Responses-API flat `{type:'function', name, parameters}`, or old `functions` style
 * `{name, description, parameters}`. Unknown shapes → undefined.
 */
export function toToolSpec(raw: unknown): ToolSpec | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.type !== undefined && raw.type !== 'function') return undefined;
  const fn = isRecord(raw.function) ? raw.function : raw;
  const name = asString(fn.name);
  if (name === undefined) return undefined;
  const spec: ToolSpec = { type: 'function', function: { name } };
  const description = asString(fn.description);
  if (description !== undefined) spec.function.description = description;
  if (isRecord(fn.parameters)) spec.function.parameters = fn.parameters;
  if (typeof fn.strict === 'boolean') spec.function.strict = fn.strict;
  return spec;
}

/**
 * A tools field → ToolSpec[]: an array, a JSON-encoded string of an array (glaive, LLaMA-Factory),
 * '' / null / undefined → []. Unreadable entries are reported and skipped.
 */
export function parseTools(value: unknown, sink: IssueSink, path: string): ToolSpec[] {
  if (value === null || value === undefined || value === '') return [];
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      sink.add(path, 'tools is a string that is not valid JSON; tools dropped');
      return [];
    }
  }
  if (!Array.isArray(list)) {
    sink.add(path, `tools is ${typeName(list)}, expected a list; tools dropped`);
    return [];
  }
  const out: ToolSpec[] = [];
  list.forEach((t, i) => {
    const spec = toToolSpec(t);
    if (spec) out.push(spec);
    else sink.add(`${path}[${i}]`, 'tool definition without a name; dropped');
  });
  return out;
}

/**
 * Fills in `tool_call_id` (and `name`) of tool messages. A tool message whose `tool_call_id`
 * matches a call that is still open is paired with that call; otherwise (missing id, or an id that
 * repeats) it answers the nearest preceding open call with that id, else the oldest open call of the
 * latest assistant turn. Results that answer no call are reported. Mutates and returns `messages`.
 */
export function pairToolResults(messages: Message[], sink?: IssueSink, basePath = '$.messages'): Message[] {
  // Open calls in order; a call is closed once a result answered it.
  let open: ToolCall[] = [];
  messages.forEach((m, i) => {
    if (m.tool_calls && m.tool_calls.length > 0) {
      // A new assistant turn: calls of earlier turns stay answerable (some agents interleave).
      open = [...open, ...m.tool_calls];
      return;
    }
    if (m.role !== 'tool') return;
    let idx = -1;
    if (m.tool_call_id !== undefined) {
      // nearest preceding (latest) open call with this id: ids may repeat within a trajectory
      for (let j = open.length - 1; j >= 0; j--)
        if (open[j].id === m.tool_call_id) {
          idx = j;
          break;
        }
      if (idx === -1) {
        sink?.add(`${basePath}[${i}]`, `tool result answers unknown call id ${JSON.stringify(m.tool_call_id)}`);
        return;
      }
    } else if (open.length > 0) {
      idx = 0;
    } else {
      sink?.add(`${basePath}[${i}]`, 'tool result without a preceding tool call');
      return;
    }
    const call = open[idx];
    m.tool_call_id = call.id;
    if (m.name === undefined) m.name = call.name;
    open.splice(idx, 1);
  });
  return messages;
}

// Loose JSON (CSV cells, python repr strings) lives in loose-json.ts; re-exported for modules.
export { parseLooseJson, parsePythonRepr } from './loose-json';

// ---------------------------------------------------------------------------------------------
// Drafts

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
