/**
 * The Jinja engine chat templates are rendered with: @huggingface/jinja (the interpreter
 * transformers.js bundles), loaded so that it renders about three times faster.
 *
 * Why: its runtime classes declare `type = "StringValue"` and `value;` as class fields, in a base
 * class and again in each subclass. V8 (Node 20) defines such fields through a megamorphic
 * define-own-property path on every object the interpreter creates, which was 60% of render time
 * in a profile (`<instance_members_initializer>`), and rendering is most of a token analysis once
 * encoding is cached. We load the package's own CommonJS build with those declarations rewritten
 * (`type = "X";` → a prototype getter returning "X"; bare `value;` / `_builtins;` removed, as the
 * constructors assign them), which changes no behaviour: same parser, same interpreter, same
 * output (jinja.test.ts renders every fixture and real conversation both ways).
 *
 * Two memos on top, both keyed by object identity in WeakMaps: converting a JS value to the
 * interpreter's values (`convertToRuntimeValues`) and `tojson` with default options of a converted
 * object or array. The interpreter never mutates those values (only `namespace()` objects can be
 * assigned to, and they are not memoised), so a memo hit is the value it would have built again.
 * It pays off for tool definitions: callers pass the same tools object for every conversation
 * that has the same tools (export-shape.ts interns them), and a domain's 14 tau2 tools rendered
 * with tojson were 17% of a 740-conversation analysis.
 *
 * If the build does not have the expected shape (another version), the package is used as is.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface JinjaTemplate {
  render(items?: Record<string, unknown>): string;
}

export interface JinjaModule {
  Template: new (template: string) => JinjaTemplate;
}

export interface LoadedJinja {
  jinja: JinjaModule;
  /** True when the class-field rewrite applied (else the package as published). */
  patched: boolean;
}

const TYPE_FIELD = /^ {2}type = ("[A-Za-z]+");$/gm;
const CONVERT = 'function convertToRuntimeValues(input) {';
const TO_JSON = 'function toJSON(input, options = {}, depth = 0, convertUndefinedToNull = true) {';
const MEMOS = `
var __siftRuntimeMemo = new WeakMap();
function convertToRuntimeValues(input) {
  if (typeof input !== "object" || input === null) return __siftConvert(input);
  let v = __siftRuntimeMemo.get(input);
  if (v === undefined) __siftRuntimeMemo.set(input, (v = __siftConvert(input)));
  return v;
}
var __siftJsonMemo = [new WeakMap(), new WeakMap()];
function toJSON(input, options = {}, depth = 0, convertUndefinedToNull = true) {
  if (depth !== 0 || (input.type !== "ObjectValue" && input.type !== "ArrayValue") || Object.keys(options).length > 0)
    return __siftToJSON(input, options, depth, convertUndefinedToNull);
  const memo = __siftJsonMemo[convertUndefinedToNull ? 1 : 0];
  let s = memo.get(input);
  if (s === undefined) memo.set(input, (s = __siftToJSON(input, options, depth, convertUndefinedToNull)));
  return s;
}
`;
const BARE_FIELDS = /^ {2}(?:value|_builtins);$/gm;
/** Declarations the rewrite expects in @huggingface/jinja 0.5.x; fewer means a different build. */
const MIN_TYPE_FIELDS = 30;

let cached: LoadedJinja | undefined;

function requireHere() {
  // webpackIgnore keeps Next's server bundle from turning the resolve into a module id.
  return createRequire(import.meta.url);
}

export function rewriteClassFields(source: string): {
  code: string;
  typeFields: number;
  bareFields: number;
  memos: boolean;
} {
  let typeFields = 0;
  let bareFields = 0;
  const memos = source.split(CONVERT).length === 2 && source.split(TO_JSON).length === 2;
  const withMemos = memos
    ? source
        .replace(CONVERT, 'function __siftConvert(input) {')
        .replace(TO_JSON, 'function __siftToJSON(input, options = {}, depth = 0, convertUndefinedToNull = true) {') +
      MEMOS
    : source;
  const code = withMemos
    .replace(TYPE_FIELD, (_m, name: string) => {
      typeFields++;
      return `  get type() { return ${name}; }`;
    })
    .replace(BARE_FIELDS, () => {
      bareFields++;
      return '';
    });
  return { code, typeFields, bareFields, memos };
}

function evaluateCommonJs(code: string): JinjaModule {
  const mod = { exports: {} as Record<string, unknown> };
  // The build is self-contained (no require calls); `new Function` runs it in its own scope.
  new Function('module', 'exports', code)(mod, mod.exports);
  return mod.exports as unknown as JinjaModule;
}

/** The Jinja module, loaded once per thread. */
export function loadJinja(): LoadedJinja {
  if (cached) return cached;
  const require = requireHere();
  const file = require.resolve(/* webpackIgnore: true */ '@huggingface/jinja');
  try {
    const { code, typeFields, bareFields } = rewriteClassFields(readFileSync(file, 'utf8'));
    if (typeFields >= MIN_TYPE_FIELDS && bareFields >= 1 && !/\brequire\(/.test(code)) {
      const jinja = evaluateCommonJs(code);
      if (typeof jinja.Template === 'function') return (cached = { jinja, patched: true });
    }
  } catch {
    // Fall through to the package as published.
  }
  return (cached = { jinja: require(/* webpackIgnore: true */ '@huggingface/jinja') as JinjaModule, patched: false });
}

/** The package as published, for tests that compare the two. */
export function loadUnpatchedJinja(): JinjaModule {
  return requireHere()(/* webpackIgnore: true */ '@huggingface/jinja') as JinjaModule;
}
