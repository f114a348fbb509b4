/**
 * Generic secrets: a value assigned to a key that names a secret (`api_key`, `token`, `password`,
 * `client_secret`, ...) and that looks random. Adapted from gitleaks' generic-api-key: its keyword
 * list, its value length (10–150, we allow 200), its entropy threshold (3.5 bits/char) and its
 * allowlist rule that a value of only letters and `_.-` is an identifier, not a secret. Passwords
 * are shorter and human-made, so they need 8 characters and 3.0 bits/char.
 *
 * The key must END in a secret word (`db_password`, `apiKey`, `X-Api-Key`, `HF_TOKEN`), which keeps
 * `max_tokens`, `tokenizer`, `token_count`, `key_id` and `public_key` out. UUIDs and 40/64-digit hex
 * (commit ids, sha256) are look-alikes, never secrets, whatever their key says.
 */
import { shannonEntropy } from './entropy';
import type { SecretKind } from './types';

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'apikey',
  'token',
  'credential',
  'credentials',
]);
/** `key` alone is too common ({"key": "order_id"}); it counts after one of these. */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'auth',
  'signing',
  'encryption',
  'client',
  'master',
]);
/** `*_token` that name counts or vocabulary, not credentials (tokenizer configs, usage blocks). */
const NOT_CREDENTIAL_TOKENS = new Set([
  'max',
  'num',
  'total',
  'completion',
  'prompt',
  'input',
  'output',
  'reasoning',
  'cached',
  'pad',
  'eos',
  'bos',
  'unk',
  'sep',
  'cls',
  'mask',
  'special',
  'public',
  'page',
  'next',
  'continuation',
]);

/** Lower-cased segments of an identifier: snake, kebab, dotted and camelCase. */
function keySegments(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Does this key name a secret? Returns how strict the value check is, or null. */
export function secretKeyClass(key: string): 'password' | 'secret' | null {
  const segs = keySegments(key);
  const last = segs[segs.length - 1];
  const prev = segs[segs.length - 2];
  if (last === undefined) return null;
  if (last === 'password' || last === 'passwd' || last === 'pwd' || last === 'passphrase') return 'password';
  if (last === 'key') return prev !== undefined && KEY_QUALIFIERS.has(prev) ? 'secret' : null;
  if (!SECRET_WORDS.has(last)) return null;
  if (last === 'token' && prev !== undefined && NOT_CREDENTIAL_TOKENS.has(prev)) return null;
  return 'secret';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HASH_HEX = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const PLACEHOLDER =
  /^(?:\$\{?[\w.]+\}?|\{\{.*\}\}|<[^>]*>|%\(?\w*\)?s|\*+|[xX]+|null|none|empty|true|false|undefined)$|example|placeholder|your[_-]|xxxx|\*\*\*|redacted|dummy|changeme/i;

/** Is `value` (under a key of this class) a secret? */
export function isSecretValue(value: string, cls: 'password' | 'secret'): boolean {
  const n = value.length;
  if (n > 200 || n < (cls === 'password' ? 8 : 10)) return false;
  if (/^[a-zA-Z_.-]+$/.test(value) || /^\d+$/.test(value) || /\s/.test(value) || value[0] === '[') return false;
  if (/^(?:https?:)?\/\//.test(value) || value[0] === '/') return false;
  if (UUID.test(value) || HASH_HEX.test(value) || PLACEHOLDER.test(value)) return false;
  return shannonEntropy(value) >= (cls === 'password' ? 3 : 3.5);
}

/** A key can name a secret only if it holds one of these: a cheap test before the exact rule. */
export const KEY_HINT = /key|secret|token|passw|pwd|credential/i;

/** The kind of a secret held under `key`, or null. */
export function keyedSecretKind(key: string, value: string): SecretKind | null {
  if (value.length < 8 || !KEY_HINT.test(key)) return null;
  const cls = secretKeyClass(key);
  if (cls === null || !isSecretValue(value, cls)) return null;
  return /aws.?secret/i.test(key) && /^[A-Za-z0-9/+]{40}$/.test(value) ? 'aws_secret_access_key' : 'generic_secret';
}
