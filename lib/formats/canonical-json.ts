/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped (as JSON.stringify
 * does). Two values that mean the same JSON give the same text, whatever order an importer built
 * them in, so hashes are stable across formats.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return 'null';
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v = value[i];
      out += v === undefined || typeof v === 'function' ? 'null' : canonicalJson(v);
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined || typeof v === 'function') continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return out + '}';
}

// Fast paths for the canonical model's own shapes. They write keys in sorted order directly, so
// the text is identical to canonicalJson() of the same object (asserted in tests), without
// sorting keys for every message of a million rollouts. Objects with unexpected keys fall back.
const MESSAGE_KEYS = [
  'content',
  'error',
  'name',
  'reasoning',
  'requestor',
  'role',
  'tool_call_id',
  'tool_calls',
  'weight',
] as const;
const MESSAGE_KEY_SET = new Set<string>(MESSAGE_KEYS);
const CALL_KEYS = ['arguments', 'id', 'name', 'requestor'] as const;
const CALL_KEY_SET = new Set<string>(CALL_KEYS);

function onlyKnownKeys(obj: object, known: Set<string>): boolean {
  for (const k in obj) if (!known.has(k)) return false;
  return true;
}

function canonicalCall(call: Record<string, unknown>): string {
  if (!onlyKnownKeys(call, CALL_KEY_SET)) return canonicalJson(call);
  let out = '{';
  let first = true;
  for (const k of CALL_KEYS) {
    const v = call[k];
    if (v === undefined) continue;
    out += (first ? '"' : ',"') + k + '":' + (typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v));
    first = false;
  }
  return out + '}';
}

/** canonicalJson() of a Message, fast. */
export function canonicalMessage(m: object): string {
  const msg = m as Record<string, unknown>;
  if (!onlyKnownKeys(msg, MESSAGE_KEY_SET)) return canonicalJson(msg);
  let out = '{';
  let first = true;
  for (const k of MESSAGE_KEYS) {
    const v = msg[k];
    if (v === undefined) continue;
    let text: string;
    if (typeof v === 'string') text = JSON.stringify(v);
    else if (k === 'tool_calls' && Array.isArray(v)) {
      text = '[';
      for (let i = 0; i < v.length; i++) {
        const c = v[i];
        text +=
          (i > 0 ? ',' : '') +
          (c !== null && typeof c === 'object' ? canonicalCall(c as Record<string, unknown>) : canonicalJson(c));
      }
      text += ']';
    } else text = canonicalJson(v);
    out += (first ? '"' : ',"') + k + '":' + text;
    first = false;
  }
  return out + '}';
}
