/**
 * Secret scan of one string: one search for every rule's trigger, the rule's sticky pattern at each
 * hit, then the generic key/value rule at each secret word, then AWS secret keys near access key ids.
 */
import { shannonEntropy } from './entropy';
import { alignSpan, followsEscape, isBoundaryBefore, isEscapeStart } from './escapes';
import { KEY_HINT, keyedSecretKind } from './keyed';
import { SECRET_RULES, TOKEN_CHARS, type SecretRule } from './secret-rules';
import { trieRegex } from './trie-regex';
import type { TextFinding } from './types';

const BY_TRIGGER = new Map<string, SecretRule[]>();
for (const r of SECRET_RULES) for (const t of r.triggers) BY_TRIGGER.set(t, [...(BY_TRIGGER.get(t) ?? []), r]);
const TRIGGERS = trieRegex([...BY_TRIGGER.keys()]);
// `sk-ant-` keys also start with `sk-`: try the longer trigger's rules, then the shorter one's.
const SK_ANT = BY_TRIGGER.get('sk-ant-')!;
const SK = BY_TRIGGER.get('sk-')!;

/** Values after the separator: quoted (to the closing quote) or bare (to a delimiter). */
const UNQUOTED_VALUE = /[^\s"'`,;()}\]<>\\]{1,201}/y;

function applyRule(rule: SecretRule, text: string, p: number): [number, number] | null {
  let span: [number, number] | null;
  if (rule.match) span = rule.match(text, p);
  else {
    const re = rule.pattern!;
    re.lastIndex = p;
    const m = re.exec(text);
    if (!m) return null;
    span = m.indices![1] ?? m.indices![0];
    const tail = rule.tail ?? TOKEN_CHARS;
    if (re.lastIndex < text.length && tail.test(text[re.lastIndex]) && !isEscapeStart(text, re.lastIndex)) return null;
  }
  if (!span) return null;
  const secret = text.slice(span[0], span[1]);
  if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return null;
  if (rule.allow?.test(secret) || (rule.validate && !rule.validate(secret))) return null;
  return span;
}

function scanRules(text: string, out: TextFinding[]): void {
  TRIGGERS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TRIGGERS.exec(text))) {
    const p = m.index;
    const rules = m[0] === 'sk-ant-' ? [...SK_ANT, ...SK] : BY_TRIGGER.get(m[0])!;
    for (const rule of rules) {
      if (!rule.anyStart && !isBoundaryBefore(text, p)) break;
      const span = applyRule(rule, text, p);
      if (!span) continue;
      const a = alignSpan(text, span[0], span[1]);
      if (a) out.push({ kind: rule.kind, category: 'secret', rule: rule.id, start: a[0], end: a[1] });
      // A header's token may itself be a provider key (`Bearer sk-proj-…`): keep searching inside it,
      // and let scanText's overlap rule prefer the provider's kind.
      if (rule.kind !== 'bearer_token' && rule.kind !== 'basic_auth')
        TRIGGERS.lastIndex = Math.max(TRIGGERS.lastIndex, span[1]);
      break;
    }
  }
}

const isKeyChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;
const isBlank = (c: number) => c === 32 || c === 9;
const isQuote = (c: number) => c === 34 || c === 39 || c === 96;

/**
 * The key before a separator at `sep`: `key = `, `"key": `, `\"key\": `, `KEY: `. Returns [start, end)
 * or null. Found from the separators rather than by searching for secret words: a string has few
 * `:` and `=`, and a backward step per separator is cheaper than a keyword search over all of it.
 */
function keyBefore(text: string, sep: number): [number, number] | null {
  let e = sep;
  for (let k = 0; k < 5 && e > 0 && isBlank(text.charCodeAt(e - 1)); k++) e--;
  if (e > 0 && isQuote(text.charCodeAt(e - 1))) {
    e--;
    if (e > 0 && text.charCodeAt(e - 1) === 92) e--;
  }
  let s = e;
  while (s > 0 && e - s < 64 && isKeyChar(text.charCodeAt(s - 1)) && !followsEscape(text, s)) s--;
  return s < e ? [s, e] : null;
}

/** [start, end) of the value after the separator ending at `from`, or null. */
function valueAfter(text: string, from: number): [number, number] | null {
  let v = from;
  for (let k = 0; k < 5 && v < text.length && isBlank(text.charCodeAt(v)); k++) v++;
  if (text.charCodeAt(v) === 92 && isQuote(text.charCodeAt(v + 1))) v++;
  const quote = text.charCodeAt(v);
  if (isQuote(quote)) {
    const start = v + 1;
    let end = start;
    while (end < text.length && end - start <= 200) {
      const c = text.charCodeAt(end);
      if (c === quote || c === 92 || c === 10) break;
      end++;
    }
    return end < text.length && (text.charCodeAt(end) === quote || text.charCodeAt(end) === 92) ? [start, end] : null;
  }
  UNQUOTED_VALUE.lastIndex = v;
  if (!UNQUOTED_VALUE.exec(text)) return null;
  // `os.environ.get(…)`, `token_bytes(16)`: code, not a value
  if (text.charCodeAt(UNQUOTED_VALUE.lastIndex) === 40) return null;
  let end = UNQUOTED_VALUE.lastIndex;
  // prose: "your new password: aB3#fG7!kL9@. Please …" ends at the sentence's full stop
  while (end > v && '.,:;!?'.includes(text[end - 1])) end--;
  return [v, end];
}

/** `key = value`, `"key": "value"`, `KEY: value`, `key => value` where the key names a secret. */
function scanKeyed(text: string, out: TextFinding[]): void {
  for (const sepChar of [':', '=']) {
    for (let sep = text.indexOf(sepChar); sep >= 0; sep = text.indexOf(sepChar, sep + 1)) {
      const next = text.charCodeAt(sep + 1);
      // `==`, `:=`'s and `=>`'s second character, `::`: not the separator we are at
      if (sepChar === '=' && (text.charCodeAt(sep - 1) === 58 || text.charCodeAt(sep - 1) === 61)) continue;
      if (sepChar === ':' && (next === 58 || text.charCodeAt(sep - 1) === 58)) continue;
      const key = keyBefore(text, sep);
      if (!key || !KEY_HINT.test(text.slice(key[0], key[1]))) continue;
      const skip = (sepChar === '=' && next === 62) || (sepChar === ':' && next === 61) ? 2 : 1;
      const value = valueAfter(text, sep + skip);
      if (!value) continue;
      const kind = keyedSecretKind(text.slice(key[0], key[1]), text.slice(value[0], value[1]));
      if (kind) out.push({ kind, category: 'secret', rule: 'generic-api-key', start: value[0], end: value[1] });
    }
  }
}

const AWS_SECRET = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const AWS_WINDOW = 300;

/** AWS secret access keys are unprefixed base64; they count only near an access key id. */
function scanAwsSecrets(text: string, out: TextFinding[]): void {
  const ids = out.filter((f) => f.kind === 'aws_access_key_id');
  for (const id of ids) {
    AWS_SECRET.lastIndex = Math.max(0, id.start - AWS_WINDOW);
    const stop = Math.min(text.length, id.end + AWS_WINDOW);
    let m: RegExpExecArray | null;
    while ((m = AWS_SECRET.exec(text)) && m.index < stop) {
      const v = m[0];
      // random 40-character base64 mixes cases and digits; words and paths do not
      if (!/[a-z]/.test(v) || !/[A-Z]/.test(v) || !/\d/.test(v) || shannonEntropy(v) < 4) continue;
      if (out.some((f) => f.start < m!.index + 40 && m!.index < f.end)) continue;
      out.push({
        kind: 'aws_secret_access_key',
        category: 'secret',
        rule: 'aws-secret-near-key-id',
        start: m.index,
        end: m.index + 40,
      });
    }
  }
}

export function scanSecrets(text: string, out: TextFinding[]): void {
  scanRules(text, out);
  scanKeyed(text, out);
  if (out.some((f) => f.kind === 'aws_access_key_id')) scanAwsSecrets(text, out);
}
