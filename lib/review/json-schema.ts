/**
 * Tool-argument validation against a tool's JSON Schema, with @cfworker/json-schema: it interprets
 * the schema instead of generating code (Ajv compiles to `new Function`, which a Content Security
 * Policy without 'unsafe-eval' forbids in the browser, where the review panel validates as you type),
 * it is small, and it covers drafts 4, 7, 2019-09 and 2020-12.
 *
 * Errors are reduced to the ones a person can act on: the validator also reports every enclosing
 * "property x does not match" wrapper and every failed branch of an anyOf/oneOf, so a wrapper is
 * dropped when a deeper error explains it, and branch errors are dropped under their anyOf/oneOf.
 */
import { Validator, type OutputUnit, type SchemaDraft } from '@cfworker/json-schema';

export interface ArgumentError {
  /** Where in the arguments: `order_id`, `items[0].id`; '' for the arguments as a whole. */
  path: string;
  message: string;
}

export type SchemaCheck = { ok: true; errors: ArgumentError[] } | { ok: false; reason: string };

// The review panel validates on every keystroke: reuse a validator per schema object.
const validators = new WeakMap<object, Validator>();

function draftOf(schema: Record<string, unknown>): SchemaDraft {
  const uri = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (uri.includes('draft-04')) return '4';
  if (uri.includes('draft-07') || uri.includes('draft-06')) return '7';
  if (uri.includes('2019-09')) return '2019-09';
  return '2020-12';
}

/** `#/items/0/id` → `items[0].id` (JSON Pointer unescaped: ~1 is /, ~0 is ~). */
export function pointerToPath(pointer: string): string {
  const parts = pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p.length > 0);
  let out = '';
  for (const raw of parts) {
    const p = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(p)) out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

const WRAPPERS = new Set([
  'properties',
  'items',
  'prefixItems',
  'additionalProperties',
  'patternProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
  'contains',
  'dependentSchemas',
  '$ref',
  'allOf',
]);

/** The schema value a keyword location points at (`#/properties/id/pattern`), when reachable without $ref. */
function schemaAt(schema: unknown, location: string): unknown {
  let node = schema;
  for (const raw of location.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function messageOf(schema: Record<string, unknown>, e: OutputUnit): string {
  // A property rejected by `additionalProperties: false` is reported by the boolean schema `false`.
  if (e.keyword === 'false') return 'is not a parameter of this tool';
  // The validator's pattern message does not say which pattern.
  const pattern = e.keyword === 'pattern' ? schemaAt(schema, e.keywordLocation) : undefined;
  if (typeof pattern === 'string') return `value does not match the pattern ${pattern}`;
  return e.error.replace(/\bInstance\b/g, 'value');
}

function reduceErrors(schema: Record<string, unknown>, errors: readonly OutputUnit[]): ArgumentError[] {
  const branches = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.keywordLocation);
  const kept = errors.filter((e) => {
    if (branches.some((b) => e.keywordLocation.startsWith(`${b}/`))) return false;
    if (!WRAPPERS.has(e.keyword)) return true;
    return !errors.some(
      (d) => d !== e && !WRAPPERS.has(d.keyword) && d.instanceLocation.startsWith(e.instanceLocation),
    );
  });
  const seen = new Set<string>();
  const out: ArgumentError[] = [];
  for (const e of kept) {
    const path = pointerToPath(e.instanceLocation);
    const message = messageOf(schema, e);
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

/** Validates parsed arguments; `ok: false` when the schema itself cannot be used (not the reviewer's fault). */
export function checkAgainstSchema(schema: Record<string, unknown>, value: unknown): SchemaCheck {
  try {
    let v = validators.get(schema);
    if (!v) validators.set(schema, (v = new Validator(schema, draftOf(schema), false)));
    const result = v.validate(value);
    return { ok: true, errors: result.valid ? [] : reduceErrors(schema, result.errors) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}
